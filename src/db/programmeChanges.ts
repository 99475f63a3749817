import { sql } from 'drizzle-orm';
import type { DatabaseOrTransaction } from './client.js';
import { markOverviewsDirty } from './overviewRepository.js';
import { programme } from './schema.js';

/**
 * How instances hear that the programme changed, so an answer needs no database round trip: every write
 * that moves the programme's version also sends `NOTIFY koers_programme_<schema>, '<version>'` in its
 * transaction (PostgreSQL delivers it on commit, to every instance listening, and never for a rollback).
 * The channel is the schema's, as the database itself names it: a workspace hears only its own writes.
 */
export function programmeChannel(schema: string): string {
  // A plain identifier: PGlite's LISTEN does not quote the channel's name.
  return `koers_programme_${schema}`;
}

/**
 * Moves the programme's version on (changed as of `now`, Koers's clock) inside the caller's transaction and
 * announces the new version:
 * to other instances by NOTIFY, and at once to this process's snapshots, which cannot wait for their own
 * notification (it arrives after the commit, and the writer's next answer may come sooner).
 */
export async function announceProgrammeChange(t: DatabaseOrTransaction, now: Date): Promise<void> {
  const rows = await t
    .update(programme)
    .set({ version: sql`${programme.version} + 1`, updatedAt: now })
    // The schema written in (a workspace's, or public): its snapshots are the ones to tell.
    .returning({ version: programme.version, schema: sql<string>`current_schema()` });
  // Whatever changed the programme may change what each channel's overview shows.
  await markOverviewsDirty(t);
  for (const { version, schema } of rows) {
    await t.execute(sql`select pg_notify(${programmeChannel(schema)}, ${String(version)})`);
    for (const listener of localWriteListeners) listener(version, schema);
  }
}

type LocalWriteListener = (version: number, schema: string) => void;
const localWriteListeners = new Set<LocalWriteListener>();

/**
 * Called with each version a write in this process is about to commit, and the schema it is written in
 * (a workspace's, or public). Process-wide rather than per database, since a transaction does not say
 * which client it came from: a snapshot of another database with the same schema told of a version it
 * will never see only checks its own version a little longer.
 */
export function onLocalProgrammeWrite(listener: LocalWriteListener): () => void {
  localWriteListeners.add(listener);
  return () => localWriteListeners.delete(listener);
}
