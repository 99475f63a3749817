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

const ignore = () => {};

/**
 * The programme snapshot every answer reads. It is reloaded only when the programme's version
 * counter moved, so each answer costs one tiny query, and an import or update made by any
 * instance on the same database is seen by all of them at their next answer.
 *
 * Answers that arrive together share that query, without seeing less: a caller never takes the
 * result of a read that began before it arrived (it might miss a write made just before). While a
 * read runs, the callers that arrive wait for the next one, which starts when it ends and serves
 * them all; so under load there is about one read per round trip, not one per answer.
 */
export class ProgrammeStore {
  private cached: { version: number; programme: Programme } | null = null;
  /** The version read under way, and the one queued behind it for the callers that came since. */
  private reading: Promise<number | null> | null = null;
  private nextRead: Promise<number | null> | null = null;
  /** The load under way for a version, shared by the callers that found that version. */
  private loading: { version: number; programme: Promise<Programme | null> } | null = null;

  constructor(private readonly db: Database) {}

  async current(): Promise<Programme | null> {
    try {
      const version = await withDeadline(this.readVersion());
      if (version === null) return null;
      // Versions only grow: a snapshot at least as new as the version read is current enough.
      if (this.cached && this.cached.version >= version) return this.cached.programme;
      return await this.load(version);
    } catch (error) {
      throw new DatabaseUnavailableError(error);
    }
  }

  private readVersion(): Promise<number | null> {
    if (!this.reading) return this.startRead();
    this.nextRead ??= this.reading.then(ignore, ignore).then(() => {
      this.nextRead = null;
      return this.startRead();
    });
    return this.nextRead;
  }

  private startRead(): Promise<number | null> {
    // A read the database does not answer is given up after the deadline, so the next can start.
    const read = withDeadline(readProgrammeVersion(this.db));
    this.reading = read;
    const done = () => {
      if (this.reading === read) this.reading = null;
    };
    read.then(done, done);
    return read;
  }

  private load(version: number): Promise<Programme | null> {
    if (this.loading?.version === version) return this.loading.programme;
    const programme = withDeadline(loadProgramme(this.db, { updatesPerProject: UPDATES_SHOWN })).then(
      (loaded) => {
        // An older load finishing late must not replace a newer snapshot.
        if (loaded && (!this.cached || this.cached.version <= version)) {
          this.cached = { version, programme: loaded };
        }
        return loaded;
      },
    );
    const loading = { version, programme };
    this.loading = loading;
    const done = () => {
      if (this.loading === loading) this.loading = null;
    };
    programme.then(done, done);
    return programme;
  }
}
