import { and, asc, desc, eq, getTableColumns, inArray, max, sql } from 'drizzle-orm';
import type { FeedbackJudgement } from '../domain/forms.js';
import type { Database } from './client.js';
import { throwIfAbandoned } from './deadline.js';
import { markOverviewsDirty } from './overviewRepository.js';
import { feedbackResponses } from './schema.js';

export interface FeedbackSubmission {
  phaseId: string;
  libraryCode: string;
  userId: string;
  judgement: FeedbackJudgement;
  remarks: string;
  priorities: string[];
  mayContact: boolean;
  late: boolean;
}

export type StoredFeedback = typeof feedbackResponses.$inferSelect;

/**
 * Stores a submission as a new version; earlier ones stay as history. Returns the version number.
 * Two submissions of one user for one phase at once must not both count the same versions: the count
 * and the insert run in one transaction holding a lock on (phase, user), and the row's time is taken
 * inside that lock from `now` (Koers's clock), never before the user's newest, so "newest" (by time, then
 * id) and the version number agree.
 */
export async function addFeedback(
  db: Database,
  submission: FeedbackSubmission,
  now: Date,
  signal?: AbortSignal,
): Promise<number> {
  return db.transaction(async (tx) => {
    throwIfAbandoned(signal);
    const lockKey = `feedback:${submission.phaseId}:${submission.userId}`;
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`);
    const ofThisUser = and(
      eq(feedbackResponses.phaseId, submission.phaseId),
      eq(feedbackResponses.userId, submission.userId),
    );
    const [before] = await tx
      .select({ newest: max(feedbackResponses.createdAt) })
      .from(feedbackResponses)
      .where(ofThisUser);
    // Never before the user's newest: a submission whose clock reading came first may commit last.
    const newest = before?.newest ? new Date(before.newest) : null;
    const createdAt = newest && newest > now ? newest : now;
    await tx.insert(feedbackResponses).values({ ...submission, createdAt });
    await markOverviewsDirty(tx);
    const [row] = await tx
      .select({ versions: sql<number | string>`count(*)` })
      .from(feedbackResponses)
      .where(ofThisUser);
    throwIfAbandoned(signal);
    return Number(row?.versions ?? 1);
  });
}

/** Every version a user submitted for a phase, oldest first. */
export async function feedbackHistory(
  db: Database,
  phaseId: string,
  userId: string,
): Promise<StoredFeedback[]> {
  return db
    .select()
    .from(feedbackResponses)
    .where(and(eq(feedbackResponses.phaseId, phaseId), eq(feedbackResponses.userId, userId)))
    .orderBy(asc(feedbackResponses.createdAt), asc(feedbackResponses.id));
}

/** The submission that counts for each user who answered a phase: their newest. */
export async function latestFeedback(db: Database, phaseId: string): Promise<StoredFeedback[]> {
  const rows = await db
    .select()
    .from(feedbackResponses)
    .where(eq(feedbackResponses.phaseId, phaseId))
    .orderBy(desc(feedbackResponses.createdAt), desc(feedbackResponses.id));
  const newestPerUser = new Map<string, StoredFeedback>();
  for (const row of rows) if (!newestPerUser.has(row.userId)) newestPerUser.set(row.userId, row);
  return [...newestPerUser.values()].sort(
    (a, b) => a.libraryCode.localeCompare(b.libraryCode) || a.id - b.id,
  );
}

/** The libraries that have answered a phase (through any of their users). */
export async function librariesThatAnswered(db: Database, phaseId: string): Promise<Set<string>> {
  return (await librariesThatAnsweredEach(db, [phaseId])).get(phaseId) ?? new Set();
}

/**
 * For each phase, the libraries that have answered it: the library of each user's newest submission
 * (as latestFeedback picks it). One query however many phases, for the Home's every open phase.
 */
export async function librariesThatAnsweredEach(
  db: Database,
  phaseIds: readonly string[],
): Promise<Map<string, Set<string>>> {
  const answered = new Map(phaseIds.map((phaseId) => [phaseId, new Set<string>()]));
  if (phaseIds.length === 0) return answered;
  const newestPerUser = await db
    .selectDistinctOn([feedbackResponses.phaseId, feedbackResponses.userId], {
      phaseId: feedbackResponses.phaseId,
      libraryCode: feedbackResponses.libraryCode,
    })
    .from(feedbackResponses)
    .where(inArray(feedbackResponses.phaseId, [...phaseIds]))
    .orderBy(
      feedbackResponses.phaseId,
      feedbackResponses.userId,
      desc(feedbackResponses.createdAt),
      desc(feedbackResponses.id),
    );
  for (const row of newestPerUser) answered.get(row.phaseId)?.add(row.libraryCode);
  return answered;
}

/** The phases among `phaseIds` that a user has submitted feedback for, in one query. */
export async function phasesAnsweredBy(
  db: Database,
  userId: string,
  phaseIds: readonly string[],
): Promise<Set<string>> {
  if (phaseIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ phaseId: feedbackResponses.phaseId })
    .from(feedbackResponses)
    .where(and(inArray(feedbackResponses.phaseId, [...phaseIds]), eq(feedbackResponses.userId, userId)));
  return new Set(rows.map((row) => row.phaseId));
}

/** A submission that counts, with the how-many-th submission of its user for the phase it is. */
export type VersionedFeedback = StoredFeedback & { version: number };

/**
 * For the export: each user's newest submission for a phase (as latestFeedback), with its version
 * number (as addFeedback counts), in one query, ordered by library code and user.
 */
export async function feedbackForExport(db: Database, phaseId: string): Promise<VersionedFeedback[]> {
  const perUser = sql`partition by ${feedbackResponses.userId}`;
  const newestFirst = sql`order by ${feedbackResponses.createdAt} desc, ${feedbackResponses.id} desc`;
  // Both are bigints, which a driver may hand over as strings.
  const ranked = db
    .select({
      ...getTableColumns(feedbackResponses),
      newest: sql<number | string>`row_number() over (${perUser} ${newestFirst})`.as('newest'),
      versions: sql<number | string>`count(*) over (${perUser})`.as('versions'),
    })
    .from(feedbackResponses)
    .where(eq(feedbackResponses.phaseId, phaseId))
    .as('ranked');
  const rows = await db
    .select()
    .from(ranked)
    .where(eq(ranked.newest, 1))
    .orderBy(asc(ranked.libraryCode), asc(ranked.userId));
  return rows.map(({ newest: _newest, versions, ...row }) => ({ ...row, version: Number(versions) }));
}
