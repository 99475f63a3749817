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

/**
 * Records several at once; those already there are left as they are. One statement with three text
 * parameters, however many rows: a drizzle insert of one row per request of a busy second cost about
 * 0.1 ms of the app's CPU per request (the bench's `/project status` rows), this a few µs.
 */
export async function recordRequestFingerprints(
  db: DatabaseOrTransaction,
  rows: RequestFingerprint[],
): Promise<void> {
  const byInstance = new Map<string, RequestFingerprint[]>();
  for (const row of rows) {
    const list = byInstance.get(row.instance);
    if (list) list.push(row);
    else byInstance.set(row.instance, [row]);
  }
  for (const [instance, list] of byInstance) {
    // Fingerprints are hex digits and times whole numbers: a comma never occurs in either.
    const fingerprints = list.map((row) => row.fingerprint).join(',');
    const expiries = list.map((row) => row.expiresAt.getTime()).join(',');
    await db.execute(sql`
      insert into slack_request_fingerprints (fingerprint, expires_at, instance)
      select given.fingerprint, to_timestamp(given.expires_ms::double precision / 1000), ${instance}
      from unnest(string_to_array(${fingerprints}, ','), string_to_array(${expiries}, ','))
        as given(fingerprint, expires_ms)
      on conflict do nothing`);
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
