import { count, eq } from 'drizzle-orm';
import { deliveries } from '../src/db/schema.js';
import { subscribe } from '../src/db/subscriptionRepository.js';
import { createLogger } from '../src/logger.js';
import { createWorker } from '../src/scheduler/index.js';
import { runTick } from '../src/scheduler/reminderWorker.js';
import { startFakeSlack } from '../tests/support/fakeSlack.js';
import type { BenchDatabase } from './databases.js';

/**
 * One reminder to many channels, through a fake Web API that rate-limits as Slack does: a token
 * bucket per channel (chat.postMessage: about one post per second per channel, with a small burst)
 * and one for the whole workspace, answering 429 with Retry-After (whole seconds, as Slack) when
 * either is empty. The worker is Koers's own (createWorker, production poster settings), run in
 * this process: one tick a minute before, which plans the deliveries as the app's every-minute tick
 * would have, then the measured tick at the instant the example's PDO meeting reminder (P7D) is due.
 */

export interface FanoutSettings {
  channels: number;
  /** Posts per second allowed to the whole workspace, and how many may come at once. */
  globalRate: number;
  globalBurst: number;
  /** Posts per second allowed to one channel, and how many may come at once. */
  channelRate: number;
  channelBurst: number;
}

export const FANOUT_SETTINGS: FanoutSettings = {
  channels: 500,
  globalRate: 50,
  globalBurst: 50,
  channelRate: 1,
  channelBurst: 2,
};

/** Thursday 1 June 2017, 09:00 Amsterdam: the example's PDO meeting, 7 days ahead. */
export const FANOUT_INSTANT = new Date('2017-06-01T07:00:00Z');

export interface FanoutResult {
  settings: FanoutSettings;
  /** Posts Slack accepted. */
  delivered: number;
  /** Deliveries the database records as sent. */
  recordedSent: number;
  /** Accepted posts to a channel that already had that message: must be 0. */
  doubles: number;
  /** Answers 429 (rate limited). */
  rateLimited: number;
  /** From the start of the due tick to the last accepted post. */
  deliverAllMs: number;
  /** From the start of the due tick to the first post (catch-up rules, claims). */
  firstPostMs: number;
  /** The least time the rate limits allow for all posts. */
  lowerBoundMs: number;
  ticks: number;
  failed: number;
  /** The tick of the minute before, which planned the deliveries (and posted nothing). */
  planningMs: number;
  planned: number;
}

/** Continuous token bucket: `capacity` tokens, refilled at `rate` per second; starts full. */
class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly rate: number,
    private readonly capacity: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }
  /** Milliseconds until one token is there (0: there is one now). */
  waitMs(now: number): number {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    return this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.rate) * 1000;
  }
  take(): void {
    this.tokens -= 1;
  }
}

/** The least time the buckets allow: each starts full, so its burst goes at once, the rest at its rate. */
export function fanoutLowerBoundMs(settings: FanoutSettings, postsPerChannel: number): number {
  const total = settings.channels * postsPerChannel;
  const global = Math.max(0, total - settings.globalBurst) / settings.globalRate;
  const perChannel = Math.max(0, postsPerChannel - settings.channelBurst) / settings.channelRate;
  return Math.max(global, perChannel) * 1000;
}

export async function runFanout(
  database: BenchDatabase,
  settings: FanoutSettings = FANOUT_SETTINGS,
): Promise<FanoutResult> {
  const db = database.handle.db;
  const channels = Array.from({ length: settings.channels }, (_, i) => `CF${String(i + 1).padStart(6, '0')}`);
  for (const channel of channels) await subscribe(db, channel, 'reminders', null, new Date());

  const slack = await startFakeSlack();
  try {
    let global: TokenBucket | null = null;
    const perChannel = new Map<string, TokenBucket>();
    const accepted: { channel: string; text: string; at: number }[] = [];
    let rateLimited = 0;
    slack.setHandler('chat.postMessage', (args) => {
      const now = performance.now();
      const channel = String(args.channel);
      global ??= new TokenBucket(settings.globalRate, settings.globalBurst, now);
      let bucket = perChannel.get(channel);
      if (!bucket) {
        bucket = new TokenBucket(settings.channelRate, settings.channelBurst, now);
        perChannel.set(channel, bucket);
      }
      const waitMs = Math.max(global.waitMs(now), bucket.waitMs(now));
      if (waitMs > 0) {
        rateLimited++;
        return {
          status: 429,
          headers: { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) },
        };
      }
      global.take();
      bucket.take();
      accepted.push({ channel, text: String(args.text), at: now });
      return undefined;
    });

    const worker = createWorker({
      db,
      logger: createLogger('silent'),
      botToken: 'xoxb-bench',
      slackApiUrl: slack.apiUrl,
      hour: 9,
      graceMs: 24 * 60 * 60 * 1000,
      defaultLocale: 'nl',
    });

    // The app ticks every minute: the tick before the due one has already planned the deliveries.
    const planningStarted = performance.now();
    const planning = await runTick(worker, new Date(FANOUT_INSTANT.getTime() - 60_000));
    const planningMs = performance.now() - planningStarted;
    if (planning.sent.length > 0 || accepted.length > 0) throw new Error('the planning tick posted');

    const started = performance.now();
    let ticks = 0;
    let sent = 0;
    let failed = 0;
    // A post that is refused four times in a row is given back for a later tick; in the app that
    // tick comes a minute later, here at once (and counted).
    while (ticks < 5) {
      ticks++;
      const report = await runTick(worker, FANOUT_INSTANT);
      sent += report.sent.length;
      failed += report.failed.length;
      if (report.retrying.length === 0) break;
    }

    const keys = new Set(accepted.map((post) => `${post.channel}|${post.text}`));
    const [recorded] = await db
      .select({ count: count() })
      .from(deliveries)
      .where(eq(deliveries.status, 'sent'));
    const postsPerChannel = accepted.length > 0 ? Math.max(1, Math.round(sent / settings.channels)) : 1;
    return {
      settings,
      delivered: accepted.length,
      recordedSent: recorded?.count ?? 0,
      doubles: accepted.length - keys.size,
      rateLimited,
      deliverAllMs: accepted.length > 0 ? accepted[accepted.length - 1]!.at - started : Number.NaN,
      firstPostMs: accepted.length > 0 ? accepted[0]!.at - started : Number.NaN,
      lowerBoundMs: fanoutLowerBoundMs(settings, postsPerChannel),
      ticks,
      failed,
      planningMs,
      planned: planning.planned * settings.channels,
    };
  } finally {
    await slack.close();
  }
}
