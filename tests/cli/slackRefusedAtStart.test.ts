import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../support/fakeSlack.js';
import { environment, runScript, temporaryFolder } from '../support/processes.js';

/*
 * `npm start` (src/main.ts, bundled for the run) in its own process, as a new user meets it: a token copied wrong,
 * or the placeholders of .env.example left in. It stops by itself; nothing here measures a time limit,
 * so this file runs beside the others (Slack's Web API out of reach, answered within 3 s, is
 * slackAtStart.test.ts, in the timed group).
 */

const BOT_TOKEN = 'xoxb-start-test-5e2a91c4';
const SIGNING_SECRET = 'start-signing-secret-8d1f0b37';
const NO_STACK_TRACE = /^\s+at /m;

// One embedded database for the file: created by the first start, reused (no initdb) by the next.
let dataDir: { path: string; remove(): void };
beforeAll(() => {
  dataDir = temporaryFolder('koers-slack-refused-');
});
afterAll(() => dataDir?.remove());

describe('npm start with Slack tokens that cannot work', { timeout: 150_000 }, () => {
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await startFakeSlack();
  });
  afterAll(async () => {
    await slack?.close();
  });

  /** `npm start`'s entry with well-formed tokens against the fake Slack, until it exits by itself. */
  const startUntilItStops = (extra: Record<string, string> = {}) =>
    runScript(
      'src/main.ts',
      [],
      environment({
        DATA_DIR: dataDir.path,
        SLACK_API_URL: slack.apiUrl,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        PORT: '0',
        SCHEDULER: 'off',
        ...extra,
      }),
      120_000,
    );

  it('refuses the placeholders of .env.example before asking Slack anything', async () => {
    const env = environment({
      DATA_DIR: dataDir.path,
      SLACK_API_URL: slack.apiUrl,
      SLACK_BOT_TOKEN: 'xoxb-your-bot-token',
      SLACK_SIGNING_SECRET: 'your-signing-secret',
    });
    const result = await runScript('src/main.ts', [], env, 30_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/SLACK_BOT_TOKEN is still the example value/);
    expect(result.stderr).toMatch(/SLACK_SIGNING_SECRET is still the example value/);
    expect(result.stderr).not.toMatch(NO_STACK_TRACE);
    expect(slack.calls).toEqual([]);
  });

  it('stops with exit 1 and one line when Slack refuses the bot token (invalid_auth)', async () => {
    slack.setHandler('auth.test', () => ({ body: { ok: false, error: 'invalid_auth' } }));
    // It stops as on SIGTERM, after the first start of the embedded database has finished.
    const result = await startUntilItStops();
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'Koers cannot start: Slack refused SLACK_BOT_TOKEN (invalid_auth): copy the Bot User OAuth Token again (OAuth & Permissions).',
    ]);
    expect(result.stdout).not.toMatch(NO_STACK_TRACE);
    expect(`${result.stdout}${result.stderr}`).not.toContain(BOT_TOKEN);
    slack.clearHandlers();
  });

  it('in Socket Mode, stops with exit 1 and one line when Slack refuses the app-level token', async () => {
    const appToken = 'xapp-1-start-test-3c9e7a20';
    slack.setHandler('apps.connections.open', () => ({ body: { ok: false, error: 'invalid_auth' } }));
    const result = await startUntilItStops({ SLACK_APP_TOKEN: appToken });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'Koers cannot start: Slack refused SLACK_APP_TOKEN (invalid_auth): create an app-level token with connections:write again (Basic Information → App-Level Tokens).',
    ]);
    expect(slack.callsTo('apps.connections.open').length).toBeGreaterThan(0);
    expect(result.stdout).not.toMatch(NO_STACK_TRACE);
    expect(`${result.stdout}${result.stderr}`).not.toContain(appToken);
    slack.clearHandlers();
  });
});
