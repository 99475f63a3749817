import { and, gt, lt, ne, sql } from 'drizzle-orm';
import type { DatabaseOrTransaction } from './client.js';
import { slackRequestFingerprints } from './schema.js';

export interface RequestFingerprint {
  fingerprint: string;
  /** When its request can no longer pass the age check: the row may go then. */
  expiresAt: Date;
  /** The instance that served it. */
  instance: string;
}

/** Records one fingerprint; false when some instance had recorded it already (a replay). */
export async function claimRequestFingerprint(
  db: DatabaseOrTransaction,
  row: RequestFingerprint,
): Promise<boolean> {
  const inserted = await db
    .insert(slackRequestFingerprints)
    .values(row)
    .onConflictDoNothing()
    .returning({ fingerprint: slackRequestFingerprints.fingerprint });
  return inserted.length > 0;
}

/** Rows per insert: three parameters each, far below PostgreSQL's 65,535 parameters to a statement. */
const ROWS_PER_INSERT = 2_000;

/** Records several at once; those already there are left as they are. */
export async function recordRequestFingerprints(
  db: DatabaseOrTransaction,
  rows: RequestFingerprint[],
): Promise<void> {
  for (let from = 0; from < rows.length; from += ROWS_PER_INSERT) {
    await db
      .insert(slackRequestFingerprints)
      .values(rows.slice(from, from + ROWS_PER_INSERT))
      .onConflictDoNothing();
  }
}

/**
 * The fingerprints other instances recorded after `since` (all of them still in their window when
 * `since` is null), with the time each was recorded on the database's clock.
 */
export async function othersFingerprintsSince(
  db: DatabaseOrTransaction,
  instance: string,
  since: Date | null,
): Promise<{ fingerprint: string; recordedAt: Date }[]> {
  const table = slackRequestFingerprints;
  return db
    .select({ fingerprint: table.fingerprint, recordedAt: table.recordedAt })
    .from(table)
    .where(
      and(
        ne(table.instance, instance),
        sql`${table.expiresAt} > now()`,
        since ? gt(table.recordedAt, since) : undefined,
      ),
    );
}

/** Drops the fingerprints whose requests are too old to pass the age check anyway. */
export async function purgeExpiredFingerprints(db: DatabaseOrTransaction): Promise<void> {
  await db.delete(slackRequestFingerprints).where(lt(slackRequestFingerprints.expiresAt, sql`now()`));
}
