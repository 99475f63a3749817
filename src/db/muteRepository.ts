import { and, eq, gt, inArray } from 'drizzle-orm';
import type { Database } from './client.js';
import { dmMutes } from './schema.js';

/** Mutes Koers's non-essential direct messages to `userId` until `until` (replacing an earlier mute). */
export async function muteUntil(db: Database, userId: string, until: Date, now: Date): Promise<void> {
  await db
    .insert(dmMutes)
    .values({ userId, until, setAt: now })
    .onConflictDoUpdate({ target: dmMutes.userId, set: { until, setAt: now } });
}

/** Lifts a mute; true when there was one still in force. */
export async function unmute(db: Database, userId: string, now: Date): Promise<boolean> {
  const removed = await db.delete(dmMutes).where(eq(dmMutes.userId, userId)).returning();
  return removed.some((row) => row.until > now);
}

/** Of `userIds`, those muted at `now`. */
export async function mutedAmong(db: Database, userIds: string[], now: Date): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .select({ userId: dmMutes.userId })
    .from(dmMutes)
    .where(and(inArray(dmMutes.userId, userIds), gt(dmMutes.until, now)));
  return new Set(rows.map((row) => row.userId));
}
