import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { acquireDataDirLock, type DataDirLock } from './dataDirLock.js';
import * as schema from './schema.js';

/** Both drivers behind one type: every query in Koers is written once against this. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A transaction of either driver, as `db.transaction` hands it to its callback. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** What a query needs: it runs the same inside a transaction or outside one. */
export type DatabaseOrTransaction = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for messages: the data folder or the server (without password). */
  location: string;
  /** Applies the committed drizzle-kit migrations; safe to run on every start. */
  migrate(): Promise<void>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

/**
 * A new PGlite data folder spends seconds in initdb, the same seconds for every user. `npm run build`
 * does that once: it writes an empty, migrated database as a tarball, and the first start of a new
 * data folder loads it (PGlite's loadDataDir). Start-up still runs the migrations, so a template older
 * than the migrations is brought up to date; without a template (e.g. under tsx), initdb runs.
 */
export const PGLITE_TEMPLATE_FILE = fileURLToPath(
  new URL('../../dist/pglite-template.tar.gz', import.meta.url),
);

/** Creates the template. Written beside and renamed, so a process starting meanwhile never reads half of it. */
export async function writePgliteTemplate(file = PGLITE_TEMPLATE_FILE): Promise<void> {
  const client = new PGlite();
  try {
    await client.waitReady;
    await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_FOLDER });
    const dump = await client.dumpDataDir('gzip');
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  } finally {
    await client.close();
  }
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  /** Embedded data folder; `memory://` keeps an embedded database in memory (tests). */
  dataDir: string;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}

function openPostgres(url: string): DatabaseHandle {
  const client = postgres(url, {
    max: 10,
    connect_timeout: 5,
    // Notices such as "relation already exists, skipping" from migrations are noise in the logs.
    onnotice: () => {},
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Database;
  return {
    db,
    kind: 'postgres',
    location: redactUrl(url),
    migrate: () => migratePostgres(drizzlePostgres(client), { migrationsFolder: MIGRATIONS_FOLDER }),
    ping: async () => {
      await client`select 1`;
    },
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith('memory://');
  let lock: DataDirLock | null = null;
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true });
    lock = acquireDataDirLock(dataDir);
  }
  try {
    const folder = join(resolve(dataDir), 'pglite');
    const template = !inMemory && !existsSync(folder) && existsSync(PGLITE_TEMPLATE_FILE);
    const client = inMemory
      ? new PGlite()
      : new PGlite(folder, template ? { loadDataDir: new Blob([readFileSync(PGLITE_TEMPLATE_FILE)]) } : {});
    await client.waitReady;
    const db = drizzlePglite(client, { schema }) as unknown as Database;
    return {
      db,
      kind: 'pglite',
      location: inMemory ? 'memory' : resolve(dataDir),
      migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_FOLDER }),
      ping: async () => {
        await db.execute(sql`select 1`);
      },
      close: async () => {
        await client.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

/** The server URL without its password, safe to print and log. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable url)';
  }
}
