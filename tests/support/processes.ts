import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import postgres from 'postgres';
import { inject } from 'vitest';
import { type DatabaseKind, TEST_DATABASE_URL, withDatabaseName } from './databases.js';

/**
 * Koers as a user runs it: `npm run koers -- …` and `npm start` are real Node processes started from
 * the repository root, each with an environment built from scratch, so that nothing of the test
 * runner's own environment (a DATABASE_URL, Slack tokens, a DEFAULT_LOCALE …) leaks into them.
 */

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const EXAMPLE_FILE = 'programme/example.yml';
const TSX_LOADER = join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs');

export type Env = Record<string, string | undefined>;

/**
 * Only what Node itself needs; every Koers variable is given by the test. Under `npm test`, a new
 * embedded database starts from the run's migrated template (KOERS_PGLITE_TEMPLATE) rather than in
 * initdb and the migrations; a test about the build's own templates sets it to ''.
 */
export function environment(vars: Env = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'SYSTEMROOT']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  const template = process.env.VITEST ? inject('pgliteTemplateFile') : undefined;
  if (template) env.KOERS_PGLITE_TEMPLATE = template;
  for (const [name, value] of Object.entries(vars)) if (value !== undefined) env[name] = value;
  return env;
}

export interface ProcessResult {
  /** The exit code; null when the process was killed (e.g. it ran into the timeout). */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Child processes still running, killed should the test process exit without stopping them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** The Node flags and compiled script of `npm start` (`node [flags] FILE.js`), read from package.json. */
export function npmStartCommand(): { nodeFlags: string[]; script: string } {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const [node, ...rest] = (pkg.scripts.start ?? '').split(/\s+/);
  const script = rest.pop();
  if (node !== 'node' || !script?.endsWith('.js')) {
    throw new Error(`npm start is not "node [flags] FILE.js": ${pkg.scripts.start}`);
  }
  return { nodeFlags: rest, script };
}

/** `npm run build`, which `npm start` runs first: src/ compiled and bundled into dist/, and the PGlite template. */
export function buildApp(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'pipe' });
}

/**
 * What `npm start` does first: `npm run build` only when dist/ is not what the sources build to
 * (scripts/buildStamp.mjs), so a run after an earlier build or start spends no minute rebuilding.
 */
export function buildAppIfChanged(): void {
  execFileSync(process.execPath, ['scripts/buildStamp.mjs'], { cwd: REPO_ROOT, stdio: 'pipe' });
}

/**
 * src/cli.ts and src/main.ts as the run's bundle of them (tests/support/globalSetup.ts), the same
 * sources without a compile on each start; any other TypeScript under tsx, as `npm run koers` runs it;
 * JavaScript under plain Node with the given flags.
 */
function spawnKoers(
  script: string,
  args: string[],
  env: Record<string, string>,
  nodeFlags: string[] = [],
  cwd = REPO_ROOT,
): ChildProcess {
  const bundle = process.env.VITEST ? inject('koersBundle') : undefined;
  const bundled = { 'src/cli.ts': bundle?.cli, 'src/main.ts': bundle?.main }[script];
  const file = bundled ?? resolve(REPO_ROOT, script);
  // By path, so that a process started in another folder (its own ./data) still finds tsx and the script.
  const loader = file.endsWith('.ts') ? ['--import', pathToFileURL(TSX_LOADER).href] : [];
  const child = spawn(process.execPath, [...nodeFlags, ...loader, file, ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Runs a script to its end; a process that is still running after `timeoutMs` is killed. */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
  cwd = REPO_ROOT,
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawnKoers(script, args, env, [], cwd);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** `npm run koers -- ARGS` started, its output left to the caller (a test that reads only part of it). */
export function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  return spawnKoers('src/cli.ts', args, env);
}

/** `npm run koers -- ARGS`. */
export function runCli(
  args: string[],
  env: Record<string, string>,
  timeoutMs?: number,
  /** The folder it runs in: where `./data` and `./data-playground` are (default: the repository). */
  cwd?: string,
): Promise<ProcessResult> {
  return runScript('src/cli.ts', args, env, timeoutMs, cwd);
}

/** `npm run koers -- export -`: the programme as the database holds it, or an error naming why not. */
export async function exportedProgramme(env: Record<string, string>): Promise<string> {
  const result = await runCli(['export', '-'], env);
  if (result.code !== 0) throw new Error(`export failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

export interface RunningApp {
  pid: number;
  port: number;
  baseUrl: string;
  /** The JSON log lines written to stdout so far. */
  logLines(): Record<string, unknown>[];
  /** Everything written to stdout so far. */
  output(): string;
  /** SIGTERM, then waits for the exit (SIGKILL if it does not come); the result of the run. */
  stop(): Promise<ProcessResult>;
}

export interface StartOptions {
  timeoutMs?: number;
  /**
   * Run what `npm start` runs, the build's bundle with its flags (call buildApp() or buildAppIfChanged() first), instead of
   * src/main.ts as bundled for the run: the same code, the way a user runs it.
   */
  compiled?: boolean;
  /** The folder it runs in: where `./data` and `./data-playground` are (default: the repository). */
  cwd?: string;
}

/**
 * `npm start`: resolves once the app logs "Koers is ready" (with its port). Rejects, with what the
 * process wrote, if it exits or is not ready within `timeoutMs`; then it is not left running.
 */
export function startApp(env: Record<string, string>, options: StartOptions = {}): Promise<RunningApp> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const start = options.compiled ? npmStartCommand() : { nodeFlags: [], script: 'src/main.ts' };
  const child = spawnKoers(start.script, [], env, start.nodeFlags, options.cwd);
  let stdout = '';
  let stderr = '';
  const exited = new Promise<ProcessResult>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  const logLines = () =>
    stdout.split('\n').flatMap((line) => {
      try {
        const parsed: unknown = JSON.parse(line);
        return parsed && typeof parsed === 'object' ? [parsed as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
  const stop = async (): Promise<ProcessResult> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const result = await exited;
    clearTimeout(timer);
    return result;
  };

  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`${reason}\nstdout:\n${stdout}\nstderr:\n${stderr}`)));
    };
    const timer = setTimeout(() => fail(`the app was not ready within ${timeoutMs} ms`), timeoutMs);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const ready = logLines().find((line) => line.msg === 'Koers is ready');
      if (!settled && ready && typeof ready.port === 'number') {
        settled = true;
        clearTimeout(timer);
        resolve({
          pid: child.pid ?? -1,
          port: ready.port,
          baseUrl: `http://127.0.0.1:${ready.port}`,
          logLines,
          output: () => stdout,
          stop,
        });
      }
    });
    child.once('error', (error) => fail(`the app could not be started: ${error.message}`));
    child.once('exit', (code, signal) =>
      fail(`the app exited (code ${code}, signal ${signal}) before it was ready`),
    );
  });
}

/** A fresh temporary folder; `remove()` deletes it with everything in it. */
export function temporaryFolder(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * A new, empty database as an operator would point Koers at: for PGlite a data folder that does not
 * exist yet, for PostgreSQL a database just created on the test server (no tables, no migrations).
 * `env` holds the variable that selects it; `dispose()` removes it.
 */
export interface EmptyDatabase {
  kind: DatabaseKind;
  env: Env;
  dispose(): Promise<void>;
}

export async function createEmptyDatabase(kind: DatabaseKind): Promise<EmptyDatabase> {
  if (kind === 'pglite') {
    const folder = temporaryFolder('koers-data-');
    return {
      kind,
      env: { DATA_DIR: join(folder.path, 'data') },
      dispose: async () => folder.remove(),
    };
  }
  const name = `koers_process_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  return {
    kind,
    env: { DATABASE_URL: withDatabaseName(TEST_DATABASE_URL, name) },
    dispose: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
