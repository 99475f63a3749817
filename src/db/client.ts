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
import { QUERY_DEADLINE_MS } from './deadline.js';
import * as schema from './schema.js';
import {
  gatedClient,
  quotedSchema,
  type ServedSocket,
  SessionGate,
  type SessionPath,
  SOCKET_PORT,
  serveSocket,
  socketFolder,
} from './sharedPglite.js';
import { migrateWorkspaceSchema } from './workspaceSchemas.js';

/** Both drivers behind one type: every query in Koers is written once against this. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A transaction of either driver, as `db.transaction` hands it to its callback. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** What a query needs: it runs the same inside a transaction or outside one. */
export type DatabaseOrTransaction = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /**
   * The schema whose tables `db` sees: `public`, or with OAuth an installed workspace's own
   * (workspaceSchemas.ts). Installations and other instance-wide tables are public's.
   */
  schema: string;
  /**
   * The same database seen from a workspace's schema: the embedded one shares this handle's session,
   * a server gets a pool of its own. Its `migrate` creates the schema and brings it up to date.
   */
  forWorkspace(schema: string): Promise<DatabaseHandle>;
  /** Where the data lives, for messages: the data folder or the server (without password). */
  location: string;
  /** The CLI joined the running app that holds the data folder: that app's pid. */
  throughPid?: number;
  /** Applies the committed drizzle-kit migrations; safe to run on every start. */
  migrate(): Promise<void>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /** Hears NOTIFY on a channel, on a connection of its own that comes back by itself when it drops. */
  listen(channel: string, handlers: NotificationHandlers): Subscription;
  close(): Promise<void>;
  /** Embedded and served to the CLI: the socket's folder; or why it could not be served. */
  sharing?: { folder: string } | { problem: string };
}

export interface NotificationHandlers {
  onNotify(payload: string): void;
  /** LISTEN is in place: from now on no notification is missed (again, after a lost connection). */
  onListening(): void;
  /** The listening connection dropped: notifications may be missed until the next onListening. */
  onLost(): void;
}

export interface Subscription {
  stop(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

/**
 * A new PGlite data folder spends seconds in initdb, the same seconds for every user. `npm run build`
 * does that once: it writes an empty, migrated database as a tarball, and the first start of a new
 * data folder loads it (PGlite's loadDataDir). Start-up still runs the migrations, so a template older
 * than the migrations is brought up to date; without a template (e.g. under tsx), initdb runs.
 * The app's first start uses a second template with the example programme already imported, which
 * saves it reading and importing the example; the CLI starts from the empty one.
 */
export const PGLITE_TEMPLATE_FILE = fileURLToPath(
  new URL('../../dist/pglite-template.tar.gz', import.meta.url),
);
export const PGLITE_EXAMPLE_TEMPLATE_FILE = fileURLToPath(
  new URL('../../dist/pglite-example-template.tar.gz', import.meta.url),
);

/**
 * Creates the templates: the empty one, and when `seed` is given, the one it fills. Each is written
 * beside and renamed, so a process starting meanwhile never reads half of it.
 */
export async function writePgliteTemplate(
  file = PGLITE_TEMPLATE_FILE,
  seeded?: { file: string; seed: (db: Database) => Promise<unknown> },
): Promise<void> {
  const client = new PGlite();
  const dumpTo = async (target: string) => {
    const dump = await client.dumpDataDir('gzip');
    const partial = `${target}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, target);
  };
  try {
    await client.waitReady;
    await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_FOLDER });
    await dumpTo(file);
    if (seeded) {
      await seeded.seed(drizzlePglite(client, { schema }) as unknown as Database);
      await dumpTo(seeded.file);
    }
  } finally {
    await client.close();
  }
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  /** Embedded data folder; `memory://` keeps an embedded database in memory (tests). */
  dataDir: string;
  /** What a new embedded data folder starts from: the example programme (the app) or nothing (the CLI). */
  startWith?: 'example' | 'empty';
  /**
   * How an embedded data folder is shared while its holder runs: the app `serve`s it on a socket in the
   * folder, the CLI `join`s the app through that socket when the app holds the folder.
   */
  embedded?: 'serve' | 'join';
  /**
   * The app, which answers Slack within 3 seconds: a server connection is given up after 2 s, and the
   * server cancels a statement after `QUERY_DEADLINE_MS` (a lock held elsewhere, a slow plan). The CLI
   * goes without: an import of a large programme may run longer. Migrations always go without.
   */
  requestTimeouts?: boolean;
  /**
   * A new embedded database (in memory too) starts from this dumped data folder instead of dist/'s
   * templates: the tests' migrated template, made once per run (tests/support/globalSetup.ts).
   */
  templateFile?: string;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    return openPostgres(options.databaseUrl, options.requestTimeouts ?? false, PUBLIC_SCHEMA);
  }
  const startWith = options.startWith ?? 'empty';
  if (options.embedded === 'join' && !options.dataDir.startsWith('memory://')) {
    try {
      return await openPglite(options.dataDir, startWith, false, options.templateFile);
    } catch (error) {
      if (error instanceof DataDirBusyError) return joinRunningApp(error);
      throw error;
    }
  }
  return openPglite(options.dataDir, startWith, options.embedded === 'serve', options.templateFile);
}

export const PUBLIC_SCHEMA = 'public';

/** Seconds to connect (TCP, TLS, start-up) before a request's query gives up: within Slack's 3 s. */
const REQUEST_CONNECT_TIMEOUT_S = 2;

/**
 * Connections of the instance's own pool (public: the single-token programme, installations), and of
 * each workspace's; a workspace's close when idle, so a dozen quiet workspaces hold few connections.
 */
const POOL_MAX = 10;
const WORKSPACE_POOL_MAX = 4;
const WORKSPACE_IDLE_S = 60;

function openPostgres(url: string, requestTimeouts: boolean, schemaName: string): DatabaseHandle {
  const workspace = schemaName !== PUBLIC_SCHEMA;
  const onSchema = workspace ? { search_path: quotedSchema(schemaName) } : {};
  const client = postgres(url, {
    max: workspace ? WORKSPACE_POOL_MAX : POOL_MAX,
    ...(workspace && { idle_timeout: WORKSPACE_IDLE_S }),
    connect_timeout: requestTimeouts ? REQUEST_CONNECT_TIMEOUT_S : 5,
    connection: { ...onSchema, ...(requestTimeouts && { statement_timeout: QUERY_DEADLINE_MS }) },
    // No array columns need the catalogue's array types; and postgres.js drops the promise of that
    // first query of each connection, so a connection lost during it (a database cut) was an unhandled
    // rejection: logged by the app, a crash with a stack trace for the CLI (porsager/postgres#1192).
    fetch_types: false,
    // Notices such as "relation already exists, skipping" from migrations are noise in the logs.
    onnotice: () => {},
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Database;
  const subscriptions = new Set<Subscription>();
  return {
    db,
    kind: 'postgres',
    schema: schemaName,
    forWorkspace: async (other) => openPostgres(url, requestTimeouts, other),
    location: redactUrl(url),
    migrate: async () => {
      if (!requestTimeouts && !workspace) {
        await migratePostgres(drizzlePostgres(client), { migrationsFolder: MIGRATIONS_FOLDER });
        return;
      }
      // A migration may take longer than a request's statement may: it gets a connection without that limit.
      const migrating = postgres(url, {
        max: 1,
        connect_timeout: 5,
        connection: onSchema,
        onnotice: () => {},
      });
      try {
        if (workspace)
          await migrateWorkspaceSchema(
            drizzlePostgres(migrating) as unknown as Database,
            schemaName,
            MIGRATIONS_FOLDER,
          );
        else await migratePostgres(drizzlePostgres(migrating), { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await migrating.end({ timeout: 5 });
      }
    },
    ping: async () => {
      await client`select 1`;
    },
    listen: (channel, handlers) => {
      const subscription = listenOnPostgres(url, channel, handlers);
      subscriptions.add(subscription);
      return {
        stop: async () => {
          subscriptions.delete(subscription);
          await subscription.stop();
        },
      };
    },
    close: async () => {
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
      await client.end({ timeout: 5 });
    },
  };
}

async function openPglite(
  dataDir: string,
  startWith: 'example' | 'empty',
  serve: boolean,
  templateFile?: string,
): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith('memory://');
  let lock: DataDirLock | null = null;
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true });
    lock = acquireDataDirLock(dataDir);
  }
  try {
    const folder = join(resolve(dataDir), 'pglite');
    const template = templateFile
      ? inMemory || !existsSync(folder)
        ? templateFile
        : undefined
      : [...(startWith === 'example' ? [PGLITE_EXAMPLE_TEMPLATE_FILE] : []), PGLITE_TEMPLATE_FILE].find(
          (file) => !inMemory && !existsSync(folder) && existsSync(file),
        );
    const templateOptions = template ? { loadDataDir: new Blob([readFileSync(template)]) } : {};
    const client = inMemory ? new PGlite(templateOptions) : new PGlite(folder, templateOptions);
    await client.waitReady;
    const gate = new SessionGate();
    const path: SessionPath = { current: null };
    const appClient = gatedClient(client, gate, path, PUBLIC_SCHEMA);
    const db = drizzlePglite(appClient, { schema }) as unknown as Database;
    let socket: ServedSocket | null = null;
    let sharing: DatabaseHandle['sharing'];
    const listeners = new Set<NotificationHandlers>();
    // What the CLI wrote through the socket was announced to the CLI: the app's listeners hear of it here.
    const afterCliTurn = () => {
      path.current = null;
      for (const handlers of listeners) {
        handlers.onLost();
        handlers.onListening();
      }
    };
    if (serve && !inMemory) {
      try {
        socket = await serveSocket(dataDir, client, gate, afterCliTurn);
        sharing = { folder: socket.folder };
      } catch (error) {
        // E.g. a DATA_DIR path too long for a Unix socket: the app runs, the CLI must wait for it to stop.
        sharing = { problem: (error as Error).message };
      }
    }
    // In-process: the listener never loses its connection.
    const listen: DatabaseHandle['listen'] = (channel, handlers) => {
      const unlisten = client.listen(channel, handlers.onNotify).then((stop) => {
        handlers.onListening();
        listeners.add(handlers);
        return stop;
      });
      return {
        stop: () => {
          listeners.delete(handlers);
          return unlisten.then((stop) => (client.closed ? undefined : stop()));
        },
      };
    };
    const location = inMemory ? 'memory' : resolve(dataDir);
    const forWorkspace = async (workspace: string): Promise<DatabaseHandle> => {
      const workspaceClient = gatedClient(client, gate, path, workspace);
      const workspaceDb = drizzlePglite(workspaceClient, { schema }) as unknown as Database;
      return {
        db: workspaceDb,
        kind: 'pglite',
        schema: workspace,
        forWorkspace,
        location,
        listen,
        migrate: () => migrateWorkspaceSchema(workspaceDb, workspace, MIGRATIONS_FOLDER),
        ping: async () => {
          await workspaceDb.execute(sql`select 1`);
        },
        // The session is the instance's: it closes with the instance's own handle.
        close: async () => {},
      };
    };
    return {
      listen,
      db,
      kind: 'pglite',
      schema: PUBLIC_SCHEMA,
      forWorkspace,
      location,
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
      const db = drizzlePostgres(client, { schema }) as unknown as Database;
      const joined = (onSchema: string): DatabaseHandle => ({
        db,
        kind: 'pglite',
        schema: onSchema,
        // One connection, one workspace at a time: the app puts the CLI's search_path back at each turn.
        forWorkspace: async (workspace) => {
          await client.unsafe(`set search_path to ${quotedSchema(workspace)}`);
          return joined(workspace);
        },
        location: resolve(busy.dataDir),
        throughPid: busy.holderPid,
        // Notifications sent to the app's one session arrive at the app, not here: the CLI never listens.
        listen: () => {
          throw new Error('LISTEN is not available through the running app');
        },
        migrate: () =>
          onSchema === PUBLIC_SCHEMA
            ? migratePostgres(drizzlePostgres(client), { migrationsFolder: MIGRATIONS_FOLDER })
            : migrateWorkspaceSchema(db, onSchema, MIGRATIONS_FOLDER),
        ping: async () => {
          await client`select 1`;
        },
        close: () => client.end({ timeout: 5 }),
      });
      return joined(PUBLIC_SCHEMA);
    } catch {
      await client.end({ timeout: 1 }).catch(() => {});
      if (Date.now() >= deadline) throw busy;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

const FIRST_RELISTEN_MS = 250;
const MAX_RELISTEN_MS = 5_000;

/**
 * LISTEN on a connection of its own. postgres.js's `sql.listen` re-listens after a drop too, but does not
 * say that the connection dropped, and a listener that missed notifications must know it at once.
 */
function listenOnPostgres(url: string, channel: string, handlers: NotificationHandlers): Subscription {
  let stopped = false;
  let listening = false;
  let retry: NodeJS.Timeout | undefined;
  const connection = postgres(url, {
    max: 1,
    connect_timeout: 5,
    max_lifetime: null,
    fetch_types: false,
    onnotice: () => {},
    onclose: () => {
      if (listening) handlers.onLost();
      listening = false;
      if (!stopped) scheduleListen(FIRST_RELISTEN_MS);
    },
    // postgres.js hands every notification of the connection to this option; its types omit it.
    ...({ onnotify: (_channel: string, payload: string) => handlers.onNotify(payload) } as object),
  });
  const quoted = `"${channel.replaceAll('"', '""')}"`;
  const scheduleListen = (waitMs: number) => {
    clearTimeout(retry);
    retry = setTimeout(() => void listen(waitMs), waitMs);
  };
  const listen = async (waitMs: number) => {
    if (stopped || listening) return;
    try {
      await connection.unsafe(`listen ${quoted}`);
      if (stopped) return;
      listening = true;
      handlers.onListening();
    } catch {
      if (!stopped) scheduleListen(Math.min(waitMs * 2, MAX_RELISTEN_MS));
    }
  };
  void listen(FIRST_RELISTEN_MS);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      await connection.end({ timeout: 1 });
    },
  };
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
