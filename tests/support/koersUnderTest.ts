import { readFileSync } from 'node:fs';
import type { AppConfig, OAuthSettings, SingleTokenAppConfig } from '../../src/config.js';
import type { Database } from '../../src/db/client.js';
import { importProgramme } from '../../src/db/programmeRepository.js';
import { parseProgrammeFile } from '../../src/domain/programmeFile.js';
import { EXAMPLE_PROGRAMME_FILE, type RunningKoers, type StartOptions, startKoers } from '../../src/koers.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { TestDatabase } from './databases.js';
import { type FakeSlack, startFakeSlack } from './fakeSlack.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test-bot-token';

export interface KoersUnderTest {
  baseUrl: string;
  slack: FakeSlack;
  koers: RunningKoers;
  stop(): Promise<void>;
}

/**
 * The real app (Bolt, HTTP receiver, our HTTP front, the database of the given kind) on a free port,
 * talking to a fake Slack Web API. Only Slack itself is a stand-in.
 */
export async function startKoersUnderTest(
  database: TestDatabase,
  options: {
    now?: () => Date;
    withExample?: boolean;
    config?: Partial<SingleTokenAppConfig>;
    /** Installs through OAuth, with the tokens in the database, instead of one bot token. */
    oauth?: OAuthSettings;
    waitUntilReady?: boolean;
    /** Instead of a silent one, e.g. to read what was logged. */
    logger?: Logger;
    /** A Slack stand-in started by the test (it is closed by `stop()` all the same). */
    slack?: FakeSlack;
    slackLinkTiming?: StartOptions['slackLinkTiming'];
    /** The outbox's waits between attempts, shortened. */
    outbox?: StartOptions['outbox'];
    /** The overviews' debounce and canvas. */
    overview?: StartOptions['overview'];
    /** With `oauth`: how often the app looks for installs, uninstalls and workspaces to purge. */
    installationSweepMs?: number;
  } = {},
): Promise<KoersUnderTest> {
  if (options.withExample !== false) await importExample(database);
  const slack = options.slack ?? (await startFakeSlack());
  const singleToken: SingleTokenAppConfig = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_APP_TOKEN: undefined,
    PORT: 0,
    DATABASE_URL: database.url,
    DATA_DIR: 'memory://',
    SLACK_API_URL: slack.apiUrl,
    DEFAULT_LOCALE: 'nl',
    ADMIN_USER_IDS: [],
    LOG_LEVEL: 'silent',
    REMINDER_HOUR: 9,
    REMINDER_GRACE_HOURS: 24,
    KOERS_RETENTION_DAYS: 30,
    // The scheduler is driven tick by tick with a chosen clock in its own tests, not by the wall clock.
    SCHEDULER: 'off',
    ...options.config,
  };
  const config: AppConfig = options.oauth
    ? { ...singleToken, SLACK_BOT_TOKEN: undefined, SLACK_APP_TOKEN: undefined, SLACK_OAUTH: options.oauth }
    : singleToken;
  const koers = await startKoers({
    config,
    logger: options.logger ?? createLogger('silent'),
    database: database.handle,
    ...(options.now ? { now: options.now } : {}),
    ...(options.slackLinkTiming ? { slackLinkTiming: options.slackLinkTiming } : {}),
    ...(options.outbox ? { outbox: options.outbox } : {}),
    ...(options.overview ? { overview: options.overview } : {}),
    ...(options.installationSweepMs ? { installationSweepMs: options.installationSweepMs } : {}),
  });
  if (options.waitUntilReady !== false) await koers.ready;
  return {
    baseUrl: `http://127.0.0.1:${koers.port}`,
    slack,
    koers,
    stop: async () => {
      await koers.stop();
      await slack.close();
    },
  };
}

export async function importExample(database: TestDatabase): Promise<void> {
  await importProgrammeFile(database.handle.db);
}

/** A programme file (the example unless given) imported into a database: one workspace's, or public. */
export async function importProgrammeFile(db: Database, file = EXAMPLE_PROGRAMME_FILE): Promise<void> {
  const parsed = parseProgrammeFile(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  await importProgramme(db, parsed.programme, { now: new Date() });
}
