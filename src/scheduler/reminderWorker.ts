import type { Database } from '../db/client.js';
import {
  claimDue,
  claimFailed,
  type Delivery,
  duePending,
  listDeliveries,
  markFailed,
  markSent,
  markSkipped,
  releaseForRetry,
  releaseUntried,
  syncPlannedDeliveries,
  type WantedDelivery,
} from '../db/deliveryRepository.js';
import { loadProgramme } from '../db/programmeRepository.js';
import { subscribedChannels } from '../db/subscriptionRepository.js';
import { dueAfterCatchUp } from '../domain/catchUp.js';
import { digestKey, reminderKey } from '../domain/deliveryKeys.js';
import { type DigestWeek, digestWeekOf } from '../domain/digest.js';
import type { Programme } from '../domain/programme.js';
import { type PlannedReminder, planProgrammeReminders } from '../domain/reminderPlan.js';
import type { Logger } from '../logger.js';
import type { DeliveryRetryOutcome } from '../usecases/deliveryLog.js';
import { mapWithConcurrency } from './concurrency.js';
import type { PostOutcome } from './slackPoster.js';

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
}

export const DEFAULT_WORKER_OPTIONS: Omit<WorkerOptions, 'instanceId'> = {
  hour: 9,
  graceMs: 24 * 60 * 60 * 1000,
  leaseMs: 5 * 60 * 1000,
  concurrency: 8,
  maxAttempts: 5,
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
export type Post = (request: PostRequest) => Promise<PostOutcome>;

export interface TickReport {
  planned: number;
  skipped: { id: number; key: string; channelId: string; reason: string }[];
  sent: { id: number; key: string; channelId: string; ts: string }[];
  failed: { id: number; key: string; channelId: string; error: string }[];
  retrying: { id: number; key: string; channelId: string; error: string }[];
  /** Claimed but given back untried: the instance was stopping, or too little of the lease was left. */
  released: { id: number; key: string; channelId: string }[];
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
 * One scheduler tick as of `now`, the same whether node-cron called it or `koers reminders run --at`:
 * bring the stored deliveries in line with the plan, apply the catch-up rules, then claim and post what
 * is due. Safe to run in any number of instances at once: every post is preceded by a claim in the
 * database, and a delivery once sent is never posted again.
 */
export async function runTick(
  worker: Worker,
  now: Date,
  options: { dryRun?: boolean } = {},
): Promise<TickReport> {
  const report: TickReport = { planned: 0, skipped: [], sent: [], failed: [], retrying: [], released: [] };
  const programme = await loadProgramme(worker.db, { updatesPerProject: 0 });
  if (!programme) return report;

  const plan = planProgrammeReminders(programme, worker.options.hour);
  const byKey = new Map(plan.map((reminder) => [reminderKey(reminder), reminder]));
  report.planned = plan.length;
  if (options.dryRun) return dryRun(worker, programme, { plan, byKey }, now, report);

  await syncPlannedDeliveries(worker.db, 'reminder', await wantedReminders(worker.db, plan), now);
  await syncPlannedDeliveries(
    worker.db,
    'digest',
    await wantedDigests(worker.db, programme, now, worker.options.hour),
    now,
  );
  await applyCatchUp(worker, byKey, programme, now, report);

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
      await releaseUntried(worker.db, delivery.id, worker.options.instanceId, now);
      report.released.push({ id: delivery.id, key: delivery.key, channelId: delivery.channelId });
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
  const report: TickReport = { planned: 0, skipped: [], sent: [], failed: [], retrying: [], released: [] };
  await deliver(worker, delivery, programme, now, report);
  const { channelId } = delivery;
  const failed = report.failed[0] ?? report.retrying[0];
  if (report.sent.length > 0 || !failed) return { kind: 'sent', channelId };
  return report.failed.length > 0
    ? { kind: 'failed', channelId, error: failed.error }
    : { kind: 'retrying', channelId, error: failed.error };
}

async function wantedReminders(db: Database, plan: PlannedReminder[]): Promise<WantedDelivery[]> {
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
): Promise<WantedDelivery[]> {
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
  plan: Map<string, PlannedReminder>,
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
  let outcome: PostOutcome;
  try {
    outcome = await worker.post(await worker.compose(delivery, { programme, now }));
  } catch (error) {
    outcome = { kind: 'transient', error: (error as Error).message };
  }
  if (outcome.kind === 'sent') {
    await markSent(db, delivery.id, options.instanceId, outcome.ts, now);
    report.sent.push({ ...entry, ts: outcome.ts });
    log.info({ ts: outcome.ts }, 'delivery sent');
  } else if (outcome.kind === 'permanent' || delivery.attempts >= options.maxAttempts) {
    await markFailed(db, delivery.id, options.instanceId, outcome.error, now);
    report.failed.push({ ...entry, error: outcome.error });
    log.warn({ error: outcome.error, attempts: delivery.attempts }, 'delivery failed');
  } else {
    await releaseForRetry(db, delivery.id, options.instanceId, outcome.error, now);
    report.retrying.push({ ...entry, error: outcome.error });
    log.warn({ error: outcome.error, attempts: delivery.attempts }, 'delivery will be retried');
  }
}

/** What a tick would post, without writing or posting anything: due, not yet settled, not superseded. */
async function dryRun(
  worker: Worker,
  programme: Programme,
  { plan, byKey }: { plan: PlannedReminder[]; byKey: Map<string, PlannedReminder> },
  now: Date,
  report: TickReport,
): Promise<TickReport> {
  const settled = new Set(
    (await listDeliveries(worker.db))
      .filter((delivery) => delivery.status !== 'pending')
      .map((delivery) => `${delivery.key}|${delivery.channelId}`),
  );
  const due = (await wantedReminders(worker.db, plan))
    .map((wanted, id) => ({ ...wanted, id }))
    .filter((wanted) => wanted.dueAt <= now && !settled.has(`${wanted.key}|${wanted.channelId}`));
  const { send } = dueAfterCatchUp(due, byKey, now, {
    timezone: programme.info.timezone,
    graceMs: worker.options.graceMs,
  });
  for (const wanted of send)
    report.sent.push({ id: 0, key: wanted.key, channelId: wanted.channelId, ts: '(dry run)' });
  return report;
}
