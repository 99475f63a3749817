import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { findIdea } from '../../src/db/ideaRepository.js';
import { listOwedMessages } from '../../src/db/outboxRepository.js';
import { linkProjectChannel } from '../../src/db/projectRepository.js';
import { ideas, outbox, projects } from '../../src/db/schema.js';
import { describeOnBothDatabases } from '../support/databases.js';
import type { FakeCall, FakeSlack } from '../support/fakeSlack.js';
import { type KoersUnderTest, SIGNING_SECRET, startKoersUnderTest } from '../support/koersUnderTest.js';
import { visibleText } from '../support/messageText.js';
import {
  blockActionBody,
  eventBody,
  postToSlackEndpoint,
  slashCommandBody,
  viewSubmissionBody,
} from '../support/slackRequests.js';
import { openedMetadata } from '../support/views.js';

/*
 * Every message Koers owes someone after it has answered Slack (an idea to the admins, a decision to
 * the proposer, an update to its linked channel) is written with what it is about and sent through
 * the outbox: retried while Slack's Web API is away, and sent once whichever instance sends it.
 */

const ADMINS = ['UADMIN', 'UADMINEN'];
const PROPOSER = 'UPROPOSER';
const MEMBER = 'UMEMBER';
const CHANNEL = 'CUPDATES';
/** Longer than the listener's own retries (three tries within about 3.5 s) ever waited. */
const SLACK_AWAY_MS = 5_000;
/** Short waits between the outbox's attempts, so the test need not wait the app's 10 s, 30 s … */
const OUTBOX = { retryDelaysMs: Array.from({ length: 60 }, () => 250), poster: { backoffMs: 20 } };
const METHODS = ['chat.postMessage', 'conversations.open', 'users.info'];

function slackAway(slack: FakeSlack): void {
  for (const method of METHODS) slack.setHandler(method, () => ({ status: 503 }));
}

/** The posts Slack accepted (a 503 is no message). */
const delivered = (slack: FakeSlack, channel: string): FakeCall[] =>
  slack.callsTo('chat.postMessage').filter((call) => call.status === 200 && call.args.channel === channel);

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; ) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('not within time');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const IDEA_FORM = {
  title: { value: { type: 'plain_text_input', value: 'Bibliotheek aan huis' } },
  description: { value: { type: 'plain_text_input', value: 'Boeken bezorgen aan huis.' } },
  theme: { value: { type: 'plain_text_input', value: null } },
  libraries: { value: { type: 'multi_static_select', selected_options: [] } },
};

describeOnBothDatabases('the outbox: messages owed after an ack', (database) => {
  let app: KoersUnderTest;

  beforeAll(async () => {
    app = await startKoersUnderTest(database(), {
      config: { ADMIN_USER_IDS: ADMINS },
      outbox: OUTBOX,
    });
    app.slack.setUserLocale('UADMINEN', 'en-US');
  });
  afterAll(async () => {
    await app?.stop();
  });
  beforeEach(async () => {
    app.slack.clearHandlers();
    await app.koers.drainOutbox();
    const db = database().handle.db;
    await db.delete(outbox);
    await db.delete(ideas);
    await db.update(projects).set({ linkedChannelId: null });
    app.slack.reset();
  });

  async function submitIdea(to: KoersUnderTest = app) {
    const body = viewSubmissionBody({
      callbackId: 'idea',
      userId: PROPOSER,
      privateMetadata: openedMetadata('idea', PROPOSER),
      values: IDEA_FORM as never,
    });
    const response = await postToSlackEndpoint(to.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    return response.json as { response_action: string; view?: unknown };
  }

  async function command(text: string, userId: string, channelId = 'C0INNOVATIE') {
    const body = slashCommandBody({ text, userId, channelId, responseUrl: app.slack.respondUrl() });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    return visibleText(response.json);
  }

  it("sends each admin exactly one direct message once Slack's API is back, though it was away at the submission", async () => {
    slackAway(app.slack);
    const answer = await submitIdea();
    expect(answer.response_action).toBe('update');
    // The confirmation says what will happen, and it does.
    expect(visibleText(answer.view)).toContain('De beheerders krijgen het in een direct bericht');
    await sleep(SLACK_AWAY_MS);
    expect(delivered(app.slack, 'DUADMIN')).toHaveLength(0);
    app.slack.clearHandlers();

    await eventually(() => ADMINS.every((admin) => delivered(app.slack, `D${admin}`).length > 0));
    await sleep(1_000);
    for (const admin of ADMINS) expect(delivered(app.slack, `D${admin}`)).toHaveLength(1);
    expect(visibleText(delivered(app.slack, 'DUADMINEN')[0]!.args)).toContain('Approve');
    // Remembered, so that a decision updates both messages.
    const [idea] = await database().handle.db.select().from(ideas);
    expect(idea!.adminMessages.map((message) => message.channel).sort()).toEqual(['DUADMIN', 'DUADMINEN']);
    const owed = await listOwedMessages(database().handle.db);
    expect(owed.map((message) => message.status)).toEqual(['sent', 'sent']);
    expect(owed.every((message) => message.attempts > 1)).toBe(true);
  }, 30_000);

  it('posts an update in the linked channel once Slack is back, though it was away at the submission', async () => {
    await linkProjectChannel(database().handle.db, 'effectmeting', CHANNEL);
    slackAway(app.slack);
    const body = viewSubmissionBody({
      callbackId: 'project_update',
      userId: 'UADMIN',
      privateMetadata: openedMetadata('project_update', 'UADMIN', JSON.stringify({ slug: 'effectmeting' })),
      values: {
        status: {
          value: {
            type: 'static_select',
            selected_option: { value: 'running', text: { type: 'plain_text', text: 'running' } },
          },
        },
        note: { value: { type: 'plain_text_input', value: 'Tweede meting gedaan.' } },
        milestone: { value: { type: 'datepicker', selected_date: null } },
      } as never,
    });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect((response.json as { response_action: string }).response_action).toBe('update');
    await sleep(SLACK_AWAY_MS);
    app.slack.clearHandlers();

    await eventually(() => delivered(app.slack, CHANNEL).length > 0);
    await sleep(1_000);
    const posts = delivered(app.slack, CHANNEL);
    expect(posts).toHaveLength(1);
    expect(visibleText(posts[0]!.args)).toContain('Tweede meting gedaan.');
  }, 30_000);

  it('tells the proposer of the decision once Slack is back, though it was away at the click', async () => {
    await submitIdea();
    await eventually(() => ADMINS.every((admin) => delivered(app.slack, `D${admin}`).length > 0));
    const [idea] = await database().handle.db.select().from(ideas);

    slackAway(app.slack);
    const responseUrl = app.slack.respondUrl();
    const click = blockActionBody({
      actionId: 'idea_approve',
      value: String(idea!.id),
      userId: 'UADMIN',
      responseUrl,
      channelId: 'DUADMIN',
      container: { type: 'message', message_ts: '1.1', channel_id: 'DUADMIN', is_ephemeral: false },
    });
    expect((await postToSlackEndpoint(app.baseUrl, click, { signingSecret: SIGNING_SECRET })).status).toBe(
      200,
    );
    await eventually(async () => (await findIdea(database().handle.db, idea!.id))?.status === 'approved');
    await sleep(SLACK_AWAY_MS);
    expect(delivered(app.slack, `D${PROPOSER}`)).toHaveLength(0);
    app.slack.clearHandlers();

    await eventually(() => delivered(app.slack, `D${PROPOSER}`).length > 0);
    await sleep(1_000);
    const told = delivered(app.slack, `D${PROPOSER}`);
    expect(told).toHaveLength(1);
    expect(visibleText(told[0]!.args)).toContain('is goedgekeurd');
  }, 30_000);

  it('does not send a direct message twice when Slack took the first post but its answer was lost', async () => {
    // The first post to this admin lands, then the connection drops; the look-up for it right after
    // fails too, so that claim ends not knowing. The next claim must find the post, not post again.
    let postsToAdmin = 0;
    let lookUps = 0;
    app.slack.setHandler('chat.postMessage', (args) =>
      args.channel === 'DUADMIN' && postsToAdmin++ === 0 ? { hangUp: true } : undefined,
    );
    app.slack.setHandler('conversations.history', (args) =>
      args.channel === 'DUADMIN' && lookUps++ === 0 ? { status: 503 } : undefined,
    );
    await submitIdea();
    await eventually(async () =>
      (await listOwedMessages(database().handle.db)).every((message) => message.status === 'sent'),
    );
    await sleep(1_000);
    expect(app.slack.messagesIn('DUADMIN')).toHaveLength(1);
    expect(lookUps).toBeGreaterThan(1);
    const owed = await listOwedMessages(database().handle.db);
    const toAdmin = owed.find((message) => message.recipient === 'UADMIN')!;
    expect(toAdmin.attempts).toBeGreaterThan(1);
    // The found post is the one a decision updates.
    const [idea] = await database().handle.db.select().from(ideas);
    const remembered = idea!.adminMessages.find((message) => message.userId === 'UADMIN')!;
    expect(remembered.ts).toBe(app.slack.messagesIn('DUADMIN')[0]!.ts);
  }, 30_000);

  it('sends each direct message once when two instances drain the outbox at the same time', async () => {
    const second = await startKoersUnderTest(database(), {
      withExample: false,
      slack: app.slack,
      config: { ADMIN_USER_IDS: ADMINS },
      outbox: OUTBOX,
    });
    try {
      slackAway(app.slack);
      await submitIdea();
      await eventually(async () =>
        (await listOwedMessages(database().handle.db)).every((message) => message.attempts > 0),
      );
      // Back, but slow: whoever claims a message holds it while the other instance drains.
      app.slack.clearHandlers();
      app.slack.setHandler('chat.postMessage', () => ({ delayMs: 1_000 }));
      await Promise.all([
        app.koers.drainOutbox(),
        second.koers.drainOutbox(),
        app.koers.drainOutbox(),
        second.koers.drainOutbox(),
      ]);
      await eventually(() => ADMINS.every((admin) => delivered(app.slack, `D${admin}`).length > 0));
      await sleep(1_500);
      for (const admin of ADMINS) expect(delivered(app.slack, `D${admin}`)).toHaveLength(1);
    } finally {
      // The Slack stand-in is the first app's: closed with it, not here.
      await second.koers.stop();
    }
  }, 30_000);

  it('gives up after the last attempt and shows the admins what was not delivered', async () => {
    await linkProjectChannel(database().handle.db, 'effectmeting', 'CGONE');
    app.slack.setHandler('chat.postMessage', (args) =>
      args.channel === 'CGONE' ? { body: { ok: false, error: 'channel_not_found' } } : undefined,
    );
    const body = viewSubmissionBody({
      callbackId: 'project_update',
      userId: 'UADMIN',
      privateMetadata: openedMetadata('project_update', 'UADMIN', JSON.stringify({ slug: 'effectmeting' })),
      values: {
        status: {
          value: {
            type: 'static_select',
            selected_option: { value: 'running', text: { type: 'plain_text', text: 'running' } },
          },
        },
        note: { value: { type: 'plain_text_input', value: 'Nergens te zien.' } },
        milestone: { value: { type: 'datepicker', selected_date: null } },
      } as never,
    });
    await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    await eventually(async () =>
      (await listOwedMessages(database().handle.db)).some((message) => message.status === 'failed'),
    );
    const list = await command('ideeën', 'UADMIN');
    expect(list).toContain('Niet bezorgd');
    expect(list).toContain('<#CGONE>');
    expect(list).toContain('channel_not_found');
    const [project] = await database()
      .handle.db.select()
      .from(projects)
      .where(eq(projects.slug, 'effectmeting'));
    expect(project!.status).toBe('running');
  });

  it('lists the ideas waiting for a decision to admins with /project ideeën, in Dutch and English', async () => {
    expect(await command('ideeën', 'UADMIN')).toContain('Er wachten geen ideeën op een besluit');
    await submitIdea();
    const dutch = await command('ideeën', 'UADMIN');
    expect(dutch).toContain('Ideeën die wachten op een besluit (1)');
    expect(dutch).toContain('Bibliotheek aan huis');
    expect(dutch).toContain(`<@${PROPOSER}>`);
    const english = await command('ideas', 'UADMINEN');
    expect(english).toContain('Ideas waiting for a decision (1)');
    expect(await command('ideeën', MEMBER)).toContain('Dat mogen alleen de beheerders');
    // The idea form is still /project idee.
    expect(await command('idee', MEMBER)).not.toContain('Ideeën die wachten');
  });

  it("shows the ideas waiting and what was not delivered on the admins' Home, not on a member's", async () => {
    await submitIdea();
    await linkProjectChannel(database().handle.db, 'effectmeting', 'CGONE');
    app.slack.setHandler('chat.postMessage', (args) =>
      args.channel === 'CGONE' ? { body: { ok: false, error: 'channel_not_found' } } : undefined,
    );
    await database()
      .handle.db.insert(outbox)
      .values({
        kind: 'project_update_post',
        recipient: 'CGONE',
        payload: {
          projectName: 'Effectmeting',
          status: 'running',
          note: 'x',
          nextMilestone: null,
          authorId: 'U1',
        },
        dedupeKey: 'home-test',
      });
    await app.koers.drainOutbox();
    await eventually(async () =>
      (await listOwedMessages(database().handle.db)).some((message) => message.status === 'failed'),
    );
    const home = async (userId: string) => {
      const before = app.slack.callsTo('views.publish').length;
      const body = eventBody({
        event: { type: 'app_home_opened', user: userId, channel: `D${userId}`, tab: 'home', event_ts: '1.0' },
      });
      expect((await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET })).status).toBe(
        200,
      );
      const [published] = (await app.slack.waitForCalls('views.publish', before + 1)).slice(before);
      return visibleText(published!.args.view);
    };
    const admin = await home('UADMIN');
    expect(admin).toContain('Ideeën die wachten op een besluit (1)');
    expect(admin).toContain('Bibliotheek aan huis');
    expect(admin).toContain('Niet bezorgd');
    expect(admin).toContain('channel_not_found');
    const member = await home(MEMBER);
    expect(member).not.toContain('Ideeën die wachten');
    expect(member).not.toContain('Niet bezorgd');

    // Approved from the Home: the Home is published again, without the idea waiting.
    const [idea] = await database().handle.db.select().from(ideas);
    const before = app.slack.callsTo('views.publish').length;
    const click = blockActionBody({
      actionId: 'idea_approve',
      value: String(idea!.id),
      userId: 'UADMIN',
      view: { id: 'VHOME', type: 'home' },
    });
    expect((await postToSlackEndpoint(app.baseUrl, click, { signingSecret: SIGNING_SECRET })).status).toBe(
      200,
    );
    const [republished] = (await app.slack.waitForCalls('views.publish', before + 1)).slice(before);
    expect(visibleText(republished!.args.view)).toContain('Ideeën die wachten op een besluit (0)');
    expect((await findIdea(database().handle.db, idea!.id))?.status).toBe('approved');
  });
});
