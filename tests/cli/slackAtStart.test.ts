import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../support/fakeSlack.js';
import { visibleText } from '../support/messageText.js';
import { environment, startApp, temporaryFolder } from '../support/processes.js';
import { postToSlackEndpoint, slashCommandBody } from '../support/slackRequests.js';

/*
 * `npm start` (src/main.ts, bundled for the run) in its own process, as a new user meets it, with Slack's Web API
 * out of reach: it answers within Slack's 3 s, so this file is in the timed group. A token copied wrong
 * or the placeholders of .env.example left in: slackRefusedAtStart.test.ts.
 */

const BOT_TOKEN = 'xoxb-start-test-5e2a91c4';
const SIGNING_SECRET = 'start-signing-secret-8d1f0b37';
const NO_STACK_TRACE = /^\s+at /m;

/** A loopback port where nothing listens: every call to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let dataDir: { path: string; remove(): void };
beforeAll(() => {
  dataDir = temporaryFolder('koers-slack-start-');
});
afterAll(() => dataDir?.remove());

describe("npm start while Slack's Web API is unreachable", { timeout: 150_000 }, () => {
  let respond: FakeSlack;
  beforeAll(async () => {
    // Only for the response_url: the Web API address below has nothing listening.
    respond = await startFakeSlack();
  });
  afterAll(async () => {
    await respond?.close();
  });

  it('answers commands within 3 s, reports slack unreachable, and never exits on a rejection', async () => {
    const app = await startApp(
      environment({
        DATA_DIR: dataDir.path,
        SLACK_API_URL: `http://127.0.0.1:${await closedPort()}/api/`,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        PORT: '0',
        SCHEDULER: 'off',
      }),
      { timeoutMs: 120_000 },
    );
    try {
      // A listener call's whole retry policy is about 1.5 s against a refused port; this runs 10 s.
      const until = Date.now() + 10_000;
      while (Date.now() < until) {
        const started = Date.now();
        const body = slashCommandBody({ text: 'status', responseUrl: respond.respondUrl() });
        const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
        expect(response.status).toBe(200);
        expect(Date.now() - started).toBeLessThan(3_000);
        expect(visibleText(response.json)).toContain('Effectmeting');
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      const health = await fetch(`${app.baseUrl}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', db: 'ok', slack: 'unreachable' });
      expect(app.logLines().filter((line) => /unhandled/i.test(String(line.msg)))).toEqual([]);
    } finally {
      const result = await app.stop();
      // Still running when told to stop, and it stops cleanly.
      expect(result.code).toBe(0);
      expect(result.stderr).not.toMatch(NO_STACK_TRACE);
    }
  });
});
