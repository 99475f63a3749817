import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client.js';
import { withDeadline } from '../db/deadline.js';
import {
  claimRequestFingerprint,
  othersFingerprintsSince,
  purgeExpiredFingerprints,
  type RequestFingerprint,
  recordRequestFingerprints,
} from '../db/replayRepository.js';
import type { Logger } from '../logger.js';
import { ReplayGuard } from './replayGuard.js';

/** A claim that takes longer is given up (the request is served): the rest of Slack's 3 s is the listener's. */
export const CLAIM_DEADLINE_MS = 500;
/** How often the questions' fingerprints are written, and (on a server) the other instances' read. */
const SYNC_MS = 1_000;
/** How often fingerprints past their window are deleted. */
const PURGE_MS = 60_000;
/** A row is read by the others a second or two after it is written; a late commit must not be missed. */
const OVERLAP_MS = 2_000;

export interface SharedReplayGuardOptions {
  /** How long a signature can pass the age check: it is remembered that long. */
  windowMs: number;
  logger: Logger;
  /**
   * Read what other instances record (a PostgreSQL server). An embedded database has one instance,
   * which the data folder's lock guarantees: it only needs the table across its own restarts.
   */
  followOthers: boolean;
}

/**
 * The replay guard of every instance at once, and across restarts.
 *
 * The fast path is the in-memory `ReplayGuard`: a request this instance served is refused without a
 * query. Beside it, every fingerprint is recorded in the shared table `slack_request_fingerprints`:
 * - a request that may change something (a view submission, a button, an event, a command that acts)
 *   `claim`s its fingerprint there before it is served: one insert, which fails when any instance has
 *   served it before. It is the write's own round trip that makes a replay harmful, so this costs
 *   nothing where nothing is written.
 * - a question (`/project status`, `partners`, `timeline`, `help`; the searched selects) is only
 *   `record`ed: its fingerprint joins a batch written once a second, and the answer never waits for
 *   the database. On a server, the same sync reads the fingerprints the other instances recorded
 *   into the in-memory guard, so a question replayed to another instance is refused from a second
 *   after it was served.
 * - at start (`load`), the fingerprints still in their window are read into the in-memory guard, so
 *   a restarted instance refuses what it served before the restart.
 */
export class SharedReplayGuard {
  private readonly local: ReplayGuard;
  private readonly instance = randomUUID();
  private pending: RequestFingerprint[] = [];
  private since: Date | null = null;
  private lastPurge = 0;
  private timer: NodeJS.Timeout | null = null;
  private syncing: Promise<void> | null = null;
  private db: Database | null = null;

  constructor(private readonly options: SharedReplayGuardOptions) {
    this.local = new ReplayGuard(options.windowMs);
  }

  /** True when this instance has seen `signature` in the window; otherwise remembers it. No query. */
  seenHere(signature: string, nowMs: number): boolean {
    return this.local.seenBefore(signature, nowMs);
  }

  /**
   * True when no instance has served the request before; its fingerprint is recorded in the same
   * insert. When the database does not answer within `CLAIM_DEADLINE_MS`, or is not ready, the
   * request is served (it is new to this instance): a database that cannot answer cannot store a
   * replayed write either.
   */
  async claim(signature: string, timestampSec: number): Promise<boolean> {
    const db = this.db;
    if (!db) return true;
    try {
      return await withDeadline(
        claimRequestFingerprint(db, this.rowOf(signature, timestampSec)),
        CLAIM_DEADLINE_MS,
      );
    } catch (error) {
      this.options.logger.warn({ err: error }, 'could not record a request against replays; served it');
      return true;
    }
  }

  /** Records a question's fingerprint for the others and for a restart, without waiting. */
  record(signature: string, timestampSec: number): void {
    this.pending.push(this.rowOf(signature, timestampSec));
    if (!this.options.followOthers) this.schedule();
  }

  /**
   * The database is ready: the fingerprints still in their window go into the in-memory guard, and the
   * shared table is kept from then on.
   */
  async start(db: Database): Promise<void> {
    this.db = db;
    await this.readOthers(true).catch((error: unknown) =>
      this.options.logger.warn({ err: error }, 'could not read the recent requests against replays'),
    );
    if (this.options.followOthers) this.schedule();
    else if (this.pending.length > 0) this.schedule();
  }

  /** Writes what is pending and stops syncing. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.syncing;
    const db = this.db;
    this.db = null;
    if (db && this.pending.length > 0) {
      await withDeadline(recordRequestFingerprints(db, this.pending.splice(0))).catch(() => {});
    }
  }

  private schedule(): void {
    if (this.timer || !this.db) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.syncing = this.sync().finally(() => {
        this.syncing = null;
        if (this.options.followOthers || this.pending.length > 0) this.schedule();
      });
    }, SYNC_MS);
    this.timer.unref();
  }

  private async sync(): Promise<void> {
    const db = this.db;
    if (!db) return;
    const batch = this.pending.splice(0);
    try {
      await withDeadline(recordRequestFingerprints(db, batch));
    } catch (error) {
      // Kept for the next sync, unless those requests are too old to be replayed by then.
      const now = Date.now();
      this.pending.unshift(...batch.filter((row) => row.expiresAt.getTime() > now));
      this.options.logger.warn({ err: error }, 'could not record recent requests against replays');
      return;
    }
    try {
      if (this.options.followOthers) await this.readOthers(false);
      if (Date.now() - this.lastPurge >= PURGE_MS) {
        this.lastPurge = Date.now();
        await withDeadline(purgeExpiredFingerprints(db));
      }
    } catch (error) {
      this.options.logger.warn({ err: error }, 'could not read or purge the requests against replays');
    }
  }

  /** What the other instances (or this one before a restart) recorded since the last look. */
  private async readOthers(all: boolean): Promise<void> {
    const db = this.db;
    if (!db) return;
    const since = all || !this.since ? null : new Date(this.since.getTime() - OVERLAP_MS);
    const rows = await withDeadline(othersFingerprintsSince(db, this.instance, since));
    const now = Date.now();
    for (const row of rows) {
      this.local.seenBefore(`v0=${row.fingerprint}`, now);
      // The database's clock only: while the others have recorded nothing, everything (nothing) is read.
      if (!this.since || row.recordedAt > this.since) this.since = row.recordedAt;
    }
  }

  /** 128 bits of the signature (HMAC-SHA256 output): as unique as the whole, half the bytes. */
  private rowOf(signature: string, timestampSec: number): RequestFingerprint {
    return {
      fingerprint: signature.slice(3, 35),
      expiresAt: new Date(timestampSec * 1000 + this.options.windowMs),
      instance: this.instance,
    };
  }
}
