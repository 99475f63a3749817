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
import { acquireDataDirLock, DataDirBusyError, type DataDirLock } from './dataDirLock.js';
import * as schema from './schema.js';
import {
  gatedClient,
  type ServedSocket,
  SessionGate,
  SOCKET_PORT,
  serveSocket,
  socketFolder,
} from './sharedPglite.js';

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
  /** Embedded and served to the CLI: the socket's folder; or why it could not be served. */
  sharing?: { folder: string } | { problem: string };
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
  /**
   * How an embedded data folder is shared while its holder runs: the app `serve`s it on a socket in the
   * folder, the CLI `join`s the app through that socket when the app holds the folder.
   */
  embedded?: 'serve' | 'join';
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  if (options.embedded === 'join' && !options.dataDir.startsWith('memory://')) {
    try {
      return await openPglite(options.dataDir, false);
    } catch (error) {
      if (error instanceof DataDirBusyError) return joinRunningApp(error);
      throw error;
    }
  }
  return openPglite(options.dataDir, options.embedded === 'serve');
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

async function openPglite(dataDir: string, serve: boolean): Promise<DatabaseHandle> {
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
    const gate = new SessionGate();
    const appClient = gatedClient(client, gate);
    const db = drizzlePglite(appClient, { schema }) as unknown as Database;
    let socket: ServedSocket | null = null;
    let sharing: DatabaseHandle['sharing'];
    if (serve && !inMemory) {
      try {
        socket = await serveSocket(dataDir, client, gate);
        sharing = { folder: socket.folder };
      } catch (error) {
        // E.g. a DATA_DIR path too long for a Unix socket: the app runs, the CLI must wait for it to stop.
        sharing = { problem: (error as Error).message };
      }
    }
    return {
      db,
      kind: 'pglite',
      location: inMemory ? 'memory' : resolve(dataDir),
      migrate: () => migratePglite(drizzlePglite(appClient), { migrationsFolder: MIGRATIONS_FOLDER }),
      ping: async () => {
        await db.execute(sql`select 1`);
      },
      close: async () => {
        await socket?.stop();
        await client.close();
        lock?.release();
      },
      ...(sharing && { sharing }),
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

/** How long the CLI waits for an app that holds the folder to serve it (it may be starting). */
const JOIN_WAIT_MS = 10_000;

/**
 * The CLI while the app holds the data folder: the same database through the app's socket, where its
 * statements take turns with the app's. An app that does not serve (yet) leaves the CLI the old answer.
 */
async function joinRunningApp(busy: DataDirBusyError): Promise<DatabaseHandle> {
  const deadline = Date.now() + JOIN_WAIT_MS;
  for (;;) {
    const client = postgres({
      host: socketFolder(busy.dataDir),
      port: SOCKET_PORT,
      user: 'postgres',
      database: 'postgres',
      max: 1,
      connect_timeout: 5,
      // Named statements would outlive this process in the app's one PGlite session.
      prepare: false,
      onnotice: () => {},
    });
    try {
      await client`select 1`;
      return {
        db: drizzlePostgres(client, { schema }) as unknown as Database,
        kind: 'pglite',
        location: `${resolve(busy.dataDir)} (through the running Koers, pid ${busy.holderPid})`,
        migrate: () => migratePostgres(drizzlePostgres(client), { migrationsFolder: MIGRATIONS_FOLDER }),
        ping: async () => {
          await client`select 1`;
        },
        close: () => client.end({ timeout: 5 }),
      };
    } catch {
      await client.end({ timeout: 1 }).catch(() => {});
      if (Date.now() >= deadline) throw busy;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
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
