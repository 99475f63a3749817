import { randomBytes } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { type Database, type DatabaseHandle, openDatabase } from '../../src/db/client.js';
import * as schema from '../../src/db/schema.js';
import { TEST_DATABASE_URL, withDatabaseName } from './postgresServer.js';

export { TEST_DATABASE_URL, withDatabaseName };

/**
 * Every database-backed suite runs twice: on an embedded PGlite (PostgreSQL 18) and on the real
 * PostgreSQL server (15 here). Each test file gets its own fresh database, so files run in parallel
 * and repeated runs never see each other's rows. Under `npm test` a fresh database is a copy of one
 * migrated once for the whole run (tests/support/globalSetup.ts); without that set-up it is migrated.
 */
export type DatabaseKind = 'pglite' | 'postgres';

async function probePostgres(): Promise<string | null> {
  const admin = postgres(TEST_DATABASE_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await admin`select 1`;
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await admin.end({ timeout: 1 }).catch(() => {});
  }
}

const postgresProblem = await probePostgres();
if (postgresProblem && process.env.CI === 'true') {
  throw new Error(
    `PostgreSQL at ${TEST_DATABASE_URL} is unreachable (${postgresProblem}); under CI=true the Postgres half must run.`,
  );
}
if (postgresProblem) {
  console.warn(
    `NOTICE: PostgreSQL at ${TEST_DATABASE_URL} is unreachable (${postgresProblem}): the PostgreSQL half of the suite is SKIPPED.`,
  );
}

/** False when the PostgreSQL half is skipped (server unreachable outside CI). */
export const postgresAvailable = postgresProblem === null;

/** A fresh, migrated, empty database of the given kind; `drop()` removes it again. */
export interface TestDatabase {
  kind: DatabaseKind;
  /** For the app under test: a DATABASE_URL (postgres) or undefined (pglite, use `handle`). */
  url: string | undefined;
  handle: DatabaseHandle;
  drop(): Promise<void>;
}

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const templateFile = inject('pgliteTemplateFile');
    const handle = await openDatabase({ dataDir: 'memory://', ...(templateFile ? { templateFile } : {}) });
    if (!templateFile) await handle.migrate();
    return { kind, url: undefined, handle, drop: () => handle.close() };
  }
  const name = `koers_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  const template = inject('postgresTemplateDatabase');
  await admin.unsafe(`create database ${name}${template ? ` template ${template}` : ''}`);
  const url = withDatabaseName(TEST_DATABASE_URL, name);
  const handle = await openDatabase({ databaseUrl: url, dataDir: '' });
  if (!template) await handle.migrate();
  return {
    kind,
    url,
    handle,
    drop: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * `describe` once per database kind. The body gets a getter for that kind's database, created before
 * the suite's tests and dropped after them.
 */
export function describeOnBothDatabases(title: string, body: (database: () => TestDatabase) => void): void {
  for (const kind of ['pglite', 'postgres'] as const) {
    const skip = kind === 'postgres' && postgresProblem !== null;
    (skip ? describe.skip : describe)(`${title} [${kind}]`, () => {
      let database: TestDatabase | undefined;
      beforeAll(async () => {
        database = await createTestDatabase(kind);
      });
      afterAll(async () => {
        await database?.drop();
      });
      body(() => {
        if (!database) throw new Error('test database not ready');
        return database;
      });
    });
  }
}

/**
 * The test database behind a second drizzle instance on the same connection, which counts the
 * statements run through it (drizzle's query logger), for a test that a read costs a fixed number.
 */
export function countingStatements(database: TestDatabase): { db: Database; statements: () => number } {
  let statements = 0;
  const logger = { logQuery: () => void statements++ };
  const client = (database.handle.db as unknown as { $client: unknown }).$client;
  const db =
    database.kind === 'pglite'
      ? drizzlePglite(client as PGlite, { schema, logger })
      : drizzlePostgres(client as postgres.Sql, { schema, logger });
  return { db: db as unknown as Database, statements: () => statements };
}
