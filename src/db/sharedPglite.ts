import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/*
 * The embedded database belongs to one process, the app. So that the CLI can still import, export or
 * subscribe while the app runs, the app serves its PGlite on a Unix socket in DATA_DIR (a folder only
 * its owner may enter) and the CLI talks PostgreSQL's protocol to it with postgres.js.
 *
 * PGlite is one PostgreSQL session. Both sides share it, so they take turns through one gate: an app
 * query or transaction holds it from start to end; the socket's client holds it from its first message
 * until PostgreSQL says it is idle again (ReadyForQuery 'I': a statement finished outside any
 * transaction). A CLI import in a transaction therefore never sees, or is joined by, an app query, and
 * the app's answers wait for the import's COMMIT rather than reading half of it.
 */

/** postgres.js finds a server in a folder by this name (`host` = the folder, `port` = 5432). */
export const SOCKET_PORT = 5432;

export function socketFolder(dataDir: string): string {
  return join(resolve(dataDir), 'socket');
}

function socketPath(dataDir: string): string {
  return join(socketFolder(dataDir), `.s.PGSQL.${SOCKET_PORT}`);
}

/** Takes turns in arrival order; `acquire` resolves with the function that lets the next one go. */
export class SessionGate {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let letGo!: () => void;
    const released = new Promise<void>((done) => {
      letGo = done;
    });
    const previous = this.tail;
    this.tail = previous.then(() => released);
    return previous.then(() => letGo);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

/** The methods through which the app sends SQL; each call takes a turn at the gate. */
const SQL_METHODS = new Set(['query', 'exec', 'sql', 'transaction', 'listen', 'unlisten', 'execProtocol']);

/**
 * The schema whose tables the one session sees now (its `search_path`); null when unknown, after the
 * CLI had a turn. Each workspace's tables are a schema of their own (OAuth mode): a statement of one
 * workspace first moves the session to its schema, inside the same turn at the gate.
 */
export interface SessionPath {
  current: string | null;
}

export function quotedSchema(schema: string): string {
  return `"${schema.replaceAll('"', '""')}"`;
}

/**
 * The app's view of the PGlite for the tables of `schema`: the same object, but every statement and
 * transaction waits its turn, and runs with the session's search_path on `schema`. A transaction holds
 * the gate throughout; its own statements run on its transaction object, not here.
 */
export function gatedClient(client: PGlite, gate: SessionGate, path: SessionPath, schema: string): PGlite {
  const onSchema = async () => {
    if (path.current === schema) return;
    await client.exec(`set search_path to ${quotedSchema(schema)}`);
    path.current = schema;
  };
  return new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (typeof property === 'string' && SQL_METHODS.has(property)) {
        return (...args: unknown[]) =>
          gate.run(async () => {
            await onSchema();
            return value.apply(target, args);
          });
      }
      return value.bind(target);
    },
  });
}

/** ReadyForQuery, status idle: 'Z', length 5, 'I'. */
const READY_IDLE = [0x5a, 0, 0, 0, 5, 0x49];
/** Terminate: the client says goodbye, and gets no answer to wait for. */
const TERMINATE = 0x58;
/**
 * A client that holds the gate outside a transaction is between the messages of one statement; one
 * that says nothing for this long has gone without a word, and the app must not wait for it forever.
 */
const SILENT_CLIENT_MS = 5_000;

/**
 * What pglite-socket's server sees as its database: PGlite, with every protocol message of the
 * client taking the gate first and letting it go once the session is idle again.
 */
class SocketSession {
  private release: (() => void) | null = null;
  /**
   * The CLI's own search_path (it may have chosen a workspace), put back at each of its turns: the app's
   * statements between them move the session to their own schemas. A new client starts on public.
   */
  private clientPath = 'public';
  /** Counts the client's messages, so a silent client's late letting go does not end a turn that began since. */
  private messages = 0;
  private tail: number[] = [];
  private leaving = false;
  private silence: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: PGlite,
    private readonly gate: SessionGate,
    private readonly onTurnEnd: () => void,
  ) {}

  get waitReady(): Promise<void> {
    return this.client.waitReady;
  }

  /** Only the client's own transaction counts: one the app has open is none of the server's business. */
  isInTransaction(): boolean {
    return this.release !== null && this.client.isInTransaction();
  }

  async runExclusive<T>(work: () => Promise<T>): Promise<T> {
    clearTimeout(this.silence);
    this.messages++;
    if (!this.release) {
      this.release = await this.gate.acquire();
      await this.client.exec(`set search_path to ${this.clientPath}`);
    }
    try {
      return await this.client.runExclusive(work);
    } finally {
      if (this.endsIdle() || (this.leaving && !this.client.isInTransaction())) await this.letGo();
      else if (!this.client.isInTransaction()) {
        this.silence = setTimeout(() => void this.letGo(), SILENT_CLIENT_MS);
        this.silence.unref();
      }
    }
  }

  execProtocolRawStream(
    message: Uint8Array,
    options: { onRawData: (data: Uint8Array) => void },
  ): Promise<void> {
    this.tail = [];
    this.leaving = message[0] === TERMINATE;
    return this.client.execProtocolRawStream(message, {
      ...options,
      onRawData: (data) => {
        this.tail = [...this.tail, ...data.subarray(Math.max(0, data.length - READY_IDLE.length))].slice(
          -READY_IDLE.length,
        );
        options.onRawData(data);
      },
    });
  }

  /** The server's ROLLBACK for a client that left in the middle of a transaction. */
  async exec(query: string): Promise<unknown> {
    try {
      return await this.client.exec(query);
    } finally {
      if (!this.client.isInTransaction()) await this.letGo();
    }
  }

  private endsIdle(): boolean {
    return this.tail.length === READY_IDLE.length && this.tail.every((byte, i) => byte === READY_IDLE[i]);
  }

  private async letGo(): Promise<void> {
    clearTimeout(this.silence);
    if (!this.release) return;
    const messages = this.messages;
    if (this.leaving) this.clientPath = 'public';
    else {
      const shown = await this.client.query<{ search_path: string }>('show search_path').catch(() => null);
      this.clientPath = shown?.rows[0]?.search_path ?? this.clientPath;
      if (this.messages !== messages) return;
    }
    const release = this.release;
    this.release = null;
    this.onTurnEnd();
    release();
  }
}

export interface ServedSocket {
  /** The folder to give postgres.js as `host`. */
  folder: string;
  stop(): Promise<void>;
}

/**
 * Serves the app's PGlite to the CLI. Called only by the holder of the data folder's lock, so a socket
 * file already there was left by a process that died: it is removed, not feared.
 */
export async function serveSocket(
  dataDir: string,
  client: PGlite,
  gate: SessionGate,
  /**
   * Called after each turn of the client. A NOTIFY it sent went back to it in its own stream, never to
   * the app's listeners (one session): the app must assume it missed notifications and look again.
   */
  onTurnEnd: () => void,
): Promise<ServedSocket> {
  const folder = socketFolder(dataDir);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  chmodSync(folder, 0o700);
  const path = socketPath(dataDir);
  rmSync(path, { force: true });
  const server = new PGLiteSocketServer({
    // The session wrapper provides exactly what the server calls on its database.
    db: new SocketSession(client, gate, onTurnEnd) as unknown as PGlite,
    path,
    // One client at a time: two would interleave their statements in PGlite's single session.
    maxConnections: 1,
  });
  await server.start();
  chmodSync(path, 0o600);
  return {
    folder,
    stop: async () => {
      await server.stop();
      rmSync(path, { force: true });
    },
  };
}
