import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { signRequest, slashCommandBody } from '../tests/support/slackRequests.js';

/**
 * Signed `/project …` requests over HTTP with autocannon, a fixed number per run. Every request is
 * built and signed before the load starts, so that the load generator is the cheap side; and every
 * body is different (its trigger_id), because Koers refuses a signature it has seen in the last five
 * minutes, as a replay. The signature stays valid for five minutes: each run signs just before it.
 */

export interface LoadOptions {
  baseUrl: string;
  signingSecret: string;
  /** The text after `/project`, e.g. `status` or `status Social CRM`; or one per request index. */
  text: string | ((index: number) => string);
  connections: number;
  amount: number;
  /** A few users: the locale look-up (users.info) is cached per user. */
  userIds: readonly string[];
  /** Where a late answer would go: the fake Slack's response_url. */
  responseUrl: string;
  /** True when a 200 body is the answer expected (not an error or a "working on it" note). */
  isExpectedAnswer: (body: string) => boolean;
  /** The app's process: its CPU time during the run is measured. */
  pid?: number;
}

export interface LoadResult {
  requests: number;
  durationMs: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers other than 2xx (a repeated body would be a 401): must be 0. */
  non2xx: number;
  /** 2xx answers that were not the expected answer: must be 0. */
  wrongAnswers: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Every latency in milliseconds, sorted. */
  latencies: number[];
  /** CPU time the app's process used during the run, user and system (from /proc/<pid>/stat). */
  appCpuMs: number;
  /** Bytes of all response bodies: an answer's size is part of its cost. */
  bodyBytes: number;
  /** CPU time of this process (the load generator) during the run. */
  generatorCpuMs: number;
}

let triggerCounter = 0;

interface SignedRequest {
  headers: Record<string, string>;
  body: string;
}

/** `count` distinct signed requests; throws should two signatures be equal. */
export function presign(
  options: Pick<LoadOptions, 'signingSecret' | 'text' | 'userIds' | 'responseUrl'>,
  count: number,
): SignedRequest[] {
  const timestamp = Math.floor(Date.now() / 1000);
  const requests: SignedRequest[] = [];
  for (let i = 0; i < count; i++) {
    const userId = options.userIds[i % options.userIds.length]!;
    const body = slashCommandBody({
      text: typeof options.text === 'string' ? options.text : options.text(i),
      responseUrl: options.responseUrl,
      userId,
      channelId: 'CBENCH1',
      triggerId: `${timestamp}.${process.pid}.bench${++triggerCounter}`,
    });
    requests.push({ headers: { ...signRequest(options.signingSecret, body, timestamp) }, body });
  }
  const signatures = new Set(requests.map((request) => request.headers['x-slack-signature']));
  if (signatures.size !== requests.length) throw new Error('pre-signed requests repeat a signature');
  return requests;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  // autocannon builds each connection's first request up front and one more after its last answer.
  const pool = presign(options, options.amount + 2 * options.connections + 8);
  let next = 0;
  const latencies: number[] = [];
  let non2xx = 0;
  let wrongAnswers = 0;
  let bodyBytes = 0;

  const url = new URL(options.baseUrl);
  const appCpuBefore = options.pid ? processCpuMs(options.pid) : Number.NaN;
  const generatorCpuBefore = process.cpuUsage();
  const started = performance.now();
  // autocannon notices that the last answer came only at its next one-second tick: time it ourselves.
  let lastAnswerAt = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url.origin}/slack/events`,
        connections: options.connections,
        amount: options.amount,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: '/slack/events',
            setupRequest: (request) => {
              const signed = pool[next++];
              if (!signed) throw new Error('ran out of pre-signed requests');
              return { ...request, headers: { ...request.headers, ...signed.headers }, body: signed.body };
            },
            onResponse: (status, body) => {
              bodyBytes += Buffer.byteLength(body);
              if (status < 200 || status > 299) non2xx++;
              else if (!options.isExpectedAnswer(body)) wrongAnswers++;
            },
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
      lastAnswerAt = performance.now();
    });
  });
  const generatorCpu = process.cpuUsage(generatorCpuBefore);
  return summarise([
    {
      latencies,
      durationMs: lastAnswerAt - started,
      non2xx,
      wrongAnswers,
      errors: result.errors + result.timeouts,
      appCpuMs: options.pid ? processCpuMs(options.pid) - appCpuBefore : Number.NaN,
      bodyBytes,
      generatorCpuMs: (generatorCpu.user + generatorCpu.system) / 1000,
    },
  ]);
}

/** Several runs of the same cell as one: requests and time added up, latencies pooled. */
export function summarise(
  runs: Pick<
    LoadResult,
    | 'latencies'
    | 'durationMs'
    | 'non2xx'
    | 'wrongAnswers'
    | 'errors'
    | 'appCpuMs'
    | 'bodyBytes'
    | 'generatorCpuMs'
  >[],
): LoadResult {
  const latencies = runs.flatMap((run) => run.latencies).sort((a, b) => a - b);
  const durationMs = runs.reduce((sum, run) => sum + run.durationMs, 0);
  return {
    requests: latencies.length,
    durationMs,
    rps: (latencies.length / durationMs) * 1000,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    wrongAnswers: runs.reduce((sum, run) => sum + run.wrongAnswers, 0),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    latencies,
    appCpuMs: runs.reduce((sum, run) => sum + run.appCpuMs, 0),
    bodyBytes: runs.reduce((sum, run) => sum + run.bodyBytes, 0),
    generatorCpuMs: runs.reduce((sum, run) => sum + run.generatorCpuMs, 0),
  };
}

const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of a process, in milliseconds (Linux: fields 14 and 15 of /proc/<pid>/stat, in clock ticks). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}
