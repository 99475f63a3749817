import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase, writePgliteTemplate } from '../../src/db/client.js';
import { TEST_DATABASE_URL, withDatabaseName } from './postgresServer.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A dumped PGlite data folder, empty and migrated: every test database starts from a copy. */
    pgliteTemplateFile: string;
    /** A migrated, empty database on the test server that `createTestDatabase` copies; '' if unreachable. */
    postgresTemplateDatabase: string;
  }
}

/**
 * Once per `npm test`, before any file runs: the migrations are applied once per kind of database
 * rather than once per test file. Each file still gets a database of its own, a copy of these
 * (`CREATE DATABASE … TEMPLATE …` on PostgreSQL, a loaded dump on PGlite), so files run side by side.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = mkdtempSync(join(tmpdir(), 'koers-test-template-'));
  const pgliteTemplateFile = join(folder, 'pglite-template.tar.gz');
  await writePgliteTemplate(pgliteTemplateFile);
  project.provide('pgliteTemplateFile', pgliteTemplateFile);

  const templateName = `koers_template_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  let postgresTemplateDatabase = '';
  try {
    await admin.unsafe(`create database ${templateName}`);
    const template = await openDatabase({
      databaseUrl: withDatabaseName(TEST_DATABASE_URL, templateName),
      dataDir: '',
    });
    try {
      await template.migrate();
    } finally {
      // A database is copied only while nobody is connected to it.
      await template.close();
    }
    postgresTemplateDatabase = templateName;
  } catch {
    // Unreachable: databases.ts says so (and fails under CI=true); each file would migrate its own.
  }
  project.provide('postgresTemplateDatabase', postgresTemplateDatabase);

  return async () => {
    rmSync(folder, { recursive: true, force: true });
    await admin.unsafe(`drop database if exists ${templateName} with (force)`).catch(() => {});
    await admin.end({ timeout: 1 }).catch(() => {});
  };
}
