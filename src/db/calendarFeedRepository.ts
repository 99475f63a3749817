import { eq, sql } from 'drizzle-orm';
import type { Database } from './client.js';
import { calendarFeed, phases } from './schema.js';

const FEED_ID = 1;

export interface StoredCalendarFeed {
  tokenNonce: string;
  tokenHash: string;
  uidNamespace: string;
}

const feedColumns = {
  tokenNonce: calendarFeed.tokenNonce,
  tokenHash: calendarFeed.tokenHash,
  uidNamespace: calendarFeed.uidNamespace,
};

/** The feed's stored secret parts, or null while no address was ever made. */
export async function readCalendarFeed(db: Database): Promise<StoredCalendarFeed | null> {
  const [row] = await db.select(feedColumns).from(calendarFeed).where(eq(calendarFeed.id, FEED_ID));
  return row ?? null;
}

/** Stores a first token unless one exists already (two instances asking at once agree on the first). */
export async function createCalendarFeedIfAbsent(
  db: Database,
  token: { nonce: string; hash: string },
): Promise<StoredCalendarFeed> {
  await db
    .insert(calendarFeed)
    .values({ id: FEED_ID, tokenNonce: token.nonce, tokenHash: token.hash })
    .onConflictDoNothing();
  const stored = await readCalendarFeed(db);
  if (!stored) throw new Error('The calendar feed row vanished right after it was made');
  return stored;
}

/** Replaces the token; event UIDs (uid_namespace) stay, so subscribers of the new address see the same events. */
export async function replaceCalendarToken(
  db: Database,
  token: { nonce: string; hash: string },
): Promise<StoredCalendarFeed> {
  const [row] = await db
    .insert(calendarFeed)
    .values({ id: FEED_ID, tokenNonce: token.nonce, tokenHash: token.hash })
    .onConflictDoUpdate({
      target: calendarFeed.id,
      set: { tokenNonce: token.nonce, tokenHash: token.hash, rotatedAt: sql`now()` },
    })
    .returning(feedColumns);
  if (!row) throw new Error('Rotating the calendar token stored nothing');
  return row;
}

export interface PhaseRevision {
  sequence: number;
  modifiedAt: Date;
}

/** Each phase's revision (kept by a database trigger), by phase id. */
export async function readPhaseRevisions(db: Database): Promise<Map<string, PhaseRevision>> {
  const rows = await db
    .select({ id: phases.id, sequence: phases.sequence, modifiedAt: phases.modifiedAt })
    .from(phases);
  return new Map(rows.map((row) => [row.id, { sequence: row.sequence, modifiedAt: row.modifiedAt }]));
}
