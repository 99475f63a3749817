import type { Database } from '../../src/db/client.js';
import type { Logger } from '../../src/logger.js';
import { createLogger } from '../../src/logger.js';
import type { BotToken } from '../../src/scheduler/botClient.js';
import { createWorker } from '../../src/scheduler/index.js';
import type { Worker, WorkerOptions } from '../../src/scheduler/reminderWorker.js';
import type { PosterOptions } from '../../src/scheduler/slackPoster.js';
import type { TestDatabase } from './databases.js';
import type { FakeSlack } from './fakeSlack.js';
import { BOT_TOKEN } from './koersUnderTest.js';

/**
 * A scheduler worker as the app builds it, posting to the fake Slack; waits are shortened for tests.
 * `as` posts as an installed workspace: its tables and its token look-up instead of BOT_TOKEN.
 */
export function workerFor(
  database: TestDatabase,
  slack: FakeSlack,
  options: Partial<WorkerOptions> = {},
  poster: PosterOptions = {},
  as: { db?: Database; botToken?: BotToken; logger?: Logger } = {},
): Worker {
  return createWorker({
    db: as.db ?? database.handle.db,
    logger: as.logger ?? createLogger('silent'),
    botToken: as.botToken ?? BOT_TOKEN,
    slackApiUrl: slack.apiUrl,
    hour: 9,
    graceMs: 24 * 60 * 60 * 1000,
    defaultLocale: 'nl',
    poster: { backoffMs: 20, timeoutMs: 5_000, maxRetryAfterMs: 5_000, ...poster },
    worker: options,
  });
}

/** chat.postMessage calls, as (phase title in the header) → channel. */
export function postedReminders(slack: FakeSlack): { channel: string; text: string }[] {
  return slack.callsTo('chat.postMessage').map((call) => ({
    channel: String(call.args.channel),
    text: String(call.args.text),
  }));
}
