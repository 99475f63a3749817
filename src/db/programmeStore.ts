import type { Programme } from '../domain/programme.js';
import type { Database, DatabaseHandle, Subscription } from './client.js';
import { withDeadline } from './deadline.js';
import { onLocalProgrammeWrite, programmeChannel } from './programmeChanges.js';
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
 * How long a write of this process keeps its snapshot asking the database, should its own notification
 * never come (the transaction rolled back, or it went to another database in this process).
 */
const LOCAL_WRITE_WAIT_MS = 10_000;

/**
 * The programme snapshot every answer reads, reloaded only when the programme's version moved.
 *
 * Following the database's notifications (`follow`), an answer costs no query at all: each write
 * announces its new version (NOTIFY, see programmeChanges.ts) and the snapshot trusts the newest version
 * it heard. It trusts it only while it listens: after LISTEN is (again) in place it reads the version
 * once, since notifications sent while it was not listening are lost; until then, and whenever the
 * listening connection is down, every answer asks the database, as without following. A write in this
 * process makes the snapshot ask too until it hears of that write, so the writer reads its own write.
 *
 * Answers that ask arrive together share that query, without seeing less: a caller never takes the
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

  /** The newest version heard or read; trusted without asking only while `trusted`. */
  private known: number | null = null;
  private trusted = false;
  /** Moves on with every listen and every loss, so a version read for an older one is not trusted. */
  private listenEpoch = 0;
  /** Versions written by this process that the snapshot has not heard of yet, with when. */
  private ownWrites: { version: number; at: number }[] = [];
  private following: { subscription: Subscription; stopLocal: () => void } | null = null;
  /** Told of every programme change heard from the database, and of every (re)start of listening. */
  private readonly changeListeners = new Set<() => void>();

  constructor(
    private readonly db: Database,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Calls `listener` when a programme change is heard (from any instance or the CLI) and whenever
   * listening starts again, when one may have been missed: one LISTEN connection serves them all.
   * Returns the way to stop.
   */
  onChangeHeard(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private tellChangeListeners(): void {
    for (const listener of this.changeListeners) listener();
  }

  /** Answers without a database round trip from now on, while the notifications of `database` are heard. */
  follow(database: Pick<DatabaseHandle, 'listen' | 'schema'>): void {
    if (this.following) return;
    const stopLocal = onLocalProgrammeWrite((version, schema) => {
      // Another workspace's write is none of this snapshot's business.
      if (schema === database.schema) this.ownWrites.push({ version, at: this.clock() });
    });
    const subscription = database.listen(programmeChannel(database.schema), {
      onNotify: (payload) => {
        const version = Number(payload);
        if (Number.isSafeInteger(version)) this.hear(version);
        this.tellChangeListeners();
      },
      onListening: () => {
        this.tellChangeListeners();
        const epoch = ++this.listenEpoch;
        this.trusted = false;
        this.readVersion().then((version) => {
          this.hear(version);
          if (this.listenEpoch === epoch) this.trusted = true;
        }, ignore);
      },
      onLost: () => {
        this.listenEpoch++;
        this.trusted = false;
      },
    });
    this.following = { subscription, stopLocal };
  }

  async close(): Promise<void> {
    const following = this.following;
    this.following = null;
    this.trusted = false;
    if (!following) return;
    following.stopLocal();
    await following.subscription.stop();
  }

  async current(): Promise<Programme | null> {
    try {
      const heard = this.trustedVersion();
      const version = heard === undefined ? await withDeadline(this.readVersion()) : heard;
      if (version === null) return null;
      // Versions only grow: a snapshot at least as new as the version read is current enough.
      if (this.cached && this.cached.version >= version) return this.cached.programme;
      return await this.load(version);
    } catch (error) {
      throw new DatabaseUnavailableError(error);
    }
  }

  /** The version to answer from without asking, or undefined when the database must be asked. */
  private trustedVersion(): number | null | undefined {
    if (!this.trusted) return undefined;
    if (this.ownWrites.length > 0) {
      const since = this.clock() - LOCAL_WRITE_WAIT_MS;
      this.ownWrites = this.ownWrites.filter(
        (write) => write.at > since && (this.known === null || write.version > this.known),
      );
      if (this.ownWrites.length > 0) return undefined;
    }
    return this.known;
  }

  private hear(version: number | null): void {
    if (version !== null && (this.known === null || version > this.known)) this.known = version;
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
    read.then((version) => {
      this.hear(version);
      done();
    }, done);
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
