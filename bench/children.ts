import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * The apps under measurement run as child processes of their own: their resident memory can be read,
 * and the load generator does not share their event loop. Every child is killed when the bench exits,
 * whatever way it exits.
 */

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Only what Node needs, plus the given variables: nothing of the bench's own environment leaks in. */
export function cleanEnvironment(vars: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  for (const [name, value] of Object.entries(vars)) if (value !== undefined) env[name] = value;
  return env;
}

/** A free TCP port on loopback (there is a small race until the child binds it; fine on one machine). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface AppProcess {
  name: string;
  pid: number;
  port: number;
  baseUrl: string;
  /** Milliseconds from spawn until the app answered as ready. */
  readyMs: number;
  /** Resident set size in MiB when it was ready, before any load. */
  readyRssMiB: number;
  /** Resident set size in MiB, from /proc/<pid>/status. */
  rssMiB(): number;
  /** The highest resident set size so far (VmHWM), in MiB. */
  peakRssMiB(): number;
  /** The last lines the process printed, for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after a grace period; resolves once the process is gone. */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  /** The entry point: JavaScript runs under plain Node, TypeScript under Node's tsx loader. */
  script: string;
  env: Record<string, string>;
  port: number;
  /** Resolves true once the app is ready to serve: polled until then. */
  isReady: (baseUrl: string) => Promise<boolean>;
  timeoutMs?: number;
  /** Extra Node flags, e.g. --cpu-prof. */
  nodeFlags?: string[];
}

/** Starts a script as its own Node process and waits until it is ready (or fails, or times out). */
export async function spawnApp(options: SpawnOptions): Promise<AppProcess> {
  const started = performance.now();
  const loader = options.script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...loader, options.script], {
    cwd: REPO_ROOT,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let log = '';
  const keep = (chunk: string) => {
    log = (log + chunk).slice(-8_000);
  };
  child.stdout?.setEncoding('utf8').on('data', keep);
  child.stderr?.setEncoding('utf8').on('data', keep);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
  });
  let gone = false;
  void exited.then(() => {
    gone = true;
  });

  const baseUrl = `http://127.0.0.1:${options.port}`;
  const deadline = started + (options.timeoutMs ?? 60_000);
  let readyMs: number | null = null;
  while (readyMs === null) {
    if (gone) throw new Error(`${options.name} exited before it was ready:\n${log}`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} was not ready within ${options.timeoutMs ?? 60_000} ms:\n${log}`);
    }
    if (await options.isReady(baseUrl).catch(() => false)) readyMs = performance.now() - started;
    else await new Promise((resolve) => setTimeout(resolve, 5));
  }

  const pid = child.pid ?? 0;
  return {
    name: options.name,
    pid,
    port: options.port,
    baseUrl,
    readyMs,
    readyRssMiB: readRssMiB(pid),
    rssMiB: () => readRssMiB(pid),
    peakRssMiB: () => readRssMiB(pid, 'VmHWM'),
    output: () => log,
    stop: async () => {
      if (gone) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function readRssMiB(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** `/healthz` answers 200: Koers's own definition of ready (migrated, database answering). */
export async function healthzReady(baseUrl: string): Promise<boolean> {
  const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1_000) });
  await response.arrayBuffer();
  return response.status === 200;
}

/** Anything answering HTTP on the port (Bolt's own receiver has no health endpoint: a 404 will do). */
export async function httpAnswers(baseUrl: string): Promise<boolean> {
  const response = await fetch(`${baseUrl}/`, { signal: AbortSignal.timeout(1_000) });
  await response.arrayBuffer();
  return true;
}
