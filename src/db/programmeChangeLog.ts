import { desc } from 'drizzle-orm';
import type { DiffEntity, EntryDiff, ProgrammeDiff } from '../domain/programmeDiff.js';
import type { DatabaseOrTransaction } from './client.js';
import { type ProgrammeChangeSource, type ProgrammeChangeSummary, programmeChangeLog } from './schema.js';

export interface ProgrammeChangeRecord {
  at: Date;
  actor: string;
  source: ProgrammeChangeSource;
  edit: string;
  summary: ProgrammeChangeSummary;
}

/** How many entries of each kind a record names: a whole new programme is summed up, not copied. */
const NAMED_PER_KIND = 20;

/** What a diff says, as the change history keeps it: `phases: Feedbackronde (start, end)`. */
export function summarizeDiff(diff: ProgrammeDiff): ProgrammeChangeSummary {
  const entities: DiffEntity[] = ['libraries', 'projects', 'phases', 'updates'];
  const named = (entity: DiffEntity, entries: EntryDiff['added'], withFields: boolean) => {
    const lines = entries.map(
      (entry) =>
        `${entity}: ${entry.label}${withFields && entry.fields.length > 0 ? ` (${entry.fields.join(', ')})` : ''}`,
    );
    return lines.length > NAMED_PER_KIND
      ? [...lines.slice(0, NAMED_PER_KIND), `${entity}: +${lines.length - NAMED_PER_KIND}`]
      : lines;
  };
  return {
    added: entities.flatMap((entity) => named(entity, diff[entity].added, false)),
    changed: [
      ...(diff.programme.length > 0 ? [`programme (${diff.programme.join(', ')})`] : []),
      ...entities.flatMap((entity) => named(entity, diff[entity].changed, true)),
    ],
    removed: diff.prune ? entities.flatMap((entity) => named(entity, diff[entity].removed, false)) : [],
  };
}

/** Adds a change to the history, in the transaction that writes it. */
export async function recordProgrammeChange(
  tx: DatabaseOrTransaction,
  record: ProgrammeChangeRecord,
): Promise<void> {
  await tx.insert(programmeChangeLog).values(record);
}

/** The latest changes, newest first. */
export async function latestProgrammeChanges(
  db: DatabaseOrTransaction,
  limit: number,
): Promise<ProgrammeChangeRecord[]> {
  const rows = await db
    .select()
    .from(programmeChangeLog)
    .orderBy(desc(programmeChangeLog.at), desc(programmeChangeLog.id))
    .limit(limit);
  return rows.map(({ id: _, ...record }) => record);
}
