import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { TransactionRollbackError } from 'drizzle-orm';
import cron from 'node-cron';
import type { Database } from '../db/client.js';
import { type Locale, localeFromSlack } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import { type BotToken, botClient } from './botClient.js';
import { createComposer } from './compose.js';
import { quietSlackLogger } from './dueRunner.js';
import {
  DEFAULT_WORKER_OPTIONS,
  runTick,
  type TickReport,
  type Worker,
  type WorkerOptions,
} from './reminderWorker.js';
import { type PosterOptions, SlackPoster } from './slackPoster.js';

export interface SchedulerSettings {
  db: Database;
  logger: Logger;
  botToken: BotToken;
  slackApiUrl: string | undefined;
  hour: number;
  graceMs: number;
  defaultLocale: 'nl' | 'en';
  poster?: PosterOptions;
  worker?: Partial<WorkerOptions>;
}

/** A name for this process's claims: readable in the database, unique across restarts. */
export function newInstanceId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

function workerOptions(settings: DryRunSettings): WorkerOptions {
  return {
    ...DEFAULT_WORKER_OPTIONS,
    instanceId: newInstanceId(),
    hour: settings.hour,
    graceMs: settings.graceMs,
    ...settings.worker,
  };
}

/** The worker as the app and the CLI use it: real database, real Slack poster. */
export function createWorker(settings: SchedulerSettings): Worker {
  const options = workerOptions(settings);
  const poster = new SlackPoster(settings.botToken, settings.slackApiUrl, settings.logger, {
    concurrency: options.concurrency,
    ...settings.poster,
  });
  // A nudge's direct message is opened before its post.
  const postWorstCaseMs = poster.directMessageWorstCaseMs + poster.worstCaseMs;
  if (options.leaseMs <= postWorstCaseMs) {
    throw new Error(
      `The claim lease (${options.leaseMs} ms) must outlast a post with retries (${postWorstCaseMs} ms).`,
    );
  }
  return {
    db: settings.db,
    logger: settings.logger.child({ component: 'scheduler', instance: options.instanceId }),
    options,
    compose: createComposer(settings.db, settings.defaultLocale, personLocales(settings)),
    post: async (request) => {
      const channel = await poster.conversationOf(request.channel);
      if (typeof channel !== 'string') return channel;
      return poster.post({ channel, text: request.text, blocks: request.blocks as never }, request.delivery);
    },
    postWorstCaseMs,
  };
}

/** What a dry run needs: no Slack, since it posts nothing and asks nothing. */
export type DryRunSettings = Pick<
  SchedulerSettings,
  'db' | 'logger' | 'hour' | 'graceMs' | 'defaultLocale' | 'worker'
>;

/** One message a dry run would have posted: to whom, and its text. */
export interface WouldPost {
  key: string;
  channelId: string;
  text: string;
}

/**
 * `reminders run --dry-run`: the scheduler's own tick as of `now` (reminders, digests, nudges, the
 * catch-up rules) with a post that posts nothing. The tick runs in a transaction that is rolled back, so
 * what it plans, skips, claims and marks sent is never written: no lease outlives it, and the next real
 * tick finds the deliveries as they were. Nudges are worded in the programme's language: finding out a
 * person's own would mean asking Slack, and a dry run needs no token.
 */
export async function dryRunTick(
  settings: DryRunSettings,
  now: Date,
): Promise<{ report: TickReport; wouldPost: WouldPost[] }> {
  const wouldPost: WouldPost[] = [];
  let report: TickReport | undefined;
  try {
    await settings.db.transaction(async (tx) => {
      const worker: Worker = {
        db: tx,
        logger: settings.logger.child({ component: 'scheduler', dryRun: true }),
        // One transaction is one connection: its queries run one after the other anyway.
        options: { ...workerOptions(settings), concurrency: 1 },
        compose: createComposer(tx, settings.defaultLocale),
        post: async (request) => {
          wouldPost.push({ key: request.delivery.key, channelId: request.channel, text: request.text });
          return { kind: 'sent', ts: '' };
        },
        postWorstCaseMs: 0,
      };
      report = await runTick(worker, now);
      tx.rollback();
    });
  } catch (error) {
    if (!(error instanceof TransactionRollbackError)) throw error;
  }
  if (!report) throw new Error('the dry run ended without a report');
  return { report, wouldPost };
}

/**
 * A person's language as Slack knows it, for the nudges Koers sends them: asked once per person and
 * kept, with a short timeout and no retries of its own. Slack not answering is no reason to hold a
 * nudge back: it then goes in the programme's language, and the next tick asks again for the next one.
 */
function personLocales(settings: SchedulerSettings): (userId: string) => Promise<Locale> {
  const client = botClient(settings.botToken, {
    ...(settings.slackApiUrl ? { slackApiUrl: settings.slackApiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 5_000,
    logger: quietSlackLogger,
  });
  const known = new Map<string, Locale>();
  return async (userId) => {
    const cached = known.get(userId);
    if (cached) return cached;
    try {
      const { user } = await client.users.info({ user: userId, include_locale: true });
      const locale = localeFromSlack(user?.locale, settings.defaultLocale);
      known.set(userId, locale);
      return locale;
    } catch {
      return settings.defaultLocale;
    }
  };
}

export interface RunningScheduler {
  /** Resolves once the running tick (if any) is done; no new tick starts. */
  stop(): Promise<void>;
}

/**
 * Every instance ticks every minute; the claims in the database decide who posts what. A tick
 * never overlaps the previous one in the same process, and a failing tick (database away) is
 * logged and the next minute tries again.
 */
export function startScheduler(
  worker: Worker,
  now: () => Date = () => new Date(),
  /** Also each tick: the outbox's drain (outboxWorker.ts), so owed messages any instance left go out. */
  drainOutbox?: () => Promise<unknown>,
): RunningScheduler {
  let running: Promise<unknown> | null = null;
  let stopping = false;
  const stoppable: Worker = { ...worker, stopping: () => stopping };
  const tick = () => {
    if (running || stopping) return;
    const outbox = drainOutbox?.().catch((error: unknown) =>
      worker.logger.warn({ err: error }, 'draining the outbox failed; retrying next minute'),
    );
    running = runTick(stoppable, now())
      .then((report) => {
        if (report.sent.length + report.failed.length + report.skipped.length + report.released.length > 0) {
          worker.logger.info(
            {
              sent: report.sent.length,
              failed: report.failed.length,
              skipped: report.skipped.length,
              released: report.released.length,
              unrecorded: report.unrecorded.length,
            },
            'scheduler tick',
          );
        }
      })
      .catch((error: unknown) =>
        worker.logger.warn({ err: error }, 'scheduler tick failed; retrying next minute'),
      )
      .then(() => outbox)
      .finally(() => {
        running = null;
      });
  };
  const task = cron.schedule('* * * * *', tick);
  // Catch up at once on start instead of waiting for the first full minute.
  tick();
  return {
    stop: async () => {
      stopping = true;
      await task.stop();
      await running;
    },
  };
}
