import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadOutboxTiming } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createOutboxWorker, DEFAULT_OUTBOX_OPTIONS } from '../../src/scheduler/outboxWorker.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

/*
 * The outbox's lease and Slack timeouts from the environment: for tests that wait out a dead instance's
 * claim (tests/e2e/ideasAfterKill.test.ts). Unset, the app keeps its defaults; set, the rule that a
 * lease outlasts a whole send still holds.
 */

describe('the outbox timing from the environment', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
  });
  afterAll(async () => {
    await database?.drop();
  });

  const workerWith = (env: Record<string, string>) =>
    createOutboxWorker({
      db: database.handle.db,
      logger: createLogger('silent'),
      botToken: 'xoxb-test',
      slackApiUrl: 'http://127.0.0.1:9/api/',
      defaultLocale: 'nl',
      options: { instanceId: 'test', ...loadOutboxTiming(env) },
    });

  it('changes nothing when unset: the 50 s lease and the 5 s Slack timeouts of production', () => {
    expect(loadOutboxTiming({})).toEqual({});
    expect(loadOutboxTiming({ KOERS_OUTBOX_LEASE_MS: ' ' })).toEqual({});
    expect(DEFAULT_OUTBOX_OPTIONS.leaseMs).toBe(50_000);
    expect(DEFAULT_OUTBOX_OPTIONS.poster).toMatchObject({ timeoutMs: 5_000, maxRetryAfterMs: 5_000 });
    expect(() => workerWith({})).not.toThrow();
  });

  it('shortens the lease together with the Slack calls of a send', () => {
    const env = {
      KOERS_OUTBOX_LEASE_MS: '11000',
      KOERS_OUTBOX_SLACK_TIMEOUT_MS: '1000',
      KOERS_OUTBOX_CONCURRENCY: '1',
    };
    expect(loadOutboxTiming(env)).toEqual({
      leaseMs: 11_000,
      concurrency: 1,
      poster: { timeoutMs: 1_000, maxRetryAfterMs: 1_000 },
    });
    expect(() => workerWith(env)).not.toThrow();
  });

  it('refuses a lease that a whole send could outlast', () => {
    // 2 look-ups of 1 s, then 2 × (2 × 1 s + 1 s + 1 s) of posting: 10 s.
    expect(() =>
      workerWith({
        KOERS_OUTBOX_LEASE_MS: '10000',
        KOERS_OUTBOX_SLACK_TIMEOUT_MS: '1000',
        KOERS_OUTBOX_CONCURRENCY: '1',
      }),
    ).toThrow('The outbox lease (10000 ms) must outlast a send (10000 ms).');
    // A short lease alone, with production's Slack timeouts, is refused too.
    expect(() => workerWith({ KOERS_OUTBOX_LEASE_MS: '11000' })).toThrow(/must outlast a send/);
  });

  it('names a value that is not a whole number of milliseconds', () => {
    for (const value of ['abc', '0', '-5', '1.5']) {
      expect(() => loadOutboxTiming({ KOERS_OUTBOX_LEASE_MS: value })).toThrow(ConfigError);
    }
    expect(() => loadOutboxTiming({ KOERS_OUTBOX_SLACK_TIMEOUT_MS: 'x' })).toThrow(
      /KOERS_OUTBOX_SLACK_TIMEOUT_MS must be a whole number of at least 1/,
    );
  });
});
