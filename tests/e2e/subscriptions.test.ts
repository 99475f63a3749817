import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { admins, subscriptions } from '../../src/db/schema.js';
import { topicsOf } from '../../src/db/subscriptionRepository.js';
import { findLimitViolations } from '../support/blockLimits.js';
import { describeOnBothDatabases } from '../support/databases.js';
import type { FakeHandler } from '../support/fakeSlack.js';
import { type KoersUnderTest, SIGNING_SECRET, startKoersUnderTest } from '../support/koersUnderTest.js';
import { visibleText } from '../support/messageText.js';
import { postToSlackEndpoint, slashCommandBody } from '../support/slackRequests.js';

/** Saturday 20 May 2017: before the whole timeline, so every reminder still lies ahead. */
const BEFORE_THE_TIMELINE = new Date('2017-05-20T10:00:00Z');
const ADMIN = 'UADMIN';
const ADMIN_IN_ENGLISH = 'UADMINEN';
const STORED_ADMIN = 'USTOREDADMIN';
const NOT_AN_ADMIN = 'UMEMBER';

/** What Slack's conversations.info says about a public channel the bot has not joined. */
const publicChannelWithoutBot: FakeHandler = (args) => ({
  body: { ok: true, channel: { id: String(args.channel), is_private: false, is_member: false } },
});
/** A private channel the bot is not in: to the bot it does not exist. */
const privateChannelWithoutBot: FakeHandler = () => ({ body: { ok: false, error: 'channel_not_found' } });

describeOnBothDatabases('subscribing a channel with /project, as Slack sends it', (database) => {
  let app: KoersUnderTest;

  beforeAll(async () => {
    app = await startKoersUnderTest(database(), {
      now: () => BEFORE_THE_TIMELINE,
      config: { ADMIN_USER_IDS: [ADMIN] },
    });
    app.slack.setUserLocale(ADMIN_IN_ENGLISH, 'en-US');
  });
  afterAll(async () => {
    await app?.stop();
  });
  beforeEach(async () => {
    const db = database().handle.db;
    await db.delete(subscriptions);
    await db.delete(admins);
    app.slack.reset();
    app.slack.clearHandlers();
    app.slack.setHandler('conversations.info', publicChannelWithoutBot);
  });

  /** `/project TEXT` typed by a user in a channel; the answer, as the asker reads it. */
  async function ask(text: string, userId: string, channelId: string): Promise<string> {
    const body = slashCommandBody({ text, userId, channelId, responseUrl: app.slack.respondUrl() });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    const payload = response.json as { response_type: string; text: string };
    expect(payload.response_type).toBe('ephemeral');
    expect(findLimitViolations(payload)).toEqual([]);
    return visibleText(payload);
  }

  const joinsOf = (channelId: string) =>
    app.slack.callsTo('conversations.join').filter((call) => call.args.channel === channelId);

  it('lets an admin subscribe a public channel the bot is not in: Koers joins it and plans the reminders', async () => {
    expect(await ask('herinneringen', NOT_AN_ADMIN, 'CPUBLIC')).toContain(
      'Dit kanaal krijgt geen herinneringen',
    );

    const answer = await ask('aanmelden', ADMIN, 'CPUBLIC');
    expect(answer).toContain('Dit kanaal krijgt nu de herinneringen bij elke fase van de tijdlijn');
    expect(joinsOf('CPUBLIC')).toHaveLength(1);

    // Anyone in the channel sees what is coming, dated in Dutch in the programme's time zone.
    const upcoming = await ask('herinneringen', NOT_AN_ADMIN, 'CPUBLIC');
    expect(upcoming).toContain('Komende herinneringen in dit kanaal');
    expect(upcoming).toContain(
      '1 juni 2017 09:00 · *Provinciaal Directieoverleg (PDO): vaststelling strategische kaders* (7 dagen ervoor)',
    );
    expect(upcoming).toContain('7 juni 2017 09:00');
    expect(upcoming).toContain('Gesprekken over visie met Bibliotheken');
  });

  it('tells a channel that gets only the weekly digest that it gets the digest, not that it gets nothing', async () => {
    expect(await ask('aanmelden digest', ADMIN, 'CDIGESTONLY')).toContain('weekoverzicht');
    const answer = await ask('herinneringen', NOT_AN_ADMIN, 'CDIGESTONLY');
    expect(answer).toContain('wel elke maandag om 9:00 het weekoverzicht');
    expect(answer).not.toContain('Dit kanaal krijgt geen herinneringen.');
  });

  it('asks to invite the bot into a private channel it is not in, and subscribes nothing', async () => {
    app.slack.setHandler('conversations.info', privateChannelWithoutBot);

    const answer = await ask('aanmelden', ADMIN, 'GPRIVATE');
    expect(answer).toContain('Nodig de bot eerst uit met `/invite @Koers`');
    expect(app.slack.callsTo('conversations.join')).toEqual([]);
    expect(await ask('herinneringen', ADMIN, 'GPRIVATE')).toContain('Dit kanaal krijgt geen herinneringen');
    expect(await topicsOf(database().handle.db, 'GPRIVATE')).toEqual([]);
  });

  it('politely refuses a user who is not an admin, and changes nothing', async () => {
    const refused = await ask('aanmelden', NOT_AN_ADMIN, 'CREFUSED');
    expect(refused).toContain('Alleen beheerders van het programma kunnen aanmeldingen wijzigen');
    expect(app.slack.callsTo('conversations.join')).toEqual([]);
    expect(await ask('herinneringen', NOT_AN_ADMIN, 'CREFUSED')).toContain(
      'Dit kanaal krijgt geen herinneringen',
    );

    await ask('aanmelden', ADMIN, 'CREFUSED');
    expect(await ask('afmelden', NOT_AN_ADMIN, 'CREFUSED')).toContain(
      'Alleen beheerders van het programma kunnen aanmeldingen wijzigen',
    );
    expect(await ask('herinneringen', NOT_AN_ADMIN, 'CREFUSED')).toContain('1 juni 2017 09:00');
    expect(await topicsOf(database().handle.db, 'CREFUSED')).toEqual(['reminders']);
  });

  it('lets an admin kept in the database subscribe, without a restart', async () => {
    expect(await ask('aanmelden', STORED_ADMIN, 'CSTORED')).toContain('Alleen beheerders');

    await database().handle.db.insert(admins).values({ userId: STORED_ADMIN, addedBy: ADMIN });
    expect(await ask('aanmelden', STORED_ADMIN, 'CSTORED')).toContain(
      'Dit kanaal krijgt nu de herinneringen',
    );
    expect(await ask('herinneringen', NOT_AN_ADMIN, 'CSTORED')).toContain('1 juni 2017 09:00');
  });

  it('subscribes the weekly digest alone with `/project subscribe digest`', async () => {
    expect(await ask('subscribe digest', ADMIN, 'CDIGEST')).toContain(
      'Dit kanaal krijgt nu elke maandag om 9:00 het weekoverzicht',
    );
    expect(await topicsOf(database().handle.db, 'CDIGEST')).toEqual(['digest']);
    // The digest alone brings no phase reminders.
    expect(await ask('herinneringen', NOT_AN_ADMIN, 'CDIGEST')).toContain(
      'Dit kanaal krijgt geen herinneringen',
    );
    expect(await ask('subscribe digest', ADMIN, 'CDIGEST')).toContain(
      'Dit kanaal krijgt het weekoverzicht al',
    );

    // With the reminders as well, the list of reminders mentions the digest too.
    await ask('aanmelden', ADMIN, 'CDIGEST');
    expect(await ask('herinneringen', NOT_AN_ADMIN, 'CDIGEST')).toContain(
      'Dit kanaal krijgt ook het weekoverzicht (maandag 9:00)',
    );
  });

  it('says so when a channel is subscribed twice, and ends the reminders with `/project afmelden`', async () => {
    expect(await ask('aanmelden', ADMIN, 'CTWICE')).toContain('Dit kanaal krijgt nu de herinneringen');
    expect(await ask('aanmelden', ADMIN, 'CTWICE')).toContain('Dit kanaal krijgt de herinneringen al');
    await ask('aanmelden digest', ADMIN, 'CTWICE');

    expect(await ask('afmelden', ADMIN, 'CTWICE')).toContain('Dit kanaal krijgt geen herinneringen meer');
    expect(await ask('herinneringen', NOT_AN_ADMIN, 'CTWICE')).toContain(
      'Dit kanaal krijgt geen herinneringen',
    );
    // Only the reminders ended: the digest stays until it is unsubscribed by name.
    expect(await topicsOf(database().handle.db, 'CTWICE')).toEqual(['digest']);
    expect(await ask('afmelden', ADMIN, 'CTWICE')).toContain('Dit kanaal krijgt geen herinneringen.');
    expect(await ask('afmelden digest', ADMIN, 'CTWICE')).toContain(
      'Dit kanaal krijgt het weekoverzicht niet meer',
    );
    expect(await topicsOf(database().handle.db, 'CTWICE')).toEqual([]);
  });

  it('refuses to subscribe a direct message: reminders go to channels', async () => {
    const answer = await ask('aanmelden', ADMIN, 'D0123DM');
    expect(answer).toContain('gebruik dit commando in een kanaal, niet in een privébericht');
    expect(app.slack.callsTo('conversations.info')).toEqual([]);
    expect(app.slack.callsTo('conversations.join')).toEqual([]);
    expect(await topicsOf(database().handle.db, 'D0123DM')).toEqual([]);
  });

  it('answers an admin whose Slack is in English in English', async () => {
    await database().handle.db.insert(admins).values({ userId: ADMIN_IN_ENGLISH, addedBy: ADMIN });

    expect(await ask('subscribe', ADMIN_IN_ENGLISH, 'CENGLISH')).toContain(
      'This channel now gets a reminder for every phase of the timeline',
    );
    expect(joinsOf('CENGLISH')).toHaveLength(1);
    const upcoming = await ask('reminders', ADMIN_IN_ENGLISH, 'CENGLISH');
    expect(upcoming).toContain('Upcoming reminders in this channel');
    expect(upcoming).toContain('1 June 2017 09:00');
    expect(upcoming).toContain('7 days before');
    expect(await ask('subscribe', ADMIN_IN_ENGLISH, 'CENGLISH')).toContain(
      'This channel already gets the reminders',
    );
    expect(await ask('unsubscribe', ADMIN_IN_ENGLISH, 'CENGLISH')).toContain(
      'This channel no longer gets reminders',
    );
    expect(await ask('subscribe', ADMIN_IN_ENGLISH, 'D0456DM')).toContain('use this command in a channel');

    app.slack.setHandler('conversations.info', privateChannelWithoutBot);
    expect(await ask('subscribe', ADMIN_IN_ENGLISH, 'GENGLISH')).toContain(
      'Invite the bot first with `/invite @Koers`',
    );
  });
});
