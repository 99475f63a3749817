import { type ChildProcess, fork } from 'node:child_process';
import { REPO_ROOT } from './children.js';

/**
 * Signed `/project …` requests over HTTP with autocannon, a fixed number per run, from a process of the
 * generator's own (bench/loadGenerator.ts). Every request is built and signed before the load starts, so
 * that the load generator is the cheap side; and every body is different (its trigger_id), because Koers
 * refuses a signature it has seen in the last five minutes, as a replay. The signature stays valid for
 * five minutes: each run signs just before it.
 *
 * Latency percentiles leave out the first request on each connection. autocannon opens its connections
 * anew for every run, and those first requests wait for the 32 connections to be set up on both ends:
 * against a plain Node server that answers a constant, they alone made the p99 of a run of 1,334 requests
 * 10–67 ms, against a p50 of 1.1–6.5 ms. They are kept apart (`openingLatencies`), and counted in the
 * throughput.
 */

/** What a right answer looks like: a body containing a text, or a Koers answer whose header is one of the titles. */
export type ExpectedAnswer =
  | { kind: 'containing'; text: string }
  | { kind: 'koers header'; titles: string[] };

export interface LoadOptions {
  baseUrl: string;
  signingSecret: string;
  /** The text after `/project`, e.g. `status` or `status Social CRM`; or one per pre-signed request, in turn. */
  text: string | ((index: number) => string);
  connections: number;
  amount: number;
  /** A few users: the locale look-up (users.info) is cached per user. */
  userIds: readonly string[];
  /** The workspaces the requests come from, in turn (OAuth); absent: the one of a bot-token Koers. */
  teamIds?: readonly string[];
  /** Where a late answer would go: the fake Slack's response_url. */
  responseUrl: string;
  /** A 200 whose body is not this answer (an error, a "working on it" note) is counted as wrong. */
  expected: ExpectedAnswer;
  /** The app's process: its CPU time during the run is measured. */
  pid?: number;
}

export interface LoadResult {
  /** Every answered request, the first on each connection included. */
  requests: number;
  durationMs: number;
  /** Answers other than 2xx (a repeated body would be a 401): must be 0. */
  non2xx: number;
  /** 2xx answers that were not the expected answer: must be 0. */
  wrongAnswers: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Latencies in milliseconds of every request but the first on each connection. */
  latencies: number[];
  /** Latencies of the first request on each connection. */
  openingLatencies: number[];
  /** CPU time the app's process used during the run, user and system (from /proc/<pid>/stat). */
  appCpuMs: number;
  /** Bytes of all response bodies: an answer's size is part of its cost. */
  bodyBytes: number;
  /** CPU time of the load generator's process during the run. */
  generatorCpuMs: number;
}

export interface LoadSummary extends LoadResult {
  rps: number;
  /** Over `latencies`, sorted. */
  p50Ms: number;
  p99Ms: number;
  /** The slowest first request on a connection. */
  slowestOpeningMs: number;
}

/** What load.ts sends the generator's process: one run, with everything in it serialisable. */
export interface GeneratorRun
  extends Pick<
    LoadOptions,
    'baseUrl' | 'signingSecret' | 'connections' | 'amount' | 'responseUrl' | 'expected' | 'pid'
  > {
  userIds: string[];
  teamIds?: string[];
  /** One per pre-signed request. */
  texts: string[];
}
export interface GeneratorRequest {
  id: number;
  run: GeneratorRun;
}
type GeneratorReply = { id: number; result: LoadResult } | { id: number; error: string };

export class LoadGenerator {
  private nextId = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (r: LoadResult) => void; reject: (e: Error) => void }
  >();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (reply: GeneratorReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ('error' in reply) waiter?.reject(new Error(`load generator: ${reply.error}`));
      else waiter?.resolve(reply.result);
    });
    child.once('exit', (code) => {
      for (const waiter of this.waiting.values()) waiter.reject(new Error(`load generator exited (${code})`));
      this.waiting.clear();
    });
  }

  static start(): LoadGenerator {
    const child = fork('bench/loadGenerator.ts', [], {
      cwd: REPO_ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new LoadGenerator(child);
  }

  run(options: LoadOptions): Promise<LoadResult> {
    // autocannon builds each connection's first request up front and one more after its last answer.
    const count = options.amount + 2 * options.connections + 8;
    const { text, userIds, teamIds, ...rest } = options;
    const texts = Array.from({ length: count }, (_, i) => (typeof text === 'string' ? text : text(i)));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({
        id,
        run: { ...rest, userIds: [...userIds], ...(teamIds && { teamIds: [...teamIds] }), texts },
      } satisfies GeneratorRequest);
    });
  }

  close(): void {
    this.child.disconnect();
  }
}

/** Several runs of the same cell as one: requests and time added up, latencies pooled. */
export function summarise(runs: LoadResult[]): LoadSummary {
  const latencies = runs.flatMap((run) => run.latencies).sort((a, b) => a - b);
  const openingLatencies = runs.flatMap((run) => run.openingLatencies).sort((a, b) => a - b);
  const sum = (pick: (run: LoadResult) => number) => runs.reduce((total, run) => total + pick(run), 0);
  const requests = sum((run) => run.requests);
  const durationMs = sum((run) => run.durationMs);
  return {
    requests,
    durationMs,
    rps: (requests / durationMs) * 1000,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    slowestOpeningMs: openingLatencies.at(-1) ?? Number.NaN,
    non2xx: sum((run) => run.non2xx),
    wrongAnswers: sum((run) => run.wrongAnswers),
    errors: sum((run) => run.errors),
    latencies,
    openingLatencies,
    appCpuMs: sum((run) => run.appCpuMs),
    bodyBytes: sum((run) => run.bodyBytes),
    generatorCpuMs: sum((run) => run.generatorCpuMs),
  };
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}
