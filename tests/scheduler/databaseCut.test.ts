import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/db/client.js';
import { listDeliveries } from '../../src/db/deliveryRepository.js';
import { deliveries, subscriptions } from '../../src/db/schema.js';
import { subscribe } from '../../src/db/subscriptionRepository.js';
import { UNKNOWN_OUTCOME } from '../../src/domain/deliveryKeys.js';
import { startScheduler } from '../../src/scheduler/index.js';
import { runTick } from '../../src/scheduler/reminderWorker.js';
import {
  createTestDatabase,
  describeOnBothDatabases,
  postgresAvailable,
  type TestDatabase,
} from '../support/databases.js';
import { type FakeReply, type FakeSlack, startFakeSlack } from '../support/fakeSlack.js';
import { importExample } from '../support/koersUnderTest.js';
import { workerFor } from '../support/schedulerUnderTest.js';
import { proxyInFrontOf, type TcpProxy } from '../support/tcpProxy.js';

/** Long before the reminders the tests tick through: none of them came due before the channel subscribed. */
const SUBSCRIBED = new Date('2017-01-01T00:00:00Z');

/** The PDO meeting's "one week to go" reminder: Thursday 1 June 2017, 09:00 in Amsterdam. */
const PDO_P7D_DUE = new Date('2017-06-01T07:00:00Z');
const PDO_P7D = 'pdo-strategische-kaders/P7D';
const minutes = (n: number) => n * 60 * 1000;
const later = (n: number) => new Date(PDO_P7D_DUE.getTime() + minutes(n));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How many times each channel shows the PDO reminder: what its members would count. */
function pdoMessagesIn(slack: FakeSlack, channel: string): number {
  return slack
    .messagesIn(channel)
    .filter(
      (message) => (message.metadata as { event_payload?: { key?: string } })?.event_payload?.key === PDO_P7D,
    ).length;
}

/*
 * A post that Slack may have taken is never posted again blind: each post carries its delivery's key in
 * its message metadata, and a claim whose outcome is unknown looks for it in the channel first. Without
 * any database outage this is already needed when Slack takes a post but its answer is lost.
 */
describeOnBothDatabases('a reminder whose answer from Slack was lost', (database) => {
  let slack: FakeSlack;

  beforeAll(async () => {
    slack = await startFakeSlack();
    await importExample(database());
  });
  afterAll(async () => {
    await slack?.close();
  });
  beforeEach(async () => {
    const db = database().handle.db;
    await db.delete(deliveries);
    await db.delete(subscriptions);
    await subscribe(db, 'C1', 'reminders', null, SUBSCRIBED);
    slack.reset();
    slack.clearHandlers();
  });

  it('is found in the channel instead of being posted a second time', async () => {
    // Slack takes the first post and the connection drops before its answer.
    slack.setHandler('chat.postMessage', (_args, call) => (call === 0 ? { hangUp: true } : undefined));
    const report = await runTick(workerFor(database(), slack), PDO_P7D_DUE);

    expect(report.sent.map((s) => `${s.key}→${s.channelId}`)).toEqual([`${PDO_P7D}→C1`]);
    expect(pdoMessagesIn(slack, 'C1')).toBe(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    const [history] = slack.callsTo('conversations.history');
    expect(history?.args).toMatchObject({ channel: 'C1', include_all_metadata: 'true' });
    const [row] = await listDeliveries(database().handle.db);
    expect(row).toMatchObject({ status: 'sent', messageTs: slack.messagesIn('C1')[0]?.ts });
    expect((await runTick(workerFor(database(), slack), later(1))).sent).toEqual([]);
  });

  it('stays unknown while the channel cannot be read, is never posted blind, and is found by the next claim', async () => {
    slack.setHandler('chat.postMessage', (_args, call) => (call === 0 ? { hangUp: true } : undefined));
    slack.setHandler('conversations.history', () => ({ status: 503 }));
    const worker = workerFor(database(), slack);
    const first = await runTick(worker, PDO_P7D_DUE);
    expect(first.sent).toEqual([]);
    expect(first.unknown.map((u) => u.key)).toEqual([PDO_P7D]);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);

    // Slack's history answers again: the next tick finds the message and posts nothing.
    slack.clearHandlers();
    const second = await runTick(worker, later(1));
    expect(second.sent.map((s) => s.key)).toEqual([PDO_P7D]);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(pdoMessagesIn(slack, 'C1')).toBe(1);
  });

  it('is posted once it is clear that Slack never had it', async () => {
    // The post hangs up before Slack takes it (a 503 from its edge): nothing is in the channel.
    slack.setHandler('chat.postMessage', (_args, call) => (call === 0 ? { status: 503 } : undefined));
    const report = await runTick(workerFor(database(), slack), PDO_P7D_DUE);
    expect(report.sent.map((s) => s.key)).toEqual([PDO_P7D]);
    expect(slack.callsTo('conversations.history')).toHaveLength(1);
    expect(pdoMessagesIn(slack, 'C1')).toBe(1);
  });

  it('is given up, visibly in the delivery log, when its channel stays unreadable', async () => {
    slack.setHandler('chat.postMessage', () => ({ hangUp: true }));
    slack.setHandler('conversations.history', () => ({ status: 503 }));
    const worker = workerFor(database(), slack, { maxAttempts: 2 });
    await runTick(worker, PDO_P7D_DUE);
    const given = await runTick(worker, later(1));
    expect(given.failed.map((f) => f.key)).toEqual([PDO_P7D]);
    // The second claim only looked: it never posted blind.
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    const [row] = await listDeliveries(database().handle.db);
    expect(row?.status).toBe('failed');
    expect(row?.lastError?.startsWith(UNKNOWN_OUTCOME)).toBe(true);
  });
});

/*
 * Only a database server can be cut while Koers runs: PGlite lives inside the process, where a TCP proxy
 * cannot come between them. So these have only a PostgreSQL half.
 */
describe.skipIf(!postgresAvailable)('a database cut in the middle of a post [postgres]', () => {
  let server: TestDatabase;
  let proxy: TcpProxy;
  let slack: FakeSlack;
  let handle: DatabaseHandle;
  let through: TestDatabase;

  beforeAll(async () => {
    server = await createTestDatabase('postgres');
    await importExample(server);
    const front = await proxyInFrontOf(server.url!);
    proxy = front.proxy;
    handle = await openDatabase({ databaseUrl: front.url, dataDir: '' });
    through = { ...server, url: front.url, handle };
    slack = await startFakeSlack();
  });
  afterAll(async () => {
    await handle?.close();
    await slack?.close();
    await proxy?.close();
    await server?.drop();
  });
  beforeEach(async () => {
    const db = server.handle.db;
    await db.delete(deliveries);
    await db.delete(subscriptions);
    slack.reset();
    slack.clearHandlers();
  });
  afterEach(() => {
    proxy.restore();
  });

  /** Where in the first post the database goes: Slack's reply to it, given the cut. */
  const cuts: [string, (cut: () => void) => FakeReply][] = [
    // Slack gets the post after the database went; it takes it.
    [
      'before the post',
      (cut) => {
        cut();
        return {};
      },
    ],
    // Slack takes it, and its answer is lost with the database.
    [
      'during the post (Slack took it, the answer is lost)',
      (cut) => {
        cut();
        return { hangUp: true };
      },
    ],
    // Slack answered; the database goes before the outcome is written.
    ['after the post, before the write', (cut) => ({ afterReply: cut })],
  ];

  for (const [moment, reply] of cuts) {
    it(`a cut ${moment}: one message in the channel once the database is back`, async () => {
      await subscribe(server.handle.db, 'C1', 'reminders', null, SUBSCRIBED);
      const cutFor = (ms: number) => () => {
        proxy.cut();
        setTimeout(() => proxy.restore(), ms);
      };
      slack.setHandler('chat.postMessage', (_args, call) => (call === 0 ? reply(cutFor(1_500)) : undefined));
      const worker = workerFor(through, slack);
      const report = await runTick(worker, PDO_P7D_DUE);

      expect(report.sent.map((s) => `${s.key}→${s.channelId}`)).toEqual([`${PDO_P7D}→C1`]);
      expect(report.unrecorded).toEqual([]);
      expect(pdoMessagesIn(slack, 'C1')).toBe(1);
      const [row] = await listDeliveries(server.handle.db);
      expect(row).toMatchObject({ status: 'sent', messageTs: slack.messagesIn('C1')[0]?.ts });
      expect((await runTick(worker, later(1))).sent).toEqual([]);
      expect(pdoMessagesIn(slack, 'C1')).toBe(1);
    });
  }

  it('an instance that lost the database for good after a post: the next claim finds the message in the channel and records it', async () => {
    await subscribe(server.handle.db, 'C1', 'reminders', null, SUBSCRIBED);
    // The first instance reaches the database through a link of its own, which goes for good after its
    // post: like a CLI run that gave up waiting and exited, or a process that died.
    const lost = await proxyInFrontOf(server.url!);
    const lostHandle = await openDatabase({ databaseUrl: lost.url, dataDir: '' });
    slack.setHandler('chat.postMessage', (_args, call) =>
      call === 0 ? { afterReply: () => lost.proxy.cut() } : undefined,
    );
    // A short lease (a post's worst case here is 4 s) and half a second of writing the outcome again.
    const poster = { maxTries: 1, timeoutMs: 1_000, maxRetryAfterMs: 0 };
    const options = { concurrency: 1, leaseMs: 4_500, recordWithinMs: 500 };
    const first = await runTick(
      workerFor({ ...server, handle: lostHandle }, slack, options, poster),
      PDO_P7D_DUE,
    );
    expect(first.sent.map((s) => s.key)).toEqual([PDO_P7D]);
    expect(first.unrecorded).toEqual([expect.objectContaining({ key: PDO_P7D, outcome: 'sent' })]);
    await lost.proxy.close();
    void lostHandle.close().catch(() => {});

    // Another instance leaves the claim alone until its lease runs out, then looks before it posts.
    const survivor = workerFor(through, slack, options, poster);
    expect((await runTick(survivor, later(1))).sent).toEqual([]);
    await sleep(4_600);
    const next = await runTick(survivor, later(2));
    expect(next.sent.map((s) => s.key)).toEqual([PDO_P7D]);
    expect(slack.callsTo('conversations.history')).toHaveLength(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(pdoMessagesIn(slack, 'C1')).toBe(1);
    const [row] = await listDeliveries(server.handle.db);
    expect(row).toMatchObject({ status: 'sent', messageTs: slack.messagesIn('C1')[0]?.ts, attempts: 2 });
  });

  it('40 channels, Slack taking 1.5 s a post, the database cut for 10 s mid-fan-out: none doubled, none lost', async () => {
    const channels = Array.from({ length: 40 }, (_, i) => `CCUT${String(i).padStart(2, '0')}`);
    for (const channel of channels) await subscribe(server.handle.db, channel, 'reminders', null, SUBSCRIBED);
    slack.setHandler('chat.postMessage', (_args, call) => {
      if (call === 12) {
        proxy.cut();
        setTimeout(() => proxy.restore(), 10_000);
      }
      return { delayMs: 1_500 };
    });
    // The app's own scheduler, ticking at once on start as of the due instant.
    const worker = workerFor(through, slack);
    const scheduler = startScheduler(worker, () => PDO_P7D_DUE);
    const recorded = async () =>
      (await listDeliveries(server.handle.db)).filter((row) => row.key === PDO_P7D && row.status === 'sent');
    const deadline = Date.now() + 45_000;
    while ((await recorded()).length < channels.length && Date.now() < deadline) await sleep(250);
    await scheduler.stop();
    for (const channel of channels) expect(pdoMessagesIn(slack, channel), channel).toBe(1);

    // Later ticks, also once any lease would have run out, post nothing more.
    expect((await runTick(worker, later(10))).sent).toEqual([]);
    const rows = await listDeliveries(server.handle.db);
    expect(rows.filter((row) => row.key === PDO_P7D && row.status === 'sent')).toHaveLength(channels.length);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(channels.length);
  }, 60_000);
});
