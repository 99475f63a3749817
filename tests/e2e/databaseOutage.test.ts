import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../support/databases.js';
import {
  importExample,
  type KoersUnderTest,
  SIGNING_SECRET,
  startKoersUnderTest,
} from '../support/koersUnderTest.js';
import { visibleText } from '../support/messageText.js';
import { postToSlackEndpoint, slashCommandBody } from '../support/slackRequests.js';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.js';

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
    const target = new URL(server.url!);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const throughProxy = new URL(server.url!);
    throughProxy.port = String(proxy.port);
    // The app reaches the database only through the proxy, so cutting the proxy is an outage for it.
    const handle = await openDatabase({ databaseUrl: throughProxy.toString(), dataDir: '' });
    app = await startKoersUnderTest({ ...server, url: throughProxy.toString(), handle });
  });
  afterAll(async () => {
    await app?.stop();
    await proxy?.close();
    await server?.drop();
  });

  /** The answer the user ends up with: in the ack, or, when that took too long, via the response_url. */
  async function ask(text: string) {
    const responseUrl = app.slack.respondUrl();
    const body = slashCommandBody({ text, userId: 'UNL', responseUrl });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    const acked = visibleText(response.json);
    if (!acked.includes('Even zoeken')) return acked;
    await waitFor(() => app.slack.responses.some((r) => r.url === responseUrl));
    return visibleText(app.slack.responses.find((r) => r.url === responseUrl)?.body);
  }

  async function waitFor(condition: () => boolean, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the late answer');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
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
    const target = new URL(server.url!);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    proxy.cut();
    const throughProxy = new URL(server.url!);
    throughProxy.port = String(proxy.port);
    const handle = await openDatabase({ databaseUrl: throughProxy.toString(), dataDir: '' });
    app = await startKoersUnderTest(
      { ...server, url: throughProxy.toString(), handle },
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
