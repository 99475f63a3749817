import { and, asc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { PlannedDelivery } from '../domain/deliveryKeys.js';
import type { Database } from './client.js';
import { deliveries } from './schema.js';

export type Delivery = typeof deliveries.$inferSelect;

/** A delivery the plan wants stored. */
export type WantedDelivery = PlannedDelivery;

/**
 * Makes the stored deliveries match the plan: adds the missing ones, moves the due instant of those not
 * yet sent when their phase moved, and withdraws unsent ones the plan no longer has (phase removed,
 * channel unsubscribed). Sent, failed and skipped rows are history and are never touched.
 */
export async function syncPlannedDeliveries(
  db: Database,
  kind: WantedDelivery['kind'],
  wanted: WantedDelivery[],
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
      await tx.insert(deliveries).values(missing).onConflictDoNothing();
    }

    let moved = 0;
    for (const want of wanted) {
      const row = byIdentity.get(`${want.key}|${want.channelId}`);
      if (row && row.status === 'pending' && row.dueAt.getTime() !== want.dueAt.getTime()) {
        await tx
          .update(deliveries)
          .set({ dueAt: want.dueAt, updatedAt: new Date() })
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

/** Pending deliveries whose instant has come: the candidates for the catch-up rules. */
export async function duePending(db: Database, now: Date): Promise<Delivery[]> {
  return db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.status, 'pending'), lte(deliveries.dueAt, now)))
    .orderBy(asc(deliveries.dueAt), asc(deliveries.id));
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
 */
export async function claimDue(
  db: Database,
  options: { now: Date; instanceId: string; leaseMs: number; limit: number; ids?: number[] },
): Promise<Delivery[]> {
  const { now } = options;
  const claimable = or(
    and(eq(deliveries.status, 'pending'), lte(deliveries.dueAt, now)),
    and(eq(deliveries.status, 'claimed'), lt(deliveries.leaseUntil, now)),
  );
  const candidates = db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(options.ids ? and(claimable, inArray(deliveries.id, options.ids)) : claimable)
    .orderBy(asc(deliveries.dueAt), asc(deliveries.id))
    .limit(options.limit)
    .for('update', { skipLocked: true });
  return db
    .update(deliveries)
    .set({
      status: 'claimed',
      claimedBy: options.instanceId,
      leaseUntil: new Date(now.getTime() + options.leaseMs),
      attempts: sql`${deliveries.attempts} + 1`,
      updatedAt: now,
    })
    .where(inArray(deliveries.id, candidates))
    .returning();
}

/** Only the holder of the claim may settle it: a lease taken over by another instance is theirs. */
function heldBy(id: number, instanceId: string) {
  return and(eq(deliveries.id, id), eq(deliveries.status, 'claimed'), eq(deliveries.claimedBy, instanceId));
}

export async function markSent(db: Database, id: number, instanceId: string, messageTs: string, now: Date) {
  await db
    .update(deliveries)
    .set({ status: 'sent', messageTs, sentAt: now, leaseUntil: null, lastError: null, updatedAt: now })
    .where(heldBy(id, instanceId));
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
      updatedAt: now,
    })
    .where(heldBy(id, instanceId));
}
