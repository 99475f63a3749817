import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { claimDue, listDeliveries } from '../../src/db/deliveryRepository.js';
import { addFeedback } from '../../src/db/feedbackRepository.js';
import { importProgramme, loadProgramme } from '../../src/db/programmeRepository.js';
import { deliveries, feedbackResponses, subscriptions } from '../../src/db/schema.js';
import { subscribe } from '../../src/db/subscriptionRepository.js';
import { runTick } from '../../src/scheduler/reminderWorker.js';
import { findLimitViolations } from '../support/blockLimits.js';
import { describeOnBothDatabases } from '../support/databases.js';
import { type FakeSlack, startFakeSlack } from '../support/fakeSlack.js';
import { importExample } from '../support/koersUnderTest.js';
import { visibleText } from '../support/messageText.js';
import { expectEverySlackPayloadValid } from '../support/payloads.js';
import { postedReminders, workerFor } from '../support/schedulerUnderTest.js';

/*
 * The example programme's PDO meeting is Thursday 8 June 2017 with reminders P7D and P1D:
 * due Thursday 1 June and Wednesday 7 June 2017, 09:00 Amsterdam = 07:00Z. What is due, planned,
 * skipped and posted once, and what waits at least so long (a lease running out, Retry-After): none
 * of it needs the machine to itself, so this file runs beside the others (the poster's pacing is
 * reminders.test.ts, run alone).
 */
const PDO_P7D_DUE = new Date('2017-06-01T07:00:00Z');
const PDO_P1D_DUE = new Date('2017-06-07T07:00:00Z');
const minutes = (n: number) => n * 60 * 1000;
const at = (base: Date, offsetMs: number) => new Date(base.getTime() + offsetMs);

describeOnBothDatabases('timeline reminders, due and posted once', (database) => {
  let slack: FakeSlack;

  beforeAll(async () => {
    slack = await startFakeSlack();
    await importExample(database());
  });
  afterAll(async () => {
    await slack?.close();
  });
  afterEach(() => {
    expectEverySlackPayloadValid(slack);
  });
  beforeEach(async () => {
    const db = database().handle.db;
    await db.delete(deliveries);
    await db.delete(subscriptions);
    // A test may move a phase: every test starts from the example programme as shipped.
    await importExample(database());
    slack.reset();
    slack.clearHandlers();
  });

  it('posts a due reminder once, and nothing when the same instant runs again', async () => {
    const db = database().handle.db;
    await subscribe(db, 'C1', 'reminders', null, new Date('2017-01-01T00:00:00Z'));
    const worker = workerFor(database(), slack);

    const first = await runTick(worker, PDO_P7D_DUE);
    expect(first.sent.map((s) => `${s.key}→${s.channelId}`)).toEqual(['pdo-strategische-kaders/P7D→C1']);
    const [post] = postedReminders(slack);
    expect(post?.channel).toBe('C1');
    const call = slack.callsTo('chat.postMessage')[0]!;
    expect(visibleText(call.args)).toContain('Provinciaal Directieoverleg');
    expect(visibleText(call.args)).toContain('8 juni 2017');
    expect(visibleText(call.args)).toContain('Nog *7 dagen*');
    expect(findLimitViolations(call.args)).toEqual([]);

    const again = await runTick(worker, PDO_P7D_DUE);
    expect(again.sent).toEqual([]);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    const [stored] = (await listDeliveries(db)).filter((d) => d.status === 'sent');
    expect(stored?.messageTs).toBeTruthy();
  });

  it('sends nothing before the due instant and nothing to unsubscribed channels', async () => {
    const db = database().handle.db;
    await subscribe(db, 'C1', 'reminders', null, new Date('2017-01-01T00:00:00Z'));
    const worker = workerFor(database(), slack);
    expect((await runTick(worker, at(PDO_P7D_DUE, -minutes(1)))).sent).toEqual([]);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('catches up a reminder missed while down when it is started before the phase', async () => {
    const db = database().handle.db;
    await subscribe(db, 'C1', 'reminders', null, new Date('2017-01-01T00:00:00Z'));
    const worker = workerFor(database(), slack);
    // Down from before 1 June until Saturday 3 June, 30 hours past the grace: the meeting is still ahead.
    const report = await runTick(worker, new Date('2017-06-03T10:00:00Z'));
    expect(report.sent.map((s) => s.key)).toEqual(['pdo-strategische-kaders/P7D']);
    expect((await runTick(worker, new Date('2017-06-03T10:01:00Z'))).sent).toEqual([]);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('skips, with a reason, what was missed past the grace once the phase began; never a burst', async () => {
    const db = database().handle.db;
    await subscribe(db, 'C1', 'reminders', null, new Date('2017-01-01T00:00:00Z'));
    const worker = workerFor(database(), slack);
    // Down from May until 9 June: both PDO reminders were missed and the meeting has passed.
    const report = await runTick(worker, new Date('2017-06-09T10:00:00Z'));
    const pdo = report.skipped.filter((s) => s.key.startsWith('pdo-'));
    expect(pdo.map((s) => s.key).sort()).toEqual([
      'pdo-strategische-kaders/P1D',
      'pdo-strategische-kaders/P7D',
    ]);
    expect(pdo.every((s) => s.reason.length > 0)).toBe(true);
    // The consultation on 15 June (P7D due 8 June) is still ahead: posted, once.
    expect(report.sent.map((s) => s.key)).toEqual(['gesprekken-visie/P7D']);
    const stored = await listDeliveries(db);
    expect(stored.find((d) => d.key === 'pdo-strategische-kaders/P7D')?.status).toBe('skipped');
  });

  it('posts only the latest of several missed reminders of one phase', async () => {
    const db = database().handle.db;
    await subscribe(db, 'C1', 'reminders', null, new Date('2017-01-01T00:00:00Z'));
    const worker = workerFor(database(), slack);
    // Wednesday 7 June, 09:05: both P7D (1 June, beyond the grace) and P1D are due; the meeting is tomorrow.
    const report = await runTick(worker, at(PDO_P1D_DUE, minutes(5)));
    expect(report.sent.map((s) => s.key)).toEqual(['pdo-strategische-kaders/P1D']);
    expect(report.skipped.find((s) => s.key === 'pdo-strategische-kaders/P7D')?.reason).toMatch(/superseded/);
  });

  it('re-plans the future reminders of a moved phase without repeating one already sent', async () => {
    const db = database().handle.db;
    await subscribe(db, 'C1', 'reminders', null, new Date('2017-01-01T00:00:00Z'));
    const worker = workerFor(database(), slack);
    await runTick(worker, PDO_P7D_DUE);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);

    // The meeting moves a week later, to Thursday 15 June.
    const programme = (await loadProgramme(db))!;
    programme.phases.find((p) => p.id === 'pdo-strategische-kaders')!.date = '2017-06-15';
    await importProgramme(db, programme, { now: new Date() });

    expect((await runTick(worker, PDO_P1D_DUE)).sent).toEqual([]);
    // P7D now falls on 8 June, but it was sent on 1 June: never again for the same phase and offset.
    const pdoKeys = (report: { sent: { key: string }[] }) =>
      report.sent.map((s) => s.key).filter((key) => key.startsWith('pdo-'));
    expect(pdoKeys(await runTick(worker, new Date('2017-06-08T07:00:00Z')))).toEqual([]);
    expect(pdoKeys(await runTick(worker, new Date('2017-06-14T07:00:00Z')))).toEqual([
      'pdo-strategische-kaders/P1D',
    ]);
    const pdoPosts = slack
      .callsTo('chat.postMessage')
      .filter((call) => visibleText(call.args).includes('Directieoverleg'));
    expect(pdoPosts).toHaveLength(2);
    expect(visibleText(pdoPosts[1]!.args)).toContain('15 juni 2017');
  });

  it('records a permanent error on its delivery without holding up the other channels', async () => {
    const db = database().handle.db;
    await subscribe(db, 'CGONE', 'reminders', null, new Date('2017-01-01T00:00:00Z'));
    await subscribe(db, 'COK', 'reminders', null, new Date('2017-01-01T00:00:00Z'));
    slack.setHandler('chat.postMessage', (args) =>
      args.channel === 'CGONE' ? { body: { ok: false, error: 'channel_not_found' } } : undefined,
    );
    const report = await runTick(workerFor(database(), slack), PDO_P7D_DUE);
    expect(report.sent.map((s) => s.channelId)).toEqual(['COK']);
    expect(report.failed).toEqual([
      expect.objectContaining({ channelId: 'CGONE', error: 'channel_not_found' }),
    ]);
    const stored = await listDeliveries(db, { channelId: 'CGONE' });
    expect(stored.find((d) => d.key === 'pdo-strategische-kaders/P7D')).toMatchObject({
      status: 'failed',
      lastError: 'channel_not_found',
    });
    expect((await runTick(workerFor(database(), slack), at(PDO_P7D_DUE, minutes(1)))).sent).toEqual([]);
  });

  it('names the libraries that have not answered in a feedback reminder, once answers exist', async () => {
    const db = database().handle.db;
    await subscribe(db, 'C1', 'reminders', null, new Date('2017-01-01T00:00:00Z'));
    await db.delete(feedbackResponses);
    await addFeedback(
      db,
      {
        phaseId: 'feedback-visie',
        libraryCode: 'AVV',
        userId: 'UAVV',
        judgement: 'agree',
        remarks: '',
        priorities: [],
        mayContact: false,
        late: false,
      },
      new Date(),
    );
    // Friday 22 September 2017, 09:00: one week before the feedback is due on the 29th.
    const report = await runTick(workerFor(database(), slack), new Date('2017-09-22T07:00:00Z'));
    expect(report.sent.map((s) => s.key)).toContain('feedback-visie/P7D');
    const post = slack
      .callsTo('chat.postMessage')
      .find((call) => visibleText(call.args).includes('Feedback op visie'));
    const text = visibleText(post?.args);
    expect(text).toContain('Nog geen reactie van:');
    expect(text).toContain('Bibliotheek Eemland');
    expect(text).not.toContain('Angstel');
    await db.delete(feedbackResponses);
  });

  it('delivers to 200 channels, each rate-limited by Slack, exactly once each', async () => {
    const db = database().handle.db;
    const channels = Array.from({ length: 200 }, (_, i) => `CFAN${i}`);
    for (const channel of channels)
      await subscribe(db, channel, 'reminders', null, new Date('2017-01-01T00:00:00Z'));
    // One post per second per channel with no burst: a second post to a channel within a second gets 429.
    const lastPost = new Map<string, number>();
    slack.setHandler('chat.postMessage', (args) => {
      const channel = String(args.channel);
      const now = Date.now();
      const previous = lastPost.get(channel);
      if (previous !== undefined && now - previous < 1_000)
        return { status: 429, headers: { 'Retry-After': '1' } };
      lastPost.set(channel, now);
      return undefined;
    });
    // 1 June: the P7D reminder of the meeting; the same channels, a second reminder the next day.
    await runTick(workerFor(database(), slack, { concurrency: 16 }), PDO_P7D_DUE);
    await runTick(workerFor(database(), slack, { concurrency: 16 }), PDO_P1D_DUE);
    const delivered = slack.callsTo('chat.postMessage').filter((call) => call.status === 200);
    const perChannel = new Map<string, number>();
    for (const call of delivered)
      perChannel.set(String(call.args.channel), (perChannel.get(String(call.args.channel)) ?? 0) + 1);
    expect(perChannel.size).toBe(200);
    expect([...perChannel.values()].every((count) => count === 2)).toBe(true);
    const sent = (await listDeliveries(db)).filter((d) => d.status === 'sent');
    expect(sent).toHaveLength(400);
  });

  it('takes over a claim left by a killed instance once its lease ran out, and posts it once', async () => {
    const db = database().handle.db;
    await subscribe(db, 'C1', 'reminders', null, new Date('2017-01-01T00:00:00Z'));
    const survivor = workerFor(database(), slack, { leaseMs: minutes(5) });
    // Plan the deliveries without posting (a tick before they are due), then let a "dead" instance claim.
    await runTick(survivor, at(PDO_P7D_DUE, -minutes(1)));
    const deadLeaseMs = 1_500;
    const claimed = await claimDue(db, {
      now: PDO_P7D_DUE,
      instanceId: 'dead-instance',
      leaseMs: deadLeaseMs,
      limit: 10,
    });
    expect(claimed).toHaveLength(1);
    const leaseEnds = Date.now() + deadLeaseMs;

    // Leases run on the database's clock: a tick for an instant long after the lease (a clock running
    // ahead, or `reminders run --at`) still leaves the claim to its holder.
    expect((await runTick(survivor, at(PDO_P7D_DUE, minutes(2)))).sent).toEqual([]);
    expect((await runTick(survivor, at(PDO_P7D_DUE, minutes(60)))).sent).toEqual([]);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, leaseEnds - Date.now()) + 200));
    const takeover = await runTick(survivor, at(PDO_P7D_DUE, minutes(6)));
    expect(takeover.sent.map((s) => s.key)).toEqual(['pdo-strategische-kaders/P7D']);
    expect((await runTick(survivor, at(PDO_P7D_DUE, minutes(12)))).sent).toEqual([]);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    const [row] = await db.select().from(deliveries).where(eq(deliveries.key, 'pdo-strategische-kaders/P7D'));
    expect(row?.attempts).toBe(2);
  });

  it('honours Retry-After on 429 and backs off on 5xx, then delivers', async () => {
    const db = database().handle.db;
    await subscribe(db, 'C429', 'reminders', null, new Date('2017-01-01T00:00:00Z'));
    await subscribe(db, 'C500', 'reminders', null, new Date('2017-01-01T00:00:00Z'));
    // Each channel fails twice before Slack takes the post.
    const failuresLeft = new Map([
      ['C429', 2],
      ['C500', 2],
    ]);
    slack.setHandler('chat.postMessage', (args) => {
      const channel = String(args.channel);
      const left = failuresLeft.get(channel) ?? 0;
      if (left === 0) return undefined;
      failuresLeft.set(channel, left - 1);
      return channel === 'C429' ? { status: 429, headers: { 'Retry-After': '1' } } : { status: 503 };
    });
    const report = await runTick(workerFor(database(), slack), PDO_P7D_DUE);
    expect(report.sent.map((s) => s.channelId).sort()).toEqual(['C429', 'C500']);
    expect(report.failed).toEqual([]);
    const delivered = slack.callsTo('chat.postMessage').filter((call) => call.status === 200);
    expect(delivered.map((call) => call.args.channel).sort()).toEqual(['C429', 'C500']);
  });

  it('after a 429, no other channel is posted to until its Retry-After has passed', async () => {
    const db = database().handle.db;
    const channels = ['CPAUSE1', 'CPAUSE2', 'CPAUSE3', 'CPAUSE4', 'CPAUSE5', 'CPAUSE6'];
    for (const channel of channels)
      await subscribe(db, channel, 'reminders', null, new Date('2017-01-01T00:00:00Z'));
    let refusedAt: number | null = null;
    slack.setHandler('chat.postMessage', () => {
      if (refusedAt !== null) return undefined;
      refusedAt = Date.now();
      return { status: 429, headers: { 'Retry-After': '1' } };
    });
    const report = await runTick(workerFor(database(), slack, { concurrency: 2 }), PDO_P7D_DUE);
    expect(report.sent.map((s) => s.channelId).sort()).toEqual(channels);
    const calls = slack.callsTo('chat.postMessage');
    // The post already on its way when Slack said 429 may arrive at once; every later one waits.
    const later = calls.slice(2);
    expect(later).toHaveLength(5);
    for (const call of later) expect(call.at - refusedAt!).toBeGreaterThanOrEqual(990);
  });
});
