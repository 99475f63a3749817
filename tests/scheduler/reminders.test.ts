import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { listDeliveries } from '../../src/db/deliveryRepository.js';
import { deliveries, subscriptions } from '../../src/db/schema.js';
import { subscribe } from '../../src/db/subscriptionRepository.js';
import { runTick } from '../../src/scheduler/reminderWorker.js';
import { describeOnBothDatabases } from '../support/databases.js';
import { type FakeSlack, startFakeSlack } from '../support/fakeSlack.js';
import { importExample } from '../support/koersUnderTest.js';
import { expectEverySlackPayloadValid } from '../support/payloads.js';
import { workerFor } from '../support/schedulerUnderTest.js';

/*
 * The example programme's PDO meeting is Thursday 8 June 2017 with reminders P7D and P1D:
 * due Thursday 1 June and Wednesday 7 June 2017, 09:00 Amsterdam = 07:00Z. What needs the machine to
 * itself is here, in the paced group: the poster's pacing after a 429 (a burst must go out within a
 * bound), and a lease that leaves room for only the first post. A lease run out and Retry-After, which
 * only set a least wait, are in remindersDue.test.ts, beside the other files.
 */
const PDO_P7D_DUE = new Date('2017-06-01T07:00:00Z');
const minutes = (n: number) => n * 60 * 1000;
const at = (base: Date, offsetMs: number) => new Date(base.getTime() + offsetMs);

describeOnBothDatabases('timeline reminders', (database) => {
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

  it('after a 429, spends what Slack regained during the pause, then posts no faster than Slack took them', async () => {
    const db = database().handle.db;
    const channels = Array.from({ length: 24 }, (_, i) => `CPACE${String(i).padStart(2, '0')}`);
    for (const channel of channels)
      await subscribe(db, channel, 'reminders', null, new Date('2017-01-01T00:00:00Z'));
    let accepted = 0;
    let refusedAt: number | null = null;
    slack.setHandler('chat.postMessage', () => {
      if (refusedAt === null && accepted === 8) {
        refusedAt = Date.now();
        return { status: 429, headers: { 'Retry-After': '1' } };
      }
      accepted++;
      return undefined;
    });
    // One post at a time, so that exactly 8 were taken before the refusal.
    const report = await runTick(workerFor(database(), slack, { concurrency: 1 }), PDO_P7D_DUE);
    expect(report.sent.map((s) => s.channelId).sort()).toEqual(channels);
    const after = slack.callsTo('chat.postMessage').filter((call) => call.at >= refusedAt! + 990);
    expect(after).toHaveLength(16);
    // Slack took 8 posts in the second before the 429, and a second's pause lets it take 8 again: those
    // go as fast as they can, well before 7 paced gaps of 125 ms would have passed …
    const burst = after.slice(0, 8);
    expect(burst[7]!.at - burst[0]!.at).toBeLessThan(7 * 125 - 200);
    // … and after them, one post per 125 ms at most.
    const paced = after.slice(7);
    const gaps = paced.slice(1).map((call, i) => call.at - paced[i]!.at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(110);
  });

  it('gives a claim back untried when too little of its lease is left for a whole post', async () => {
    const db = database().handle.db;
    const channels = ['CLEASE1', 'CLEASE2', 'CLEASE3', 'CLEASE4'];
    for (const channel of channels)
      await subscribe(db, channel, 'reminders', null, new Date('2017-01-01T00:00:00Z'));
    slack.setHandler('chat.postMessage', () => ({ delayMs: 250 }));
    // A person's direct message opened first (at most 1 s; a nudge's), one try of at most 1 s, a look at
    // the channel's history first (at most 1 s), and up to 1 s waiting its turn: 4 s of worst case in a
    // lease of 4.3 s, so a post may start only in the first 300 ms after the claim.
    const poster = { maxTries: 1, timeoutMs: 1_000, maxRetryAfterMs: 0 };
    const worker = workerFor(database(), slack, { concurrency: 1, leaseMs: 4_300 }, poster);
    expect(worker.postWorstCaseMs).toBe(4_000);

    const first = await runTick(worker, PDO_P7D_DUE);
    expect(first.sent.length).toBeGreaterThanOrEqual(1);
    expect(first.released.length).toBeGreaterThanOrEqual(1);
    expect(first.sent.length + first.released.length).toBe(channels.length);
    const given = await listDeliveries(db);
    for (const released of first.released) {
      expect(given.find((d) => d.id === released.id)).toMatchObject({ status: 'pending', attempts: 0 });
    }
    // Later ticks post what was given back, each channel once.
    for (let tick = 1; tick <= channels.length; tick++) await runTick(worker, at(PDO_P7D_DUE, minutes(tick)));
    const posted = slack.callsTo('chat.postMessage').map((call) => String(call.args.channel));
    expect(posted.sort()).toEqual(channels);
  });
});
