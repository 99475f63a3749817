import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { describeOnBothDatabases } from '../support/databases.js';
import { type FakeSlack, startFakeSlack } from '../support/fakeSlack.js';
import { type KoersUnderTest, SIGNING_SECRET, startKoersUnderTest } from '../support/koersUnderTest.js';
import { capturedLogs } from '../support/logLines.js';
import { findButton, visibleText } from '../support/messageText.js';
import { blockActionBody, postToSlackEndpoint, slashCommandBody } from '../support/slackRequests.js';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.js';

/** Slack drops an answer that takes longer than this. */
const SLACK_ACK_LIMIT_MS = 3_000;

/*
 * Koers reaches the fake Slack's Web API only through a TCP relay, so cutting the relay takes the Web API
 * away (connections refused or dropped) while the response_url answers still arrive. These answer within
 * Slack's 3 s and run in the timed group; a token revoked while running is slackTokenRevoked.test.ts.
 */
describeOnBothDatabases("when Slack's Web API is away, hangs or refuses the token", (database) => {
  let slack: FakeSlack;
  let proxy: TcpProxy;
  let app: KoersUnderTest;
  const { logger, lines: logLines } = capturedLogs();

  beforeAll(async () => {
    slack = await startFakeSlack();
    proxy = await startTcpProxy('127.0.0.1', Number(new URL(slack.apiUrl).port));
    proxy.cut();
    app = await startKoersUnderTest(database(), {
      slack,
      config: { SLACK_API_URL: `http://127.0.0.1:${proxy.port}/api/` },
      logger,
      slackLinkTiming: { recheckMs: 300, firstRetryMs: 200, maxRetryMs: 400 },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await proxy?.close();
  });

  async function health(): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${app.baseUrl}/healthz`);
    return { status: response.status, body: await response.json() };
  }

  /** `/project TEXT`; the ack, and how long it took. */
  async function ask(text: string) {
    const started = Date.now();
    const body = slashCommandBody({ text, userId: 'UNL', responseUrl: slack.respondUrl() });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    return { ...response, elapsedMs: Date.now() - started };
  }

  it('answers a command in its ack within 3 s, in the default language, while the Web API is unreachable', async () => {
    const answer = await ask('status');
    expect(answer.status).toBe(200);
    expect(answer.elapsedMs).toBeLessThan(SLACK_ACK_LIMIT_MS);
    expect(visibleText(answer.json)).toContain('Effectmeting');
    expect(visibleText(answer.json)).toContain('Lopend');
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', db: 'ok', slack: 'unreachable' } });
  });

  it('acks a button within 3 s and answers through the response_url, which needs no Web API', async () => {
    const first = await ask('status effectmeting');
    const share = findButton(first.json as { blocks?: unknown[] }, 'answer_share').value;
    const started = Date.now();
    const clicked = await postToSlackEndpoint(
      app.baseUrl,
      blockActionBody({
        actionId: 'answer_share',
        value: share,
        userId: 'UNL',
        responseUrl: slack.respondUrl('share'),
      }),
      { signingSecret: SIGNING_SECRET },
    );
    expect(clicked.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(SLACK_ACK_LIMIT_MS);
    await slack.waitForResponses(1);
    expect(visibleText(slack.responses.find((r) => r.url.endsWith('/share'))?.body)).toContain(
      'Effectmeting',
    );
  });

  it('keeps answering for longer than its retry policy, then sees Slack again by itself', async () => {
    // Well past a listener call's retries (about 1.5 s) and several of the link's checks.
    for (let round = 0; round < 4; round++) {
      const answer = await ask('timeline');
      expect(answer.status).toBe(200);
      expect(answer.elapsedMs).toBeLessThan(SLACK_ACK_LIMIT_MS);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(
      logLines.filter((line) => line.msg === 'Slack Web API unreachable; retrying in the background'),
    ).toHaveLength(1);

    proxy.restore();
    await vi.waitFor(async () => expect((await health()).body).toMatchObject({ slack: 'ok' }), {
      timeout: 5_000,
    });
    expect(logLines.some((line) => line.msg === 'Slack Web API answers; the bot token is accepted')).toBe(
      true,
    );
  });

  it('acks within 3 s while every Web API call hangs', async () => {
    for (const method of ['auth.test', 'users.info', 'chat.postMessage', 'views.open', 'views.publish']) {
      slack.setHandler(method, () => ({ delayMs: 20_000 }));
    }
    const answer = await ask('partners');
    expect(answer.status).toBe(200);
    expect(answer.elapsedMs).toBeLessThan(SLACK_ACK_LIMIT_MS);
    expect(visibleText(answer.json)).toContain('AVV');
    slack.clearHandlers();
  });
});
