import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { listOverviews } from '../../src/db/overviewRepository.js';
import { setLibraryOf } from '../../src/db/peopleRepository.js';
import { importProgramme, loadProgramme } from '../../src/db/programmeRepository.js';
import { channelOverviews, feedbackResponses, subscriptions, userLibraries } from '../../src/db/schema.js';
import { createLogger } from '../../src/logger.js';
import { createOverviewWorker } from '../../src/scheduler/overviewWorker.js';
import { findLimitViolations } from '../support/blockLimits.js';
import { describeOnBothDatabases } from '../support/databases.js';
import type { FakeHandler } from '../support/fakeSlack.js';
import { feedbackFormState } from '../support/feedbackForm.js';
import {
  BOT_TOKEN,
  importExample,
  type KoersUnderTest,
  SIGNING_SECRET,
  startKoersUnderTest,
} from '../support/koersUnderTest.js';
import { visibleText } from '../support/messageText.js';
import {
  eventBody,
  postToSlackEndpoint,
  slashCommandBody,
  viewSubmissionBody,
} from '../support/slackRequests.js';
import { openedMetadata } from '../support/views.js';

/** Wednesday 20 September 2017: feedback on the draft vision is open, due Friday 29 September. */
const DURING = new Date('2017-09-20T10:00:00Z');
const ADMIN = 'UADMIN';
const CHANNEL = 'CPROGRAMME';
const AVV = 'Bibliotheek Angstel, Vecht en Venen';

const memberChannel: FakeHandler = (args) => ({
  body: { ok: true, channel: { id: String(args.channel), is_private: false, is_member: true } },
});

describeOnBothDatabases('the live overview in each programme channel', (database) => {
  let app: KoersUnderTest;
  let clock = DURING;

  beforeAll(async () => {
    app = await startKoersUnderTest(database(), {
      now: () => clock,
      config: { ADMIN_USER_IDS: [ADMIN] },
      overview: { debounceMs: 0, retryMs: 0, canvas: false },
    });
  });
  afterAll(async () => {
    await app?.stop();
  });
  beforeEach(async () => {
    const db = database().handle.db;
    clock = DURING;
    // A refresh the previous test set off is done with before its rows and Slack's record are cleared.
    await app.koers.refreshOverviews();
    await db.delete(subscriptions);
    await db.delete(channelOverviews);
    await db.delete(feedbackResponses);
    await db.delete(userLibraries);
    await importExample(database());
    await setLibraryOf(db, 'UAVV', 'AVV', 'test', new Date());
    app.slack.reset();
    app.slack.clearHandlers();
    app.slack.setHandler('conversations.info', memberChannel);
  });

  async function ask(text: string, userId = ADMIN, channelId = CHANNEL): Promise<string> {
    const body = slashCommandBody({ text, userId, channelId, responseUrl: app.slack.respondUrl() });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    return visibleText(response.json);
  }

  /** Waits for the background refresh a change kicked off, then runs one more (the tests' "later"). */
  async function settled(): Promise<void> {
    await app.koers.refreshOverviews();
    await app.koers.refreshOverviews();
  }

  const overviewPosts = () =>
    app.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === CHANNEL);
  const edits = () => app.slack.callsTo('chat.update').filter((call) => call.args.channel === CHANNEL);
  const shown = () => {
    const [message] = app.slack.messagesIn(CHANNEL).slice(-1);
    return message ? visibleText(message) : '';
  };
  const owedLine = (text: string) => text.split('\n').find((line) => line.includes(`${AVV}*:`)) ?? '';

  async function subscribed(): Promise<void> {
    await ask('aanmelden');
    await app.slack.waitForCalls('pins.add', 1);
    await settled();
  }

  it('posts the overview once and pins it when a channel subscribes, in Dutch, within Slack’s limits', async () => {
    await subscribed();
    expect(overviewPosts()).toHaveLength(1);
    const [post] = overviewPosts();
    expect(findLimitViolations(post!.args)).toEqual([]);
    const [message] = app.slack.messagesIn(CHANNEL);
    expect(app.slack.pinsIn(CHANNEL)).toEqual([message!.ts]);
    const text = shown();
    expect(text).toContain('Overzicht ·');
    expect(text).toContain('nu bezig: *Feedback op visie retour aan BiSC*');
    expect(text).toContain('Nog *9 dagen* tot Feedback op visie retour aan BiSC');
    expect(text).toContain('Projecten per status');
    expect(owedLine(text)).toContain('feedback op Feedback op visie retour aan BiSC');

    // Nothing changed: a later refresh edits nothing.
    await settled();
    expect(edits()).toHaveLength(0);
    expect(overviewPosts()).toHaveLength(1);
    const [row] = await listOverviews(database().handle.db);
    expect(row).toMatchObject({ channelId: CHANNEL, messageTs: message!.ts, pinned: true, dirty: false });
  });

  it('is edited in place after a feedback submission: the library no longer owes feedback', async () => {
    await subscribed();
    const body = viewSubmissionBody({
      callbackId: 'feedback',
      userId: 'UAVV',
      privateMetadata: openedMetadata('feedback', 'UAVV', JSON.stringify({ phaseId: 'feedback-visie' })),
      values: feedbackFormState({ judgement: 'agree', library: 'AVV' }) as never,
    });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect((response.json as { response_action: string }).response_action).toBe('update');
    await app.slack.waitForCalls('chat.update', 1);
    await settled();
    expect(edits()).toHaveLength(1);
    expect(overviewPosts()).toHaveLength(1);
    expect(findLimitViolations(edits()[0]!.args)).toEqual([]);
    expect(owedLine(shown())).not.toContain('feedback op');
    expect(shown()).toContain('1 van de');
  });

  it('is edited after an import that changes a project’s status', async () => {
    await subscribed();
    const db = database().handle.db;
    const programme = (await loadProgramme(db))!;
    const project = programme.projects.find((candidate) => candidate.status === 'running')!;
    expect(shown()).not.toContain(`Gepauzeerd (1)`);
    await importProgramme(
      db,
      {
        ...programme,
        projects: programme.projects.map((candidate) =>
          candidate.slug === project.slug ? { ...candidate, status: 'paused' } : candidate,
        ),
      },
      { now: DURING },
    );
    // An import from the CLI reaches the app through the database's notification: refreshed within seconds.
    await app.slack.waitForCalls('chat.update', 1);
    await settled();
    expect(edits()).toHaveLength(1);
    expect(shown()).toContain('Gepauzeerd');
  });

  it('two instances refreshing at once make exactly one edit', async () => {
    await subscribed();
    const db = database().handle.db;
    // Changed by the clock alone (the next day, which the two instances' clocks have reached and this
    // app's has not, so that only the two race for it).
    const nextDay = new Date(DURING.getTime() + 24 * 60 * 60 * 1000);
    await db.update(channelOverviews).set({ staleAt: nextDay, contentHash: 'stale' });
    const worker = (instanceId: string) =>
      createOverviewWorker({
        db,
        logger: createLogger('silent'),
        botToken: BOT_TOKEN,
        slackApiUrl: app.slack.apiUrl,
        defaultLocale: 'nl',
        now: () => nextDay,
        options: { instanceId, debounceMs: 60_000, canvas: false },
      });
    const [first, second] = await Promise.all([worker('one').refresh(), worker('two').refresh()]);
    expect([...first.refreshed, ...second.refreshed]).toEqual([CHANNEL]);
    expect(edits()).toHaveLength(1);
  });

  it('does not post a second overview when Slack took the first but its answer was lost', async () => {
    // The first post of the overview lands in the channel, and the connection drops before the answer.
    app.slack.setHandler('chat.postMessage', (args, index) =>
      args.channel === CHANNEL && index === 0 ? { hangUp: true } : undefined,
    );
    await ask('aanmelden');
    await app.slack.waitForCalls('chat.postMessage', 1);
    await settled();
    await app.slack.waitForCalls('pins.add', 1);
    await settled();
    const messages = app.slack.messagesIn(CHANNEL);
    expect(messages).toHaveLength(1);
    expect(app.slack.pinsIn(CHANNEL)).toEqual([messages[0]!.ts]);
    const [row] = await listOverviews(database().handle.db);
    expect(row).toMatchObject({ messageTs: messages[0]!.ts, pinned: true, dirty: false });
  });

  it('posts and pins a new overview when someone deleted it', async () => {
    await subscribed();
    const [old] = app.slack.messagesIn(CHANNEL);
    app.slack.deleteMessage(CHANNEL, old!.ts);
    await database().handle.db.update(channelOverviews).set({ dirty: true, contentHash: 'stale' });
    await settled();
    expect(edits().map((call) => call.status)).toEqual([200]);
    expect(overviewPosts()).toHaveLength(2);
    const [fresh] = app.slack.messagesIn(CHANNEL);
    expect(fresh!.ts).not.toBe(old!.ts);
    expect(app.slack.pinsIn(CHANNEL)).toEqual([fresh!.ts]);
  });

  it('retries after a 429, later, and records it meanwhile', async () => {
    await subscribed();
    app.slack.setHandler('chat.update', (_args, index) =>
      index === 0 ? { status: 429, headers: { 'retry-after': '1' } } : undefined,
    );
    await database().handle.db.update(channelOverviews).set({ dirty: true, contentHash: 'stale' });
    void app.koers.refreshOverviews();
    await app.slack.waitForCalls('chat.update', 1);
    await settled();
    const [waiting] = await listOverviews(database().handle.db);
    expect(waiting).toMatchObject({ dirty: true });
    expect(waiting!.lastError).toContain('rate limited');
    // The refresher wakes itself once the Retry-After has passed.
    const updates = await app.slack.waitForCalls('chat.update', 2, 5_000);
    expect(updates.map((call) => call.status)).toEqual([429, 200]);
    await settled();
    const [done] = await listOverviews(database().handle.db);
    expect(done).toMatchObject({ dirty: false, lastError: null });
  });
  it('/project overzicht posts it anew and pins it, unpinning the old one', async () => {
    await subscribed();
    const [old] = app.slack.messagesIn(CHANNEL);
    expect(await ask('overzicht', 'UMEMBER')).toContain('Koers plaatst het overzicht zo opnieuw');
    await app.slack.waitForCalls('pins.remove', 1);
    await settled();
    expect(overviewPosts()).toHaveLength(2);
    const messages = app.slack.messagesIn(CHANNEL);
    expect(messages).toHaveLength(2);
    expect(app.slack.pinsIn(CHANNEL)).toEqual([messages[1]!.ts]);
    expect(messages[1]!.ts).not.toBe(old!.ts);
  });

  it('lets an admin switch the overview off (unpinned, no longer edited) and on; a member is told politely', async () => {
    await subscribed();
    expect(await ask('overzicht uit', 'UMEMBER')).toContain(
      'Alleen beheerders van het programma kunnen het overzicht aan- of uitzetten',
    );
    expect(await ask('overview off')).toContain('Koers houdt in dit kanaal geen overzicht meer bij');
    await app.slack.waitForCalls('pins.remove', 1);
    await settled();
    expect(app.slack.pinsIn(CHANNEL)).toEqual([]);
    // Posting it anew does not switch it back on: that is for an admin.
    expect(await ask('overzicht', 'UMEMBER')).toContain('Het overzicht staat in dit kanaal uit');
    await settled();
    expect(overviewPosts()).toHaveLength(1);
    // A submission while it is off edits nothing.
    await setLibraryOf(database().handle.db, 'UAVV', 'AVV', 'test', new Date());
    await database().handle.db.update(channelOverviews).set({ dirty: true });
    await settled();
    expect(edits()).toHaveLength(0);

    expect(await ask('overzicht aan')).toContain('Koers houdt in dit kanaal weer het overzicht bij');
    await settled();
    expect(overviewPosts()).toHaveLength(2);
    expect(app.slack.pinsIn(CHANNEL)).toHaveLength(1);
  });

  it('pins the overview again when someone unpinned it (the pin_removed event)', async () => {
    await subscribed();
    const [message] = app.slack.messagesIn(CHANNEL);
    app.slack.unpin(CHANNEL, message!.ts);
    const body = eventBody({
      event: {
        type: 'pin_removed',
        user: 'UMEMBER',
        channel_id: CHANNEL,
        item: { type: 'message', channel: CHANNEL, message: { ts: message!.ts, text: '' } },
        has_pins: false,
        event_ts: '1505901600.000100',
      },
    });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    await app.slack.waitForCalls('pins.add', 2);
    await settled();
    expect(app.slack.pinsIn(CHANNEL)).toEqual([message!.ts]);
    expect(overviewPosts()).toHaveLength(1);
  });
  it('changes by the clock alone: the next day, the scheduler’s tick edits the countdown', async () => {
    await subscribed();
    expect(shown()).toContain('Nog *9 dagen*');
    clock = new Date('2017-09-20T21:59:00Z');
    await settled();
    expect(edits()).toHaveLength(0);
    // Midnight in Amsterdam: a day less to go.
    clock = new Date('2017-09-20T22:01:00Z');
    await settled();
    expect(edits()).toHaveLength(1);
    expect(shown()).toContain('Nog *8 dagen*');
  });
  it('after a 429 holds the other channels’ edits too, until the Retry-After has passed', async () => {
    await subscribed();
    await ask('aanmelden', ADMIN, 'CSECOND');
    await app.slack.waitForCalls('pins.add', 2);
    await settled();
    app.slack.setHandler('chat.update', (_args, index) =>
      index === 0 ? { status: 429, headers: { 'retry-after': '1' } } : undefined,
    );
    await database().handle.db.update(channelOverviews).set({ dirty: true, contentHash: 'stale' });
    void app.koers.refreshOverviews();
    await app.slack.waitForCalls('chat.update', 1);
    await settled();
    // One refused edit, and no second one run straight into the same limit.
    expect(app.slack.callsTo('chat.update')).toHaveLength(1);
    const rows = await listOverviews(database().handle.db);
    expect(rows.map((row) => row.dirty)).toEqual([true, true]);
    const updates = await app.slack.waitForCalls('chat.update', 3, 5_000);
    expect(updates.map((call) => call.status)).toEqual([429, 200, 200]);
    expect(new Set(updates.slice(1).map((call) => call.args.channel))).toEqual(new Set([CHANNEL, 'CSECOND']));
  });
});
