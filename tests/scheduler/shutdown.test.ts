import { afterAll, beforeAll, expect, it } from 'vitest';
import { listDeliveries } from '../../src/db/deliveryRepository.js';
import { subscribe } from '../../src/db/subscriptionRepository.js';
import { startScheduler } from '../../src/scheduler/index.js';
import { runTick } from '../../src/scheduler/reminderWorker.js';
import { describeOnBothDatabases } from '../support/databases.js';
import { type FakeSlack, startFakeSlack } from '../support/fakeSlack.js';
import { importExample } from '../support/koersUnderTest.js';
import { workerFor } from '../support/schedulerUnderTest.js';

/** The PDO meeting's "one week to go" reminder: Thursday 1 June 2017, 09:00 in Amsterdam. */
const PDO_P7D_DUE = new Date('2017-06-01T07:00:00Z');
const CHANNELS = Array.from({ length: 40 }, (_, i) => `CSTOP${i}`);

describeOnBothDatabases('stopping in the middle of a fan-out', (database) => {
  let slack: FakeSlack;

  beforeAll(async () => {
    slack = await startFakeSlack();
    await importExample(database());
    for (const channel of CHANNELS)
      await subscribe(database().handle.db, channel, 'reminders', null, new Date('2017-01-01T00:00:00Z'));
  });
  afterAll(async () => {
    await slack?.close();
  });

  it('finishes the posts in flight, gives the rest back, and a restarted instance posts those exactly once', async () => {
    // Slack takes 100 ms per post, so the fan-out is still running when the stop comes.
    slack.setHandler('chat.postMessage', () => ({ delayMs: 100 }));
    const scheduler = startScheduler(workerFor(database(), slack, { concurrency: 4 }), () => PDO_P7D_DUE);
    await slack.waitForCalls('chat.postMessage', 8);
    await scheduler.stop();

    const postedBeforeStop = slack.callsTo('chat.postMessage').length;
    expect(postedBeforeStop).toBeGreaterThanOrEqual(8);
    expect(postedBeforeStop).toBeLessThan(CHANNELS.length);
    const afterStop = await listDeliveries(database().handle.db);
    expect(afterStop.filter((d) => d.status === 'claimed')).toEqual([]);
    expect(afterStop.filter((d) => d.status === 'sent')).toHaveLength(postedBeforeStop);

    const restarted = await runTick(
      workerFor(database(), slack, { concurrency: 8 }),
      new Date(PDO_P7D_DUE.getTime() + 60_000),
    );
    expect(restarted.sent).toHaveLength(CHANNELS.length - postedBeforeStop);
    const perChannel = new Map<string, number>();
    for (const call of slack.callsTo('chat.postMessage')) {
      perChannel.set(String(call.args.channel), (perChannel.get(String(call.args.channel)) ?? 0) + 1);
    }
    expect(perChannel.size).toBe(CHANNELS.length);
    expect([...perChannel.values()].every((count) => count === 1)).toBe(true);
  });
});
