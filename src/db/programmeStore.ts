import type { Programme } from '../domain/programme.js';
import type { Database } from './client.js';
import { withDeadline } from './deadline.js';
import { loadProgramme, readProgrammeVersion } from './programmeRepository.js';

/** How many of each project's updates an answer shows; the full history stays in the database. */
export const UPDATES_SHOWN = 5;

/** Thrown when the database does not answer: callers tell the user to try again later. */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`The database is unavailable: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/**
 * The programme snapshot every answer reads. It is reloaded only when the programme's version
 * counter moved, so each answer costs one tiny query, and an import or update made by any
 * instance on the same database is seen by all of them at their next answer.
 */
export class ProgrammeStore {
  private cached: { version: number; programme: Programme } | null = null;

  constructor(private readonly db: Database) {}

  async current(): Promise<Programme | null> {
    try {
      const version = await withDeadline(readProgrammeVersion(this.db));
      if (version === null) return null;
      if (this.cached?.version === version) return this.cached.programme;
      const programme = await withDeadline(loadProgramme(this.db, { updatesPerProject: UPDATES_SHOWN }));
      if (programme) this.cached = { version, programme };
      return programme;
    } catch (error) {
      throw new DatabaseUnavailableError(error);
    }
  }
}
