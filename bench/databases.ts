import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { type DatabaseHandle, openDatabase } from '../src/db/client.js';
import { importProgramme } from '../src/db/programmeRepository.js';
import type { Programme } from '../src/domain/programme.js';
import { parseProgrammeFile } from '../src/domain/programmeFile.js';
import { EXAMPLE_PROGRAMME_FILE } from '../src/koers.js';

/** The PostgreSQL server the bench creates its databases on (trust auth, as for the tests). */
export const BENCH_SERVER_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

export interface BenchDatabase {
  name: string;
  url: string;
  /** Open in the bench process (import, subscriptions, fan-out); close() before a child needs it all. */
  handle: DatabaseHandle;
  drop(): Promise<void>;
}

/** Every database the bench made and has not dropped yet: dropped on the way out, also after a failure. */
const created = new Set<BenchDatabase>();

export async function assertServerReachable(): Promise<void> {
  const admin = postgres(BENCH_SERVER_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await admin`select 1`;
  } catch (error) {
    throw new Error(
      `The bench needs a PostgreSQL server at ${BENCH_SERVER_URL} (set BENCH_DATABASE_URL): ${(error as Error).message}`,
    );
  } finally {
    await admin.end({ timeout: 1 }).catch(() => {});
  }
}

/** A fresh database `koers_bench_<label>_<random>` on the server, migrated unless told otherwise. */
export async function createBenchDatabase(
  label: string,
  options: { migrate?: boolean } = {},
): Promise<BenchDatabase> {
  const name = `koers_bench_${label}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(BENCH_SERVER_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(BENCH_SERVER_URL);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  let closed = false;
  const database: BenchDatabase = {
    name,
    url: url.toString(),
    handle: {
      ...handle,
      close: async () => {
        if (closed) return;
        closed = true;
        await handle.close();
      },
    },
    drop: async () => {
      created.delete(database);
      await database.handle.close().catch(() => {});
      const dropper = postgres(BENCH_SERVER_URL, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end({ timeout: 5 });
      }
    },
  };
  created.add(database);
  if (options.migrate !== false) await database.handle.migrate();
  return database;
}

export async function dropAllBenchDatabases(): Promise<void> {
  for (const database of [...created]) await database.drop().catch(() => {});
}

export function exampleProgramme(): Programme {
  return parseOrThrow(readFileSync(EXAMPLE_PROGRAMME_FILE, 'utf8'));
}

/** Through the programme file parser, as `koers import` does. */
export function parseOrThrow(yamlText: string): Programme {
  const parsed = parseProgrammeFile(yamlText);
  if (!parsed.ok) throw new Error(`invalid programme file:\n${parsed.errors.slice(0, 10).join('\n')}`);
  return parsed.programme;
}

export async function importInto(database: BenchDatabase, programme: Programme): Promise<void> {
  await importProgramme(database.handle.db, programme, { now: new Date() });
}
