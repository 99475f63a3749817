import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { describeOnBothDatabases } from '../support/databases.js';
import { type FakeSlack, startFakeSlack } from '../support/fakeSlack.js';
import { type KoersUnderTest, SIGNING_SECRET, startKoersUnderTest } from '../support/koersUnderTest.js';
import { capturedLogs } from '../support/logLines.js';
import { visibleText } from '../support/messageText.js';
import { postToSlackEndpoint, slashCommandBody } from '../support/slackRequests.js';

/*
 * Slack revokes the bot token while Koers runs: /healthz says so, the log says so once, and commands
 * are still answered. Nothing here measures a time limit, so it runs beside the other files (the 3 s
 * acks while the Web API is away are slackApiTrouble.test.ts, timed).
 */
describeOnBothDatabases('when Slack refuses the token while Koers runs', (database) => {
  let slack: FakeSlack;
  let app: KoersUnderTest;
  const { logger, lines: logLines } = capturedLogs();

  beforeAll(async () => {
    slack = await startFakeSlack();
    app = await startKoersUnderTest(database(), {
      slack,
      logger,
      slackLinkTiming: { recheckMs: 300, firstRetryMs: 200, maxRetryMs: 400 },
    });
  });
  afterAll(async () => {
    await app?.stop();
  });

  async function health(): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${app.baseUrl}/healthz`);
    return { status: response.status, body: await response.json() };
  }

  /** `/project TEXT`; the ack. */
  function ask(text: string) {
    const body = slashCommandBody({ text, userId: 'UNL', responseUrl: slack.respondUrl() });
    return postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
  }

  it('logs a token revoked while running once, says "refused" on /healthz, and goes on answering', async () => {
    await vi.waitFor(async () => expect((await health()).body).toMatchObject({ slack: 'ok' }), {
      timeout: 15_000,
    });
    slack.setHandler('auth.test', () => ({ body: { ok: false, error: 'token_revoked' } }));
    slack.setHandler('users.info', () => ({ body: { ok: false, error: 'token_revoked' } }));
    await vi.waitFor(
      async () =>
        expect(await health()).toEqual({ status: 200, body: { status: 'ok', db: 'ok', slack: 'refused' } }),
      {
        timeout: 5_000,
      },
    );
    const answer = await ask('status');
    expect(answer.status).toBe(200);
    expect(visibleText(answer.json)).toContain('Effectmeting');
    // Several more checks, each refused again: still one line in the log.
    const checks = slack.callsTo('auth.test').length;
    await slack.waitForCalls('auth.test', checks + 3);
    const refusals = logLines.filter((line) => String(line.msg).startsWith('Slack refused SLACK_BOT_TOKEN'));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]?.msg).toBe('Slack refused SLACK_BOT_TOKEN (token_revoked)');
    slack.clearHandlers();
  });
});
