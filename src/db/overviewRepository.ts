import { and, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Database, DatabaseOrTransaction } from './client.js';
import { type CanvasState, channelOverviews } from './schema.js';

export type ChannelOverview = typeof channelOverviews.$inferSelect;

/**
 * A channel that subscribes gets an overview (posted at the next refresh). One that had ended all its
 * subscriptions (its overview switched off) gets it back; an admin's "off" on a subscribed channel stays.
 */
export async function ensureOverview(
  db: DatabaseOrTransaction,
  channelId: string,
  now: Date,
  options: { switchOn: boolean },
): Promise<void> {
  const insert = db.insert(channelOverviews).values({ channelId, createdAt: now });
  if (options.switchOn) {
    await insert.onConflictDoUpdate({
      target: channelOverviews.channelId,
      set: { enabled: true, dirty: true, nextAttemptAt: sql`now()` },
    });
  } else {
    await insert.onConflictDoNothing();
  }
}

/** The channel's overview, or null when it has none. */
export async function findOverview(db: Database, channelId: string): Promise<ChannelOverview | null> {
  const [row] = await db.select().from(channelOverviews).where(eq(channelOverviews.channelId, channelId));
  return row ?? null;
}

/** Every overview, by channel (the CLI's and the tests' view). */
export async function listOverviews(db: Database): Promise<ChannelOverview[]> {
  return db.select().from(channelOverviews).orderBy(channelOverviews.channelId);
}

/** A channel with no subscription left keeps no overview. */
export async function removeOverview(db: DatabaseOrTransaction, channelId: string): Promise<void> {
  await db.delete(channelOverviews).where(eq(channelOverviews.channelId, channelId));
}

/**
 * Inside the transaction of a change that every overview shows (a submission, an update, an import):
 * each is refreshed by the next worker run, debounced by its `next_attempt_at`.
 */
export async function markOverviewsDirty(db: DatabaseOrTransaction): Promise<void> {
  await db.update(channelOverviews).set({ dirty: true }).where(eq(channelOverviews.dirty, false));
}

/**
 * `/project overzicht`: post it anew at the next refresh (debounced like every edit). False when the
 * channel has no overview, or an admin switched it off (only an admin switches it on again).
 */
export async function requestRepost(db: Database, channelId: string): Promise<boolean> {
  const rows = await db
    .update(channelOverviews)
    .set({ repost: true, dirty: true })
    .where(and(eq(channelOverviews.channelId, channelId), eq(channelOverviews.enabled, true)))
    .returning({ channelId: channelOverviews.channelId });
  return rows.length > 0;
}

/** `/project overzicht uit|aan`; false when the channel has no overview (it is not subscribed). */
export async function setOverviewEnabled(
  db: Database,
  channelId: string,
  enabled: boolean,
): Promise<boolean> {
  const rows = await db
    .update(channelOverviews)
    .set({ enabled, dirty: true, nextAttemptAt: sql`now()` })
    .where(eq(channelOverviews.channelId, channelId))
    .returning({ channelId: channelOverviews.channelId });
  return rows.length > 0;
}

/** Someone unpinned the overview (the `pin_removed` event): pin it again at the next refresh. */
export async function markOverviewUnpinned(
  db: Database,
  channelId: string,
  messageTs: string,
): Promise<void> {
  await db
    .update(channelOverviews)
    .set({ pinned: false, dirty: true })
    .where(and(eq(channelOverviews.channelId, channelId), eq(channelOverviews.messageTs, messageTs)));
}

/**
 * Claims the overviews due for a refresh, atomically: dirty (or asked to be posted anew, or changed by
 * the clock alone as of `now`), past their debounce, and not held by a live lease. `SKIP LOCKED` and the
 * lease keep two instances from editing one overview at once. The dirty mark is taken with the claim:
 * a change while the refresh runs marks it again, for the next run.
 */
export async function claimDueOverviews(
  db: Database,
  options: { instanceId: string; leaseMs: number; limit: number; now: Date },
): Promise<ChannelOverview[]> {
  const due = and(
    or(
      eq(channelOverviews.dirty, true),
      eq(channelOverviews.repost, true),
      lte(channelOverviews.staleAt, options.now),
    ),
    lte(channelOverviews.nextAttemptAt, sql`now()`),
    or(isNull(channelOverviews.leaseUntil), lt(channelOverviews.leaseUntil, sql`now()`)),
  );
  const candidates = db
    .select({ channelId: channelOverviews.channelId })
    .from(channelOverviews)
    .where(due)
    .orderBy(channelOverviews.nextAttemptAt, channelOverviews.channelId)
    .limit(options.limit)
    .for('update', { skipLocked: true });
  return db
    .update(channelOverviews)
    .set({
      claimedBy: options.instanceId,
      leaseUntil: sql`now() + ${options.leaseMs}::double precision * interval '1 millisecond'`,
      dirty: false,
      attempts: sql`${channelOverviews.attempts} + 1`,
    })
    .where(inArray(channelOverviews.channelId, candidates))
    .returning();
}

/** Where the overview stands in Slack after a refresh, as far as it got. */
export interface OverviewProgress {
  /** Still to be posted anew: false once the new one is in the channel. */
  repost: boolean;
  messageTs: string | null;
  pinned: boolean;
  contentHash: string | null;
  canvasState: CanvasState;
  canvasId: string | null;
  canvasRefusal: string | null;
}

function heldBy(channelId: string, instanceId: string) {
  return and(eq(channelOverviews.channelId, channelId), eq(channelOverviews.claimedBy, instanceId));
}

/** Refreshed: not edited again before `debounceMs` from now (the database's clock). */
export async function settleRefreshed(
  db: Database,
  channelId: string,
  instanceId: string,
  progress: OverviewProgress,
  options: { debounceMs: number; staleAt: Date | null; now: Date },
): Promise<void> {
  await db
    .update(channelOverviews)
    .set({
      ...progress,
      repost: false,
      staleAt: options.staleAt,
      attempts: 0,
      lastError: null,
      refreshedAt: options.now,
      claimedBy: null,
      leaseUntil: null,
      nextAttemptAt: sql`now() + ${options.debounceMs}::double precision * interval '1 millisecond'`,
    })
    .where(heldBy(channelId, instanceId));
}

/**
 * A refresh that Slack held up (a 429, Slack away): what got done is kept, the error recorded, and the
 * overview stays due, not before `retryInMs` from now. `giveUp` (the channel is gone, the bot removed)
 * leaves it until the next change instead.
 */
export async function settleFailed(
  db: Database,
  channelId: string,
  instanceId: string,
  progress: OverviewProgress,
  options: { error: string; retryInMs: number; giveUp: boolean },
): Promise<void> {
  await db
    .update(channelOverviews)
    .set({
      ...progress,
      lastError: options.error,
      dirty: !options.giveUp,
      claimedBy: null,
      leaseUntil: null,
      nextAttemptAt: sql`now() + ${options.retryInMs}::double precision * interval '1 millisecond'`,
    })
    .where(heldBy(channelId, instanceId));
}

/** A claim given back untried (too little of its lease left, or Slack asked to wait): due again after `retryInMs`. */
export async function releaseOverview(
  db: Database,
  channelId: string,
  instanceId: string,
  retryInMs: number,
): Promise<void> {
  await db
    .update(channelOverviews)
    .set({
      dirty: true,
      attempts: sql`greatest(${channelOverviews.attempts} - 1, 0)`,
      claimedBy: null,
      leaseUntil: null,
      nextAttemptAt: sql`now() + ${retryInMs}::double precision * interval '1 millisecond'`,
    })
    .where(heldBy(channelId, instanceId));
}

/** How long until a due overview can be claimed (database clock); null when none is waiting. */
export async function nextOverviewDueInMs(db: Database): Promise<number | null> {
  const next = sql`min(greatest(${channelOverviews.nextAttemptAt}, coalesce(${channelOverviews.leaseUntil}, ${channelOverviews.nextAttemptAt})))`;
  // GREATEST ignores a NULL: without a due row, min() is NULL and must stay so (not 0, "at once").
  const [row] = await db
    .select({ ms: sql<string | null>`extract(epoch from (${next} - now())) * 1000` })
    .from(channelOverviews)
    .where(or(eq(channelOverviews.dirty, true), eq(channelOverviews.repost, true)));
  return row?.ms == null ? null : Math.max(0, Number(row.ms));
}
