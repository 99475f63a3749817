/**
 * `npm run soak`: a bounded endurance run, not part of `npm test`. The real app runs in its own process
 * on a fresh PostgreSQL database; this process plays Slack. It sends 10,000 signed /project commands,
 * 50 at a time, while the app's scheduler fans a reminder out to 500 channels through a fake Web API
 * that rate-limits each channel. It reports errors (must be 0), lost and doubled deliveries (must be 0)
 * and the app's resident memory at start, halfway and at the end.
 */
import { readFileSync } from 'node:fs';
import { addDays } from 'date-fns/addDays';
import { format } from 'date-fns/format';
import { openDatabase } from '../src/db/client.js';
import { importProgramme } from '../src/db/programmeRepository.js';
import { subscribe } from '../src/db/subscriptionRepository.js';
import { parseProgrammeFile } from '../src/domain/programmeFile.js';
import { EXAMPLE_PROGRAMME_FILE } from '../src/koers.js';
import { startFakeSlack } from '../tests/support/fakeSlack.js';
import { buildApp, createEmptyDatabase, environment, startApp } from '../tests/support/processes.js';
import { postToSlackEndpoint, slashCommandBody } from '../tests/support/slackRequests.js';

const COMMANDS = Number(process.env.SOAK_COMMANDS ?? 10_000);
const CONCURRENCY = 50;
const CHANNELS = 500;
const SECRET = 'soak-signing-secret-0123456789';
const QUERIES = [
  'status',
  'status nbc',
  'partners',
  'partners avv',
  'tijdlijn',
  'status effect',
  'help',
  'status xyz',
];

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const database = await createEmptyDatabase('postgres');
const slack = await startFakeSlack();
const app = { current: null as Awaited<ReturnType<typeof startApp>> | null };
try {
  // A programme with a deadline one week from today, so the scheduler has a reminder due now.
  const parsed = parseProgrammeFile(readFileSync(EXAMPLE_PROGRAMME_FILE, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const deadline = parsed.programme.phases.find((phase) => phase.kind === 'deadline')!;
  deadline.date = format(addDays(new Date(), 7), 'yyyy-MM-dd');
  deadline.reminders = ['P7D'];
  const handle = await openDatabase({ databaseUrl: database.env.DATABASE_URL, dataDir: '' });
  await handle.migrate();
  await importProgramme(handle.db, parsed.programme, { now: new Date() });
  for (let i = 0; i < CHANNELS; i++) await subscribe(handle.db, `CSOAK${i}`, 'reminders', null, new Date());
  await handle.close();

  // Slack allows about one post per second per channel: a second one within the second gets a 429.
  const lastPost = new Map<string, number>();
  slack.setHandler('chat.postMessage', (args) => {
    const channel = String(args.channel);
    const now = Date.now();
    const previous = lastPost.get(channel);
    lastPost.set(channel, now);
    return previous !== undefined && now - previous < 1_000
      ? { status: 429, headers: { 'Retry-After': '1' } }
      : undefined;
  });

  // As `npm start` runs it: built, then compiled JavaScript with its heap flags.
  buildApp();
  app.current = await startApp(
    environment({
      ...database.env,
      SLACK_BOT_TOKEN: 'xoxb-soak',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      LOG_LEVEL: 'info',
      // Midnight: today's reminder is already due when the app starts, so the fan-out runs during the load.
      REMINDER_HOUR: '0',
    }),
    { compiled: true },
  );
  const running = app.current;
  const memory = { start: rssMb(running.pid), middle: 0, end: 0 };
  const started = Date.now();
  let errors = 0;
  let next = 0;
  const failures: string[] = [];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      while (next < COMMANDS) {
        const n = next++;
        if (n === Math.floor(COMMANDS / 2)) memory.middle = rssMb(running.pid);
        const body = slashCommandBody({
          text: QUERIES[n % QUERIES.length]!,
          userId: `USOAK${worker}`,
          responseUrl: slack.respondUrl(`soak-${n}`),
          triggerId: `${n}.${worker}.soak`,
        });
        try {
          const response = await postToSlackEndpoint(running.baseUrl, body, { signingSecret: SECRET });
          const text = response.text;
          if (
            response.status !== 200 ||
            text.includes('Er ging iets mis') ||
            text.includes('Probeer het over een minuut')
          ) {
            errors++;
            if (failures.length < 5) failures.push(`${response.status} ${text.slice(0, 200)}`);
          }
        } catch (error) {
          errors++;
          if (failures.length < 5) failures.push(String(error));
        }
      }
    }),
  );
  const commandSeconds = (Date.now() - started) / 1000;

  // Wait for the fan-out to finish (every channel posted, or two minutes).
  const deadlineAt = Date.now() + 120_000;
  const delivered = () =>
    new Set(
      slack
        .callsTo('chat.postMessage')
        .filter((c) => c.status === 200)
        .map((c) => c.args.channel),
    );
  while (delivered().size < CHANNELS && Date.now() < deadlineAt) await new Promise((r) => setTimeout(r, 250));
  memory.end = rssMb(running.pid);

  const perChannel = new Map<string, number>();
  for (const call of slack.callsTo('chat.postMessage').filter((c) => c.status === 200)) {
    perChannel.set(String(call.args.channel), (perChannel.get(String(call.args.channel)) ?? 0) + 1);
  }
  const doubled = [...perChannel.values()].filter((count) => count > 1).length;
  const lost = CHANNELS - perChannel.size;
  const report = [
    '| measure | result |',
    '|---|---|',
    `| commands sent | ${COMMANDS} (${CONCURRENCY} at a time) in ${commandSeconds.toFixed(1)} s (${(COMMANDS / commandSeconds).toFixed(0)}/s) |`,
    `| command errors | ${errors} |`,
    `| reminder fan-out | ${perChannel.size} of ${CHANNELS} channels delivered |`,
    `| lost deliveries | ${lost} |`,
    `| doubled deliveries | ${doubled} |`,
    `| rate-limited answers from Slack (429) | ${slack.callsTo('chat.postMessage').filter((c) => c.status === 429).length} |`,
    `| app RSS start / middle / end | ${memory.start.toFixed(0)} / ${memory.middle.toFixed(0)} / ${memory.end.toFixed(0)} MB |`,
  ].join('\n');
  console.log(report);
  if (failures.length > 0) console.log(`first failures:\n${failures.join('\n')}`);
  process.exitCode = errors === 0 && lost === 0 && doubled === 0 ? 0 : 1;
} finally {
  await app.current?.stop();
  await slack.close();
  await database.dispose();
}
