import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { quotedSchema } from './sharedPglite.js';

/*
 * With OAuth, each installed workspace keeps its programme, people, answers and deliveries in a
 * PostgreSQL schema of its own (`domain/workspaces.ts` names it). Its handle's connections see only
 * that schema (search_path), so every query Koers has runs unchanged and cannot reach another
 * workspace's rows. The tables are the same drizzle-kit migrations as public's, applied per schema.
 */

/** Either driver, as client.ts opens it (its `Database`, which this module cannot import: client.ts imports it). */
// biome-ignore lint/suspicious/noExplicitAny: any schema of tables
type AnyDatabase = PgDatabase<PgQueryResultHKT, any>;

/** drizzle-kit writes the public schema into what it generates (types, foreign keys): each schema gets its own. */
const PUBLIC_QUALIFIER = '"public".';

let migrations: ReturnType<typeof readMigrationFiles> | null = null;

/**
 * Creates the schema if it is new and applies the migrations it lacks, in one transaction under a lock
 * of its own: instances starting together, or installing at once, never apply one twice.
 * `db` is a handle whose search_path is the schema.
 */
export async function migrateWorkspaceSchema(
  db: AnyDatabase,
  schema: string,
  migrationsFolder: string,
): Promise<void> {
  migrations ??= readMigrationFiles({ migrationsFolder });
  const quoted = quotedSchema(schema);
  await db.transaction(async (t) => {
    await lockWorkspaceSchema(t, schema);
    await t.execute(sql.raw(`create schema if not exists ${quoted}`));
    await t.execute(
      sql.raw(
        `create table if not exists ${quoted}.koers_migrations (hash text primary key, folder_millis bigint not null, applied_at timestamptz not null default now())`,
      ),
    );
    const applied = await t.execute<{ hash: string }>(sql.raw(`select hash from ${quoted}.koers_migrations`));
    const done = new Set(rowsOf<{ hash: string }>(applied).map((row) => row.hash));
    for (const migration of migrations ?? []) {
      if (done.has(migration.hash)) continue;
      for (const statement of migration.sql) {
        if (statement.trim() === '') continue;
        await t.execute(sql.raw(statement.replaceAll(PUBLIC_QUALIFIER, `${quoted}.`)));
      }
      await t.execute(
        sql`insert into ${sql.raw(quoted)}.koers_migrations (hash, folder_millis) values (${migration.hash}, ${migration.folderMillis})`,
      );
    }
  });
}

/**
 * Held until the end of the transaction: a schema is migrated, or purged, by one instance at a time, so
 * a purge never drops a schema halfway through a migration that a reinstall began.
 */
export async function lockWorkspaceSchema(t: AnyDatabase, schema: string): Promise<void> {
  await t.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`koers:schema:${schema}`}, 0))`);
}

/** Removes a workspace's schema and everything in it: its whole programme, people and history. */
export async function dropWorkspaceSchema(db: AnyDatabase, schema: string): Promise<void> {
  await db.execute(sql.raw(`drop schema if exists ${quotedSchema(schema)} cascade`));
}

/** postgres.js hands back the rows, PGlite a result with `rows`. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}
