import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
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
    /**
     * src/cli.ts, src/main.ts and tests/support/schedulerProcess.ts bundled once for the run: what a
     * test process runs instead of tsx.
     */
    koersBundle: { cli: string; main: string; scheduler: string };
  }
}

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/**
 * Two folders below the repository, as dist/start/ is: src/ finds the migrations, the example and the
 * page (`../../drizzle`, …) relative to its own module, so the same paths hold from here.
 */
const BUNDLE_FOLDER = join(REPO_ROOT, 'node_modules/.cache');

/**
 * `npm run koers` and `npm start`'s src/main.ts as a test starts them: the same sources, bundled once
 * per run by esbuild as `npm run build` bundles dist/start/, so that each process does not compile src/
 * under tsx on start (about 0.7 s of CPU a process, dozens of processes a run). Named after the run, so
 * that two runs in one repository do not share files.
 */
async function bundleKoers(runId: string): Promise<{ cli: string; main: string; scheduler: string }> {
  mkdirSync(BUNDLE_FOLDER, { recursive: true });
  await build({
    entryPoints: {
      cli: join(REPO_ROOT, 'src/cli.ts'),
      main: join(REPO_ROOT, 'src/main.ts'),
      scheduler: join(REPO_ROOT, 'tests/support/schedulerProcess.ts'),
    },
    outdir: BUNDLE_FOLDER,
    entryNames: `koers-test-${runId}-[name]`,
    chunkNames: `koers-test-${runId}-chunk-[hash]`,
    bundle: true,
    splitting: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // As scripts/bundle.ts: these find files beside their own module, or load on first use anyway.
    external: ['@electric-sql/pglite', '@electric-sql/pglite-socket', 'pino', 'exceljs', 'ical-generator'],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return {
    cli: join(BUNDLE_FOLDER, `koers-test-${runId}-cli.js`),
    main: join(BUNDLE_FOLDER, `koers-test-${runId}-main.js`),
    scheduler: join(BUNDLE_FOLDER, `koers-test-${runId}-scheduler.js`),
  };
}

function removeBundle(runId: string): void {
  for (const name of readdirSync(BUNDLE_FOLDER)) {
    if (name.startsWith(`koers-test-${runId}-`)) rmSync(join(BUNDLE_FOLDER, name), { force: true });
  }
}

/**
 * Once per `npm test`, before any file runs: the migrations are applied once per kind of database
 * rather than once per test file. Each file still gets a database of its own, a copy of these
 * (`CREATE DATABASE … TEMPLATE …` on PostgreSQL, a loaded dump on PGlite), so files run side by side.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = `${process.pid}-${randomBytes(4).toString('hex')}`;
  project.provide('koersBundle', await bundleKoers(runId));

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
    removeBundle(runId);
    rmSync(folder, { recursive: true, force: true });
    await admin.unsafe(`drop database if exists ${templateName} with (force)`).catch(() => {});
    await admin.end({ timeout: 1 }).catch(() => {});
  };
}
