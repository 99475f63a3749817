import { and, asc, desc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Database, DatabaseOrTransaction } from './client.js';
import { type OutboxKind, outbox } from './schema.js';

export type OwedMessage = typeof outbox.$inferSelect;

/** A message to be owed: written with what it is about, in that transaction. */
export interface NewOwedMessage {
  kind: OutboxKind;
  recipient: string;
  payload: Record<string, unknown>;
  /** The same key twice is one message: a second write of it changes nothing. */
  dedupeKey: string;
}

/** Inside the transaction that stores what the messages are about. */
export async function oweMessages(db: DatabaseOrTransaction, messages: NewOwedMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await db.insert(outbox).values(messages).onConflictDoNothing({ target: outbox.dedupeKey });
}

/**
 * Claims up to `limit` owed messages for this instance, atomically, the way deliveries are claimed:
 * pending ones whose next attempt has come, and claimed ones whose lease ran out (their instance died).
 * `SKIP LOCKED` lets several instances claim at once without taking the same row. Everything runs on
 * the database's clock, the one clock all instances share.
 */
export async function claimOwedMessages(
  db: Database,
  options: { instanceId: string; leaseMs: number; limit: number },
): Promise<OwedMessage[]> {
  const claimable = or(
    and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, sql`now()`)),
    and(eq(outbox.status, 'claimed'), lt(outbox.leaseUntil, sql`now()`)),
  );
  const candidates = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(claimable)
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(options.limit)
    .for('update', { skipLocked: true });
  return db
    .update(outbox)
    .set({
      status: 'claimed',
      claimedBy: options.instanceId,
      leaseUntil: sql`now() + ${options.leaseMs}::double precision * interval '1 millisecond'`,
      attempts: sql`${outbox.attempts} + 1`,
      updatedAt: sql`now()`,
    })
    .where(inArray(outbox.id, candidates))
    .returning();
}

/** Only the holder of the claim may settle it: a lease taken over by another instance is theirs. */
function heldBy(id: number, instanceId: string) {
  return and(eq(outbox.id, id), eq(outbox.status, 'claimed'), eq(outbox.claimedBy, instanceId));
}

export async function markOwedSent(
  db: Database,
  id: number,
  instanceId: string,
  message: { channel: string | null; ts: string },
): Promise<void> {
  await db
    .update(outbox)
    .set({
      status: 'sent',
      messageChannel: message.channel,
      messageTs: message.ts,
      sentAt: sql`now()`,
      leaseUntil: null,
      lastError: null,
      updatedAt: sql`now()`,
    })
    .where(heldBy(id, instanceId));
}

/** Given up: shown to the admins as not delivered. */
export async function markOwedFailed(db: Database, id: number, instanceId: string, error: string) {
  await db
    .update(outbox)
    .set({ status: 'failed', lastError: error, leaseUntil: null, updatedAt: sql`now()` })
    .where(heldBy(id, instanceId));
}

/** A passing failure: back to pending, not before `retryInMs` from now by the database's clock. */
export async function releaseOwedForRetry(
  db: Database,
  id: number,
  instanceId: string,
  error: string,
  retryInMs: number,
) {
  await db
    .update(outbox)
    .set({
      status: 'pending',
      claimedBy: null,
      leaseUntil: null,
      lastError: error,
      nextAttemptAt: sql`now() + ${retryInMs}::double precision * interval '1 millisecond'`,
      updatedAt: sql`now()`,
    })
    .where(heldBy(id, instanceId));
}

/** Gives back a claim that was never tried (the instance is stopping): as if it had not been claimed. */
export async function releaseOwedUntried(db: Database, id: number, instanceId: string) {
  await db
    .update(outbox)
    .set({
      status: 'pending',
      claimedBy: null,
      leaseUntil: null,
      attempts: sql`greatest(${outbox.attempts} - 1, 0)`,
      updatedAt: sql`now()`,
    })
    .where(heldBy(id, instanceId));
}

/**
 * How long until an unsettled message can be claimed (its next attempt, or a lease running out), by
 * the database's clock; null when nothing is owed.
 */
export async function nextOwedInMs(db: Database): Promise<number | null> {
  const next = sql`min(case when ${outbox.status} = 'pending' then ${outbox.nextAttemptAt} else ${outbox.leaseUntil} end)`;
  // Not greatest(0, …) in SQL: it skips a NULL, and "nothing owed" would read as "due now".
  const [row] = await db
    .select({ ms: sql<string | null>`extract(epoch from (${next} - now())) * 1000` })
    .from(outbox)
    .where(inArray(outbox.status, ['pending', 'claimed']));
  return row?.ms == null ? null : Math.max(0, Number(row.ms));
}

/** The messages Koers gave up on, newest first: what the admins are shown as not delivered. */
export async function undeliveredMessages(db: Database, limit: number): Promise<OwedMessage[]> {
  return db
    .select()
    .from(outbox)
    .where(eq(outbox.status, 'failed'))
    .orderBy(desc(outbox.updatedAt), desc(outbox.id))
    .limit(limit);
}

/** Every owed message, oldest first (the CLI's and the tests' view). */
export async function listOwedMessages(db: Database): Promise<OwedMessage[]> {
  return db.select().from(outbox).orderBy(asc(outbox.id));
}
