import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadAppConfig, loadBaseConfig, wantsPlayground } from '../../src/config.js';
import { configNl } from '../../src/i18n/configNl.js';

const KEY = randomBytes(32).toString('base64');
const OAUTH_ENV = {
  SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789',
  SLACK_CLIENT_ID: '1234567890.1234567890123',
  SLACK_CLIENT_SECRET: '0123456789abcdef0123456789abcdef',
  SLACK_STATE_SECRET: 'a-state-secret-of-at-least-32-characters',
  KOERS_ENCRYPTION_KEY: KEY,
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadAppConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('the OAuth install in the configuration', () => {
  it('reads the app credentials, the state secret and the keys, with no bot token', () => {
    const old = randomBytes(32);
    const config = loadAppConfig({ ...OAUTH_ENV, KOERS_ENCRYPTION_KEY_OLD: old.toString('base64') });
    expect(config.SLACK_BOT_TOKEN).toBeUndefined();
    expect(config.SLACK_OAUTH).toMatchObject({
      clientId: OAUTH_ENV.SLACK_CLIENT_ID,
      clientSecret: OAUTH_ENV.SLACK_CLIENT_SECRET,
      stateSecret: OAUTH_ENV.SLACK_STATE_SECRET,
    });
    expect(config.SLACK_OAUTH?.encryptionKeys.current.equals(Buffer.from(KEY, 'base64'))).toBe(true);
    expect(config.SLACK_OAUTH?.encryptionKeys.previous?.equals(old)).toBe(true);
  });

  it('names every missing OAuth variable once one of them is set', () => {
    const problems = problemsOf({
      SLACK_SIGNING_SECRET: OAUTH_ENV.SLACK_SIGNING_SECRET,
      SLACK_CLIENT_ID: '1.2',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^SLACK_CLIENT_SECRET is required for the OAuth install/),
      expect.stringMatching(/^SLACK_STATE_SECRET is required for the OAuth install/),
      expect.stringMatching(/^KOERS_ENCRYPTION_KEY is required for the OAuth install/),
    ]);
  });

  it('refuses a bot token or an app-level token beside them, and a key that is not 32 bytes', () => {
    const problems = problemsOf({
      ...OAUTH_ENV,
      SLACK_BOT_TOKEN: 'xoxb-1-2',
      SLACK_APP_TOKEN: 'xapp-1-2',
      KOERS_ENCRYPTION_KEY: randomBytes(16).toString('base64'),
      SLACK_STATE_SECRET: 'short',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN must not be set with SLACK_CLIENT_ID/),
      expect.stringMatching(/^SLACK_APP_TOKEN must not be set with SLACK_CLIENT_ID/),
      expect.stringMatching(/^SLACK_STATE_SECRET must be at least 32 characters/),
      expect.stringMatching(/^KOERS_ENCRYPTION_KEY must be 32 random bytes in base64/),
    ]);
  });

  it('keeps the single-token mode as it was, OAuth variables unset', () => {
    expect(problemsOf({ SLACK_SIGNING_SECRET: OAUTH_ENV.SLACK_SIGNING_SECRET })).toEqual([
      'SLACK_BOT_TOKEN is required (the bot token, xoxb-…)',
    ]);
    const config = loadAppConfig({
      SLACK_SIGNING_SECRET: OAUTH_ENV.SLACK_SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-1-2',
    });
    expect(config.SLACK_OAUTH).toBeUndefined();
  });

  it('does not start the playground when only an OAuth variable is set', () => {
    expect(wantsPlayground({ SLACK_CLIENT_ID: '1.2' })).toBe(false);
  });

  it('has every OAuth message in Dutch too', () => {
    expect(configNl.clientIdRequired).toContain('ontbreekt');
    // The CLI reads the base only: an OAuth variable set does not stop it.
    expect(() => loadBaseConfig({ ...OAUTH_ENV, KOERS_ENCRYPTION_KEY: 'x' }, configNl)).not.toThrow();
  });

  it('keeps an uninstalled workspace 30 days unless KOERS_RETENTION_DAYS says otherwise', () => {
    expect(loadAppConfig(OAUTH_ENV).KOERS_RETENTION_DAYS).toBe(30);
    expect(loadAppConfig({ ...OAUTH_ENV, KOERS_RETENTION_DAYS: ' ' }).KOERS_RETENTION_DAYS).toBe(30);
    expect(loadAppConfig({ ...OAUTH_ENV, KOERS_RETENTION_DAYS: '7' }).KOERS_RETENTION_DAYS).toBe(7);
  });

  it('refuses a retention that is no whole number of days, or less than one, in English and Dutch', () => {
    expect(problemsOf({ ...OAUTH_ENV, KOERS_RETENTION_DAYS: '0' })).toEqual([
      'KOERS_RETENTION_DAYS must be 1 or more',
    ]);
    expect(problemsOf({ ...OAUTH_ENV, KOERS_RETENTION_DAYS: '1.5' })).toEqual([
      'KOERS_RETENTION_DAYS must be a whole number of days',
    ]);
    expect(problemsOf({ ...OAUTH_ENV, KOERS_RETENTION_DAYS: 'month' })).toEqual([
      'KOERS_RETENTION_DAYS must be a whole number of days',
    ]);
    expect(() => loadBaseConfig({ KOERS_RETENTION_DAYS: '-3' }, configNl)).toThrow(
      expect.objectContaining({ problems: ['KOERS_RETENTION_DAYS moet 1 of meer zijn'] }),
    );
  });
});
