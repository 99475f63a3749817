import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { signRequest, slashCommandBody } from '../tests/support/slackRequests.js';
import type { ExpectedAnswer, GeneratorRequest, GeneratorRun, LoadResult } from './load.js';

/**
 * The load generator's own process (see `LoadGenerator` in load.ts). Its heap holds only the requests of
 * one run, so its garbage collector stays short: in the bench's own process, beside the large programme
 * and the fake Slack, a major collection of the generator took 16–23 ms and held up every request in
 * flight, whichever app was measured.
 */

let triggerCounter = 0;

interface SignedRequest {
  headers: Record<string, string>;
  body: string;
}

/** One distinct signed request per text; throws should two signatures be equal. */
function presign(run: GeneratorRun): SignedRequest[] {
  const timestamp = Math.floor(Date.now() / 1000);
  const requests = run.texts.map((text, i) => {
    const body = slashCommandBody({
      text,
      responseUrl: run.responseUrl,
      userId: run.userIds[i % run.userIds.length]!,
      ...(run.teamIds && { teamId: run.teamIds[i % run.teamIds.length]! }),
      channelId: 'CBENCH1',
      triggerId: `${timestamp}.${process.pid}.bench${++triggerCounter}`,
    });
    return { headers: { ...signRequest(run.signingSecret, body, timestamp) }, body };
  });
  const signatures = new Set(requests.map((request) => request.headers['x-slack-signature']));
  if (signatures.size !== requests.length) throw new Error('pre-signed requests repeat a signature');
  return requests;
}

/** A Koers answer's header: `{"type":"header","text":{"type":"plain_text","text":"…"`. */
const HEADER =
  /^\{"response_type":"ephemeral","text":"(?:[^"\\]|\\.)*","blocks":\[\{"type":"header","text":\{"type":"plain_text","text":"((?:[^"\\]|\\.)*)"/;

/**
 * True for the answer expected. Koers's header is read with a regular expression rather than JSON.parse,
 * to keep the load generator the cheap side.
 */
function answerCheck(expected: ExpectedAnswer): (body: string) => boolean {
  if (expected.kind === 'containing') return (body) => body.includes(expected.text);
  const titles = expected.titles;
  const exact = new Set(titles);
  return (body) => {
    const header = HEADER.exec(body)?.[1];
    if (header === undefined) return false;
    const text = JSON.parse(`"${header}"`) as string;
    return exact.has(text) || titles.some((title) => text.includes(title));
  };
}

async function runLoad(run: GeneratorRun): Promise<LoadResult> {
  const pool = presign(run);
  const isExpectedAnswer = answerCheck(run.expected);
  let next = 0;
  const latencies: number[] = [];
  const openingLatencies: number[] = [];
  const opened = new Set<unknown>();
  let non2xx = 0;
  let wrongAnswers = 0;
  let bodyBytes = 0;

  const url = new URL(run.baseUrl);
  const appCpuBefore = run.pid ? processCpuMs(run.pid) : Number.NaN;
  const generatorCpuBefore = process.cpuUsage();
  const started = performance.now();
  // autocannon notices that the last answer came only at its next one-second tick: time it ourselves.
  let lastAnswerAt = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url.origin}/slack/events`,
        connections: run.connections,
        amount: run.amount,
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
              else if (!isExpectedAnswer(body)) wrongAnswers++;
            },
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (client, _status, _bytes, responseTime) => {
      if (opened.has(client)) latencies.push(responseTime);
      else {
        opened.add(client);
        openingLatencies.push(responseTime);
      }
      lastAnswerAt = performance.now();
    });
  });
  const generatorCpu = process.cpuUsage(generatorCpuBefore);
  return {
    requests: latencies.length + openingLatencies.length,
    durationMs: lastAnswerAt - started,
    non2xx,
    wrongAnswers,
    errors: result.errors + result.timeouts,
    latencies,
    openingLatencies,
    appCpuMs: run.pid ? processCpuMs(run.pid) - appCpuBefore : Number.NaN,
    bodyBytes,
    generatorCpuMs: (generatorCpu.user + generatorCpu.system) / 1000,
  };
}

const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of a process, in milliseconds (Linux: fields 14 and 15 of /proc/<pid>/stat, in clock ticks). */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

process.on('message', (message: GeneratorRequest) => {
  runLoad(message.run).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: unknown) => process.send?.({ id: message.id, error: String((error as Error)?.stack ?? error) }),
  );
});
process.on('disconnect', () => process.exit(0));
