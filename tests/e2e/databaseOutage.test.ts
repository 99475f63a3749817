import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/db/client.js';
import { subscribe } from '../../src/db/subscriptionRepository.js';
import { runTick } from '../../src/scheduler/reminderWorker.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../support/databases.js';
import { type FakeSlack, startFakeSlack } from '../support/fakeSlack.js';
import {
  importExample,
  type KoersUnderTest,
  SIGNING_SECRET,
  startKoersUnderTest,
} from '../support/koersUnderTest.js';
import { visibleText } from '../support/messageText.js';
import { workerFor } from '../support/schedulerUnderTest.js';
import { askProject, postToSlackEndpoint, slashCommandBody } from '../support/slackRequests.js';
import { proxyInFrontOf, type TcpProxy } from '../support/tcpProxy.js';

/*
 * Only a database server can go away while the app runs: the embedded PGlite lives inside the app's
 * own process. So this file has only a PostgreSQL half.
 */
describe.skipIf(!postgresAvailable)('when the database goes away and comes back [postgres]', () => {
  let server: TestDatabase;
  let proxy: TcpProxy;
  let app: KoersUnderTest;

  beforeAll(async () => {
    server = await createTestDatabase('postgres');
    const { proxy: front, url: throughProxy } = await proxyInFrontOf(server.url!);
    proxy = front;
    // The app reaches the database only through the proxy, so cutting the proxy is an outage for it.
    const handle = await openDatabase({ databaseUrl: throughProxy, dataDir: '' });
    app = await startKoersUnderTest({ ...server, url: throughProxy, handle });
  });
  afterAll(async () => {
    await app?.stop();
    await proxy?.close();
    await server?.drop();
  });

  /** The answer the user ends up with: in the ack, or, when that took too long, via the response_url. */
  async function ask(text: string) {
    const answer = await askProject({ ...app, signingSecret: SIGNING_SECRET }, text);
    expect(answer.status).toBe(200);
    return answer.text;
  }

  it('answers "try again later", reports 503 on /healthz, and recovers by itself', async () => {
    expect(await ask('status')).toContain('Effectmeting');

    proxy.cut();
    expect(await ask('status')).toContain('Probeer het over een minuut opnieuw');
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(503);

    proxy.restore();
    // No restart: the next command finds the database again.
    expect(await ask('status')).toContain('Effectmeting');
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
  });
});

describe.skipIf(!postgresAvailable)('when the database is down at start [postgres]', () => {
  let server: TestDatabase;
  let proxy: TcpProxy;
  let app: KoersUnderTest;

  beforeAll(async () => {
    server = await createTestDatabase('postgres');
    await importExample(server);
    const { proxy: front, url: throughProxy } = await proxyInFrontOf(server.url!);
    proxy = front;
    proxy.cut();
    const handle = await openDatabase({ databaseUrl: throughProxy, dataDir: '' });
    app = await startKoersUnderTest(
      { ...server, url: throughProxy, handle },
      { withExample: false, waitUntilReady: false },
    );
  });
  afterAll(async () => {
    await app?.stop();
    await proxy?.close();
    await server?.drop();
  });

  it('serves /healthz 503 and "try again later" until the database answers, then becomes ready by itself', async () => {
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(503);
    const body = slashCommandBody({ text: 'status', userId: 'UNL', responseUrl: app.slack.respondUrl() });
    const early = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(early.status).toBe(200);
    expect(visibleText(early.json)).toMatch(/Probeer het over een minuut opnieuw|Even zoeken/);

    proxy.restore();
    await app.koers.ready;
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
    const later = await postToSlackEndpoint(
      app.baseUrl,
      slashCommandBody({ text: 'status', userId: 'UNL', responseUrl: app.slack.respondUrl() }),
      { signingSecret: SIGNING_SECRET },
    );
    expect(visibleText(later.json)).toContain('Effectmeting');
  });
});

describe.skipIf(!postgresAvailable)('the scheduler when the database goes away mid-run [postgres]', () => {
  let server: TestDatabase;
  let proxy: TcpProxy;
  let slack: FakeSlack;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    server = await createTestDatabase('postgres');
    await importExample(server);
    await subscribe(server.handle.db, 'C1', 'reminders', null, new Date('2017-01-01T00:00:00Z'));
    await subscribe(server.handle.db, 'C2', 'reminders', null, new Date('2017-01-01T00:00:00Z'));
    const { proxy: front, url: throughProxy } = await proxyInFrontOf(server.url!);
    proxy = front;
    handle = await openDatabase({ databaseUrl: throughProxy, dataDir: '' });
    slack = await startFakeSlack();
  });
  afterAll(async () => {
    await handle?.close();
    await slack?.close();
    await proxy?.close();
    await server?.drop();
  });

  it('resumes when the database returns, losing and doubling nothing', async () => {
    const worker = workerFor({ ...server, handle }, slack);
    const due = new Date('2017-06-01T07:00:00Z');
    proxy.cut();
    // A tick during the outage cannot finish; it waits for the database instead of posting blind.
    const tick = runTick(worker, due);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);

    proxy.restore();
    const report = await tick.catch(() => runTick(worker, due));
    const later = await runTick(worker, new Date(due.getTime() + 60_000));
    expect([...report.sent, ...later.sent].map((s) => s.channelId).sort()).toEqual(['C1', 'C2']);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
    expect((await runTick(worker, new Date(due.getTime() + 120_000))).sent).toEqual([]);
  });
});
