import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite is a single-process database: a second process opening the same folder would corrupt it.
 * A lock file with the holder's pid turns that into a clear message instead of a hang or damage.
 */
export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another Koers process (pid ${holderPid}). ` +
        'Stop that process first, or run both against one PostgreSQL server with DATABASE_URL.',
    );
    this.name = 'DataDirBusyError';
  }
}

export interface DataDirLock {
  release(): void;
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const path = join(dataDir, 'koers.lock');
  const holder = readHolderPid(path);
  if (holder !== null && holder !== process.pid && isAlive(holder)) {
    throw new DataDirBusyError(dataDir, holder);
  }
  // A lock left by a process that died is stale: take it over.
  writeFileSync(path, String(process.pid));
  return {
    release: () => {
      if (readHolderPid(path) === process.pid) rmSync(path, { force: true });
    },
  };
}

/** The pid of the live process that holds the data folder, or null when none does. */
export function dataDirHolder(dataDir: string): number | null {
  const holder = readHolderPid(join(dataDir, 'koers.lock'));
  return holder !== null && holder !== process.pid && isAlive(holder) ? holder : null;
}

function readHolderPid(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else: still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
