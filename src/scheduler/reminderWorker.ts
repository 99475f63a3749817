import type { Database } from '../db/client.js';
import {
  claimDue,
  claimFailed,
  type Delivery,
  duePending,
  markFailed,
  markSent,
  markSkipped,
  releaseForRetry,
  releaseUntried,
  syncPlannedDeliveries,
} from '../db/deliveryRepository.js';
import { loadProgramme } from '../db/programmeRepository.js';
import { subscribedChannels } from '../db/subscriptionRepository.js';
import { dueAfterCatchUp } from '../domain/catchUp.js';
import { digestKey, type PlannedDelivery, reminderKey, UNKNOWN_OUTCOME } from '../domain/deliveryKeys.js';
import { type DigestWeek, digestWeekOf } from '../domain/digest.js';
import { planNudges } from '../domain/nudgePlan.js';
import type { Programme } from '../domain/programme.js';
import { type PlannedReminder, planProgrammeReminders } from '../domain/reminderPlan.js';
import type { Logger } from '../logger.js';
import type { DeliveryRetryOutcome } from '../usecases/deliveryLog.js';
import { mapWithConcurrency } from './concurrency.js';
import { skipMutedNudges, wantedNudges } from './nudges.js';
import type { DeliveryMark, PostOutcome } from './slackPoster.js';

export interface WorkerOptions {
  /** This instance's name on its claims, so only it settles them. */
  instanceId: string;
  /** Local hour reminders are posted at (default 9). */
  hour: number;
  /** How late a missed reminder may still be posted. */
  graceMs: number;
  /** How long a claim is ours; must exceed the poster's worst case, so no one takes over mid-post. */
  leaseMs: number;
  /** Parallel posts in one fan-out. */
  concurrency: number;
  /** Claims per delivery before a passing failure becomes a recorded failure. */
  maxAttempts: number;
  /**
   * How long the outcome of a post is written again while the database is away. Given up, the claim
   * stays as it was: when its lease has run out the next claim finds the message in the channel.
   */
  recordWithinMs: number;
}

export const DEFAULT_WORKER_OPTIONS: Omit<WorkerOptions, 'instanceId'> = {
  hour: 9,
  graceMs: 24 * 60 * 60 * 1000,
  leaseMs: 5 * 60 * 1000,
  concurrency: 8,
  maxAttempts: 5,
  recordWithinMs: 60_000,
};

/** What to post for one delivery; rendering is the Slack layer's business. */
export type ComposeDelivery = (
  delivery: Delivery,
  context: { programme: Programme; now: Date },
) => Promise<PostRequest>;
export interface PostRequest {
  channel: string;
  text: string;
  blocks?: unknown[];
}
/** A composed delivery as the poster takes it: the message, and which delivery it is. */
export interface MarkedPostRequest extends PostRequest {
  delivery: DeliveryMark;
}
export type Post = (request: MarkedPostRequest) => Promise<PostOutcome>;

export interface TickReport {
  planned: number;
  skipped: { id: number; key: string; channelId: string; reason: string }[];
  sent: { id: number; key: string; channelId: string; ts: string }[];
  failed: { id: number; key: string; channelId: string; error: string }[];
  retrying: { id: number; key: string; channelId: string; error: string }[];
  /** Slack may have it but its channel could not be checked: a later claim looks there before posting. */
  unknown: { id: number; key: string; channelId: string; error: string }[];
  /** Claimed but given back untried: the instance was stopping, or too little of the lease was left. */
  released: { id: number; key: string; channelId: string }[];
  /**
   * Outcomes the database could not take (it was away for longer than `recordWithinMs`). A post among
   * them is in its channel: the next claim, once the lease has run out, finds it there and records it.
   */
  unrecorded: { id: number; key: string; channelId: string; outcome: UnrecordedOutcome }[];
}

export type UnrecordedOutcome = 'sent' | 'failed' | 'retrying' | 'unknown' | 'released';

function emptyReport(): TickReport {
  return {
    planned: 0,
    skipped: [],
    sent: [],
    failed: [],
    retrying: [],
    unknown: [],
    released: [],
    unrecorded: [],
  };
}

export interface Worker {
  db: Database;
  logger: Logger;
  options: WorkerOptions;
  compose: ComposeDelivery;
  post: Post;
  /**
   * The longest one post can take, retries included (SlackPoster.worstCaseMs). A claim with less of its
   * lease left than this is given back untried: another instance may take over an expired lease, and a
   * post still under way then would be posted twice.
   */
  postWorstCaseMs: number;
  /** True once the instance is shutting down: posts in flight finish, the rest is given back. */
  stopping?: () => boolean;
}

/**
 * One scheduler tick as of `now`, the same whether node-cron called it or `koers reminders run --at`
 * (with `--dry-run` too: see `dryRunTick`): bring the stored deliveries in line with the plan, apply the catch-up rules, then claim and post what
 * is due. Safe to run in any number of instances at once: every post is preceded by a claim in the
 * database, and a delivery once sent is never posted again.
 */
export async function runTick(worker: Worker, now: Date): Promise<TickReport> {
  const report = emptyReport();
  const programme = await loadProgramme(worker.db, { updatesPerProject: 0 });
  if (!programme) return report;

  const plan = planProgrammeReminders(programme, worker.options.hour);
  const byKey = new Map(plan.map((reminder) => [reminderKey(reminder), reminder]));
  report.planned = plan.length;

  await syncPlannedDeliveries(worker.db, 'reminder', await wantedReminders(worker.db, plan), now);
  await syncPlannedDeliveries(
    worker.db,
    'digest',
    await wantedDigests(worker.db, programme, now, worker.options.hour),
    now,
  );
  const nudges = await wantedNudges(worker.db, programme, planNudges(programme, worker.options.hour), now);
  await syncPlannedDeliveries(worker.db, 'nudge', nudges.wanted, now);
  for (const muted of await skipMutedNudges(worker.db, now)) {
    report.skipped.push(muted);
    worker.logger.info({ deliveryId: muted.id, key: muted.key, reason: muted.reason }, 'delivery skipped');
  }
  await applyCatchUp(worker, new Map([...byKey, ...nudges.byKey]), programme, now, report);

  // Leases run on the database's clock from the claim, whatever `now` says. Measured from before the
  // claim was asked for, what is left of them here is never more than what the database grants.
  const claimedAt = Date.now();
  const claimed = await claimDue(worker.db, {
    now,
    instanceId: worker.options.instanceId,
    leaseMs: worker.options.leaseMs,
    limit: 1_000,
  });
  await mapWithConcurrency(claimed, worker.options.concurrency, async (delivery) => {
    const leaseLeftMs = worker.options.leaseMs - (Date.now() - claimedAt);
    if (worker.stopping?.() || leaseLeftMs <= worker.postWorstCaseMs) {
      const entry = { id: delivery.id, key: delivery.key, channelId: delivery.channelId };
      report.released.push(entry);
      // Not given back, the claim is taken again when its lease runs out: nothing was posted either way.
      if (
        !(await record(worker, () => releaseUntried(worker.db, delivery.id, worker.options.instanceId, now)))
      )
        report.unrecorded.push({ ...entry, outcome: 'released' });
      return;
    }
    await deliver(worker, delivery, programme, now, report);
  });
  return report;
}

/**
 * Posts a failed delivery again, now, through a claim like any tick's: only the caller that turns the
 * failed row into its claim posts, so two clicks, or a click during a tick, post once.
 */
export async function retryFailedDelivery(
  worker: Worker,
  id: number,
  now: Date,
): Promise<DeliveryRetryOutcome> {
  const programme = await loadProgramme(worker.db, { updatesPerProject: 0 });
  if (!programme) return { kind: 'notFailed' };
  const delivery = await claimFailed(worker.db, {
    id,
    now,
    instanceId: worker.options.instanceId,
    leaseMs: worker.options.leaseMs,
  });
  if (!delivery) return { kind: 'notFailed' };
  const report = emptyReport();
  await deliver(worker, delivery, programme, now, report);
  const { channelId } = delivery;
  const failed = report.failed[0] ?? report.retrying[0] ?? report.unknown[0];
  if (report.sent.length > 0 || !failed) return { kind: 'sent', channelId };
  return report.failed.length > 0
    ? { kind: 'failed', channelId, error: failed.error }
    : { kind: 'retrying', channelId, error: failed.error };
}

async function wantedReminders(db: Database, plan: PlannedReminder[]): Promise<PlannedDelivery[]> {
  const channels = await subscribedChannels(db, 'reminders');
  return channels.flatMap((channelId) =>
    plan.map((reminder) => ({
      kind: 'reminder' as const,
      key: reminderKey(reminder),
      channelId,
      phaseId: reminder.phaseId,
      offset: reminder.offset,
      dueAt: reminder.dueAt,
    })),
  );
}

/** This week's digest, and last week's so that one missed during downtime meets the catch-up rules. */
async function wantedDigests(
  db: Database,
  programme: Programme,
  now: Date,
  hour: number,
): Promise<PlannedDelivery[]> {
  const channels = await subscribedChannels(db, 'digest');
  const weekMs = 7 * 24 * 60 * 60 * 1000;
  const weeks: DigestWeek[] = [
    digestWeekOf(new Date(now.getTime() - weekMs), programme.info.timezone, hour),
    digestWeekOf(now, programme.info.timezone, hour),
  ];
  return channels.flatMap((channelId) =>
    weeks.map((week) => ({
      kind: 'digest' as const,
      key: digestKey(week),
      channelId,
      phaseId: null,
      offset: null,
      dueAt: week.dueAt,
    })),
  );
}

/** Missed deliveries: post the latest per phase and channel if still useful, record the rest as skipped. */
async function applyCatchUp(
  worker: Worker,
  plan: ReadonlyMap<string, { dueAt: Date; targetDay: string; skip?: string }>,
  programme: Programme,
  now: Date,
  report: TickReport,
): Promise<void> {
  const due = await duePending(worker.db, now);
  const { skip } = dueAfterCatchUp(due, plan, now, {
    timezone: programme.info.timezone,
    graceMs: worker.options.graceMs,
  });
  for (const { delivery, reason } of skip) {
    await markSkipped(worker.db, [delivery.id], reason, now);
    report.skipped.push({ id: delivery.id, key: delivery.key, channelId: delivery.channelId, reason });
    worker.logger.info(
      { deliveryId: delivery.id, key: delivery.key, channel: delivery.channelId, reason },
      'delivery skipped',
    );
  }
}

/**
 * Posts one claimed delivery and records what became of it. Never throws: a database that went away
 * after the post must not take the outcome with it (see `record`), nor stop the rest of the fan-out.
 */
async function deliver(
  worker: Worker,
  delivery: Delivery,
  programme: Programme,
  now: Date,
  report: TickReport,
) {
  const { db, options, logger } = worker;
  const entry = { id: delivery.id, key: delivery.key, channelId: delivery.channelId };
  const log = logger.child({ deliveryId: delivery.id, key: delivery.key, channel: delivery.channelId });
  const mark: DeliveryMark = {
    kind: delivery.kind,
    key: delivery.key,
    since: delivery.firstClaimedAt ?? new Date(),
    // An earlier claim of this delivery may have reached Slack even if its outcome never reached us; a
    // nudge is looked for in the person's direct message (im:history), a reminder in its channel.
    mayAlreadyBePosted: delivery.attempts > 1,
  };
  let outcome: PostOutcome;
  try {
    outcome = await worker.post({ ...(await worker.compose(delivery, { programme, now })), delivery: mark });
  } catch (error) {
    outcome = { kind: 'transient', error: (error as Error).message };
  }
  const settle = async (outcomeKind: UnrecordedOutcome, write: () => Promise<unknown>) => {
    if (!(await record(worker, write))) {
      report.unrecorded.push({ ...entry, outcome: outcomeKind });
      log.warn({ outcome: outcomeKind }, 'delivery outcome not recorded: the database is away');
    }
  };
  if (outcome.kind === 'sent') {
    const { ts } = outcome;
    report.sent.push({ ...entry, ts });
    log.info({ ts }, 'delivery sent');
    await settle('sent', () => markSent(db, delivery.id, ts, now));
  } else if (outcome.kind === 'permanent' || delivery.attempts >= options.maxAttempts) {
    const error = outcome.kind === 'unknown' ? `${UNKNOWN_OUTCOME}${outcome.error}` : outcome.error;
    report.failed.push({ ...entry, error });
    log.warn({ error, attempts: delivery.attempts }, 'delivery failed');
    await settle('failed', () => markFailed(db, delivery.id, options.instanceId, error, now));
  } else {
    const { error } = outcome;
    (outcome.kind === 'unknown' ? report.unknown : report.retrying).push({ ...entry, error });
    log.warn(
      { error, attempts: delivery.attempts },
      outcome.kind === 'unknown'
        ? 'delivery outcome unknown; the channel is checked before it is tried again'
        : 'delivery will be retried',
    );
    await settle(outcome.kind === 'unknown' ? 'unknown' : 'retrying', () =>
      releaseForRetry(db, delivery.id, options.instanceId, error, now),
    );
  }
}

/**
 * Writes an outcome, again and again while the database is away, for up to `recordWithinMs`. True once
 * written. A post's outcome is the one thing the database cannot learn again by itself except by
 * looking in the channel, so it is worth waiting for.
 */
async function record(worker: Worker, write: () => Promise<unknown>): Promise<boolean> {
  const giveUpAt = Date.now() + worker.options.recordWithinMs;
  for (let pause = 100; ; pause = Math.min(pause * 2, 5_000)) {
    // While the database is cut a query may also just wait for a connection: it is waited for only as
    // long as the window lasts (and may still land afterwards, which writes the same outcome).
    if (await withinMs(write(), giveUpAt - Date.now())) return true;
    const left = giveUpAt - Date.now();
    if (left <= 0) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, left)));
  }
}

/** True when `work` succeeds within `ms`; false when it fails or is still running then. */
function withinMs(work: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), Math.max(0, ms));
    work.then(
      () => resolve(true),
      () => resolve(false),
    );
    work.finally(() => clearTimeout(timer)).catch(() => {});
  });
}
