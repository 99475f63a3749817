import { and, asc, desc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import { BEFORE_SUBSCRIPTION } from '../domain/catchUp.js';
import type { PlannedDelivery } from '../domain/deliveryKeys.js';
import type { Database } from './client.js';
import { deliveries, subscriptions } from './schema.js';

export type Delivery = typeof deliveries.$inferSelect;

/**
 * Makes the stored deliveries match the plan: adds the missing ones, moves the due instant of those not
 * yet sent when their phase moved, and withdraws unsent ones the plan no longer has (phase removed,
 * channel unsubscribed). Sent, failed and skipped rows are history and are never touched.
 */
export async function syncPlannedDeliveries(
  db: Database,
  kind: PlannedDelivery['kind'],
  wanted: PlannedDelivery[],
  now: Date,
): Promise<{ added: number; moved: number; withdrawn: number }> {
  return db.transaction(async (tx) => {
    const existing = await tx
      .select({
        id: deliveries.id,
        key: deliveries.key,
        channelId: deliveries.channelId,
        dueAt: deliveries.dueAt,
        status: deliveries.status,
      })
      .from(deliveries)
      .where(eq(deliveries.kind, kind));
    const byIdentity = new Map(existing.map((row) => [`${row.key}|${row.channelId}`, row]));

    const missing = wanted.filter((want) => !byIdentity.has(`${want.key}|${want.channelId}`));
    if (missing.length > 0) {
      await tx
        .insert(deliveries)
        .values(missing.map((want) => ({ ...want, createdAt: now, updatedAt: now })))
        .onConflictDoNothing();
    }

    let moved = 0;
    for (const want of wanted) {
      const row = byIdentity.get(`${want.key}|${want.channelId}`);
      if (row && row.status === 'pending' && row.dueAt.getTime() !== want.dueAt.getTime()) {
        await tx
          .update(deliveries)
          .set({ dueAt: want.dueAt, updatedAt: now })
          .where(and(eq(deliveries.id, row.id), eq(deliveries.status, 'pending')));
        moved++;
      }
    }

    const wantedIds = new Set(wanted.map((want) => `${want.key}|${want.channelId}`));
    const stale = existing
      .filter((row) => row.status === 'pending' && !wantedIds.has(`${row.key}|${row.channelId}`))
      .map((row) => row.id);
    if (stale.length > 0) {
      await tx.delete(deliveries).where(and(inArray(deliveries.id, stale), eq(deliveries.status, 'pending')));
    }
    return { added: missing.length, moved, withdrawn: stale.length };
  });
}

/**
 * Pending deliveries whose instant has come, with when their channel subscribed to their kind: the
 * candidates for the catch-up rules.
 */
export async function duePending(
  db: Database,
  now: Date,
): Promise<(Delivery & { subscribedAt: Date | null })[]> {
  const rows = await db
    .select({ delivery: deliveries, subscribedAt: subscriptions.createdAt })
    .from(deliveries)
    .leftJoin(
      subscriptions,
      and(
        eq(subscriptions.channelId, deliveries.channelId),
        sql`${subscriptions.topic}::text = case when ${deliveries.kind}::text = 'digest' then 'digest' else 'reminders' end`,
      ),
    )
    .where(and(eq(deliveries.status, 'pending'), lte(deliveries.dueAt, now)))
    .orderBy(asc(deliveries.dueAt), asc(deliveries.id));
  return rows.map((row) => ({ ...row.delivery, subscribedAt: row.subscribedAt }));
}

export async function markSkipped(db: Database, ids: number[], reason: string, now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(deliveries)
    .set({ status: 'skipped', lastError: reason, updatedAt: now })
    .where(and(inArray(deliveries.id, ids), eq(deliveries.status, 'pending')));
}

/**
 * Claims up to `limit` due deliveries for this instance, atomically: pending ones whose time has
 * come, and claimed ones whose lease ran out (their instance died). `SKIP LOCKED` lets several
 * instances claim at once without waiting on each other or taking the same row.
 *
 * Due-ness follows `now`, the tick's instant, which `koers reminders run --at` may set anywhere. Leases
 * follow the database's clock alone: the one clock all instances share, so an instance whose own clock
 * runs ahead, or a tick replaying another day, can never take over a claim still being posted.
 */
export async function claimDue(
  db: Database,
  options: { now: Date; instanceId: string; leaseMs: number; limit: number; ids?: number[] },
): Promise<Delivery[]> {
  const { now } = options;
  const claimable = or(
    and(eq(deliveries.status, 'pending'), lte(deliveries.dueAt, now)),
    and(eq(deliveries.status, 'claimed'), lt(deliveries.leaseUntil, sql`now()`)),
  );
  const candidates = db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(options.ids ? and(claimable, inArray(deliveries.id, options.ids)) : claimable)
    .orderBy(asc(deliveries.dueAt), asc(deliveries.id))
    .limit(options.limit)
    .for('update', { skipLocked: true });
  return db.update(deliveries).set(claimFor(options)).where(inArray(deliveries.id, candidates)).returning();
}

/**
 * What a claim writes: whose it is, until when by the database's clock, and one attempt more; the first
 * claim also when it was taken, the instant from which its message is looked for in the channel.
 */
function claimFor(options: { now: Date; instanceId: string; leaseMs: number }) {
  return {
    status: 'claimed' as const,
    claimedBy: options.instanceId,
    leaseUntil: sql`now() + ${options.leaseMs}::double precision * interval '1 millisecond'`,
    attempts: sql`${deliveries.attempts} + 1`,
    firstClaimedAt: sql`coalesce(${deliveries.firstClaimedAt}, now())`,
    updatedAt: options.now,
  };
}

/** Only the holder of the claim may settle it: a lease taken over by another instance is theirs. */
function heldBy(id: number, instanceId: string) {
  return and(eq(deliveries.id, id), eq(deliveries.status, 'claimed'), eq(deliveries.claimedBy, instanceId));
}

/**
 * Records that Slack took the delivery, whoever holds its claim by now: a message in the channel is a
 * fact, and a claim taken over meanwhile (the write came late, after a database outage) must not post it
 * again. Only a delivery already recorded as sent is left as it is.
 */
export async function markSent(db: Database, id: number, messageTs: string, now: Date) {
  await db
    .update(deliveries)
    .set({ status: 'sent', messageTs, sentAt: now, leaseUntil: null, lastError: null, updatedAt: now })
    .where(and(eq(deliveries.id, id), inArray(deliveries.status, ['claimed', 'pending', 'failed'])));
}

export async function markFailed(db: Database, id: number, instanceId: string, error: string, now: Date) {
  await db
    .update(deliveries)
    .set({ status: 'failed', lastError: error, leaseUntil: null, updatedAt: now })
    .where(heldBy(id, instanceId));
}

/** Gives a claim back after a passing failure, so a later tick (of any instance) tries again. */
export async function releaseForRetry(
  db: Database,
  id: number,
  instanceId: string,
  error: string,
  now: Date,
) {
  await db
    .update(deliveries)
    .set({ status: 'pending', claimedBy: null, leaseUntil: null, lastError: error, updatedAt: now })
    .where(heldBy(id, instanceId));
}

export async function listDeliveries(db: Database, filter: { channelId?: string } = {}): Promise<Delivery[]> {
  return db
    .select()
    .from(deliveries)
    .where(filter.channelId ? eq(deliveries.channelId, filter.channelId) : undefined)
    .orderBy(asc(deliveries.dueAt), asc(deliveries.id));
}

/** Gives back a claim that was never tried (the instance is stopping): as if it had not been claimed. */
export async function releaseUntried(db: Database, id: number, instanceId: string, now: Date) {
  await db
    .update(deliveries)
    .set({
      status: 'pending',
      claimedBy: null,
      leaseUntil: null,
      attempts: sql`greatest(${deliveries.attempts} - 1, 0)`,
      // Never tried at all: no message of it can be in the channel.
      firstClaimedAt: sql`case when ${deliveries.attempts} <= 1 then null else ${deliveries.firstClaimedAt} end`,
      updatedAt: now,
    })
    .where(heldBy(id, instanceId));
}

/** A settled delivery in the log, with how many older ones its channel has beyond those returned. */
export interface LoggedDelivery extends Delivery {
  /** Settled deliveries of this channel in all, shown or not. */
  channelTotal: number;
}

/**
 * The latest settled deliveries (sent, failed, skipped, but not what came due before the channel
 * subscribed) of every channel, newest first within a channel, at most `perChannel` each; channels ordered by their latest delivery.
 */
export async function recentDeliveries(
  db: Database,
  options: { perChannel: number },
): Promise<LoggedDelivery[]> {
  const ranked = db
    .select({
      id: deliveries.id,
      rank: sql<number>`row_number() over (partition by ${deliveries.channelId} order by ${deliveries.updatedAt} desc, ${deliveries.id} desc)`.as(
        'rank',
      ),
      channelTotal: sql<number>`count(*) over (partition by ${deliveries.channelId})`.as('channel_total'),
      channelLatest: sql<Date>`max(${deliveries.updatedAt}) over (partition by ${deliveries.channelId})`.as(
        'channel_latest',
      ),
    })
    .from(deliveries)
    .where(
      and(
        inArray(deliveries.status, ['sent', 'failed', 'skipped']),
        // What came due before its channel subscribed was never missed: the log leaves it out.
        sql`coalesce(${deliveries.lastError}, '') not like ${`${BEFORE_SUBSCRIPTION}%`}`,
      ),
    )
    .as('ranked');
  const rows = await db
    .select({ delivery: deliveries, channelTotal: ranked.channelTotal })
    .from(deliveries)
    .innerJoin(ranked, eq(ranked.id, deliveries.id))
    .where(lte(ranked.rank, options.perChannel))
    .orderBy(desc(ranked.channelLatest), asc(deliveries.channelId), asc(ranked.rank));
  return rows.map((row) => ({ ...row.delivery, channelTotal: Number(row.channelTotal) }));
}

/**
 * An admin's retry of a failed delivery: the failed row becomes this instance's claim, in one
 * conditional update. Of two clicks only one finds it still failed; the scheduler never claims a
 * failed row; so a retry posts at most once, and a delivery sent meanwhile is never posted again.
 */
export async function claimFailed(
  db: Database,
  options: { id: number; now: Date; instanceId: string; leaseMs: number },
): Promise<Delivery | null> {
  const [claimed] = await db
    .update(deliveries)
    .set(claimFor(options))
    .where(and(eq(deliveries.id, options.id), eq(deliveries.status, 'failed')))
    .returning();
  return claimed ?? null;
}

/** Error codes of a database connection that is gone or never came (postgres.js and Node's sockets). */
const CONNECTION_LOST = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/**
 * Why a query failed because the database did not answer, in a few words (`ECONNREFUSED`); null when it
 * failed for another reason. The query itself is not part of it: it is no message for a person.
 */
export function databaseUnreachable(error: unknown): string | null {
  // drizzle wraps the driver's error (DrizzleQueryError), which may wrap the socket's.
  let cause: unknown = error;
  for (let depth = 0; depth < 4 && cause instanceof Error; depth++, cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_LOST.has(code)) return code;
  }
  return null;
}
