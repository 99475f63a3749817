import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, npmStartCommand } from '../tests/support/processes.js';
import {
  type AppProcess,
  cleanEnvironment,
  freePort,
  healthzReady,
  httpAnswers,
  spawnApp,
} from './children.js';
import { createBenchDatabase } from './databases.js';

export const SIGNING_SECRET = 'bench-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-bench';

export interface KoersProcessOptions {
  name: string;
  slackApiUrl: string;
  /** PostgreSQL; without it the embedded PGlite in `dataDir`. */
  databaseUrl?: string;
  dataDir?: string;
  /** Writes a V8 CPU profile of the process into this folder when it stops. */
  cpuProfileDir?: string;
  /** Installed through OAuth: the installations' tokens are sealed with this key (base64, 32 bytes). */
  oauthEncryptionKey?: string;
}

/** The OAuth app's made-up credentials, for a Koers serving many workspaces. */
export const BENCH_OAUTH = {
  SLACK_CLIENT_ID: '1111111111.2222222222',
  SLACK_CLIENT_SECRET: 'bench-client-secret-0123456789abcdef',
  SLACK_STATE_SECRET: 'bench-state-secret-0123456789abcdefghijklmnop',
};

/** `npm run build` (what `npm start` does first): compiles src/ into dist/. Returns the milliseconds it took. */
export function buildKoers(): number {
  const started = performance.now();
  buildApp();
  return performance.now() - started;
}

/** Koers as `npm start` runs it (the build's bundle, dist/start/main.js), answering once `/healthz` says 200. */
export async function startKoersProcess(options: KoersProcessOptions): Promise<AppProcess> {
  const port = await freePort();
  const start = npmStartCommand();
  return spawnApp({
    name: options.name,
    script: start.script,
    port,
    env: cleanEnvironment({
      ...(options.oauthEncryptionKey
        ? { ...BENCH_OAUTH, KOERS_ENCRYPTION_KEY: options.oauthEncryptionKey }
        : { SLACK_BOT_TOKEN: BOT_TOKEN }),
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: options.slackApiUrl,
      PORT: String(port),
      SCHEDULER: 'off',
      LOG_LEVEL: 'warn',
      DATABASE_URL: options.databaseUrl,
      DATA_DIR: options.dataDir,
    }),
    isReady: healthzReady,
    nodeFlags: [
      ...start.nodeFlags,
      ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : []),
    ],
  });
}

export async function startBaselineProcess(slackApiUrl: string): Promise<AppProcess> {
  const port = await freePort();
  return spawnApp({
    name: 'baseline',
    script: 'bench/baselineApp.js',
    port,
    env: cleanEnvironment({
      BENCH_PORT: String(port),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slackApiUrl,
    }),
    isReady: httpAnswers,
  });
}

export interface StartupResult {
  database: 'PGlite' | 'PostgreSQL';
  /** A first start (new data folder or database) or a start again on the same one. */
  again: boolean;
  start: string;
  /** Milliseconds from spawn to the first 200 from /healthz: the median of the runs. */
  readyMs: number;
  runs: number[];
}

/**
 * Start-up to a ready `/healthz`, each kind `repeats` times: on PGlite in a new data folder (the first
 * start migrates and loads the example programme) and again on that folder; on PostgreSQL in a new,
 * empty database (the first start migrates) and again on that database.
 */
export async function measureStartups(slackApiUrl: string, repeats = 3): Promise<StartupResult[]> {
  const timeStart = async (options: Omit<KoersProcessOptions, 'name' | 'slackApiUrl'>) => {
    const app = await startKoersProcess({ name: 'koers (start-up)', slackApiUrl, ...options });
    await app.stop();
    return app.readyMs;
  };

  const pgliteFirst: number[] = [];
  const pgliteAgain: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'koers-bench-'));
    try {
      pgliteFirst.push(await timeStart({ dataDir }));
      pgliteAgain.push(await timeStart({ dataDir }));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }

  const postgresFirst: number[] = [];
  const postgresAgain: number[] = [];
  for (let i = 0; i < repeats; i++) {
    // An empty database: the migrations are Koers's to run.
    const database = await createBenchDatabase('startup', { migrate: false });
    try {
      await database.handle.close();
      postgresFirst.push(await timeStart({ databaseUrl: database.url }));
      postgresAgain.push(await timeStart({ databaseUrl: database.url }));
    } finally {
      await database.drop();
    }
  }

  const row = (database: StartupResult['database'], start: string, runs: number[]): StartupResult => ({
    database,
    again: start.startsWith('again'),
    start,
    readyMs: median(runs),
    runs,
  });
  return [
    row('PGlite', 'first (new data folder: migrations, example programme loaded)', pgliteFirst),
    row('PGlite', 'again (same folder)', pgliteAgain),
    row('PostgreSQL', 'first (new, empty database: migrations)', postgresFirst),
    row('PostgreSQL', 'again (same database)', postgresAgain),
  ];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]!
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}
