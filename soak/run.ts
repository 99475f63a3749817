/**
 * `npm run soak`: a bounded endurance run, not part of `npm test`. The real app runs in its own process
 * on a fresh PostgreSQL database; this process plays Slack. It sends 10,000 signed /project commands,
 * 50 at a time, while the app's scheduler fans a reminder out to 500 channels through a fake Web API
 * that rate-limits each channel. Halfway through the fan-out the database is cut for 10 s (a TCP proxy
 * stands between the app and PostgreSQL). It reports errors (must be 0; commands answered "try again
 * later" while the database is cut are counted apart), lost and doubled deliveries (must be 0: each
 * channel holds the reminder exactly once) and the app's resident memory at start, halfway and at the end.
 * SOAK_COMMANDS=N sends fewer commands; SOAK_DEBUG=FILE writes the app's log there and prints the
 * deliveries' statuses.
 */
import { readFileSync } from 'node:fs';
import { addDays } from 'date-fns/addDays';
import { format } from 'date-fns/format';
import { and, eq } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.js';
import { importProgramme } from '../src/db/programmeRepository.js';
import { deliveries } from '../src/db/schema.js';
import { subscribe } from '../src/db/subscriptionRepository.js';
import { parseProgrammeFile } from '../src/domain/programmeFile.js';
import { EXAMPLE_PROGRAMME_FILE } from '../src/koers.js';
import { startFakeSlack } from '../tests/support/fakeSlack.js';
import { buildApp, createEmptyDatabase, environment, startApp } from '../tests/support/processes.js';
import { postToSlackEndpoint, slashCommandBody } from '../tests/support/slackRequests.js';
import { proxyInFrontOf } from '../tests/support/tcpProxy.js';

const COMMANDS = Number(process.env.SOAK_COMMANDS ?? 10_000);
const CONCURRENCY = 50;
const CHANNELS = 500;
/** How long the database is cut, once half the channels have their reminder. */
const CUT_MS = 10_000;
/** Slack's time per post: long enough for the cut to fall in the middle of the fan-out. */
const POST_MS = 150;
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
const closeProxy = { current: async () => {} };
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

  // The app reaches the database through a proxy, so that it can be cut in the middle of the fan-out.
  const { proxy, url: throughProxy } = await proxyInFrontOf(database.env.DATABASE_URL!);
  closeProxy.current = () => proxy.close();
  const cut = { at: 0, restoredAt: 0 };
  // Slack allows about one post per second per channel: a second one within the second gets a 429.
  const lastPost = new Map<string, number>();
  let taken = 0;
  slack.setHandler('chat.postMessage', (args) => {
    const channel = String(args.channel);
    const now = Date.now();
    const previous = lastPost.get(channel);
    lastPost.set(channel, now);
    if (previous !== undefined && now - previous < 1_000)
      return { status: 429, headers: { 'Retry-After': '1' } };
    if (++taken === CHANNELS / 2) {
      cut.at = now;
      proxy.cut();
      setTimeout(() => {
        proxy.restore();
        cut.restoredAt = Date.now();
      }, CUT_MS);
    }
    return { delayMs: POST_MS };
  });

  // As `npm start` runs it: built, then compiled JavaScript with its heap flags.
  buildApp();
  app.current = await startApp(
    environment({
      ...database.env,
      DATABASE_URL: throughProxy,
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
  let duringCut = 0;
  let next = 0;
  /** While the database is cut, and for the second after (the app notices it is back), "try again later" is the right answer. */
  const cutCovers = (from: number, to: number) =>
    cut.at > 0 && to >= cut.at && (cut.restoredAt === 0 || from <= cut.restoredAt + 1_000);
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
        const sentAt = Date.now();
        try {
          const response = await postToSlackEndpoint(running.baseUrl, body, { signingSecret: SECRET });
          const text = response.text;
          if (
            response.status === 200 &&
            text.includes('Probeer het over een minuut') &&
            cutCovers(sentAt, Date.now())
          ) {
            duringCut++;
          } else if (
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

  // Wait for the fan-out to finish and be recorded (every channel's delivery sent, or five minutes): a
  // claim the cut left unsettled would be taken over when its lease runs out, and (before) posted twice.
  const channels = Array.from({ length: CHANNELS }, (_, i) => `CSOAK${i}`);
  const check = await openDatabase({ databaseUrl: database.env.DATABASE_URL, dataDir: '' });
  const recorded = async () =>
    (
      await check.db
        .select({ id: deliveries.id })
        .from(deliveries)
        .where(and(eq(deliveries.status, 'sent'), eq(deliveries.key, `${deadline.id}/P7D`)))
    ).length;
  // The first tick also records the example's thousands of missed reminders as skipped, one by one: on
  // a busy machine that alone takes a minute or two before the fan-out begins.
  const deadlineAt = Date.now() + 300_000;
  while ((await recorded()) < CHANNELS && Date.now() < deadlineAt)
    await new Promise((r) => setTimeout(r, 250));
  const recordedAfterFanOut = await recorded();
  if (process.env.SOAK_DEBUG) {
    const rows = await check.db.select({ status: deliveries.status }).from(deliveries);
    const byStatus: Record<string, number> = {};
    for (const row of rows) byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
    console.log('DEBUG statuses', JSON.stringify(byStatus));
    (await import('node:fs')).writeFileSync(process.env.SOAK_DEBUG, running.output());
  }
  await check.close();
  memory.end = rssMb(running.pid);

  // What the channels' members see: the reminder in each channel, by its delivery key.
  const perChannel = new Map<string, number>();
  for (const channel of channels) {
    const count = slack.messagesIn(channel).length;
    if (count > 0) perChannel.set(channel, count);
  }
  const doubled = [...perChannel.values()].filter((count) => count > 1).length;
  const lost = CHANNELS - perChannel.size;
  const report = [
    '| measure | result |',
    '|---|---|',
    `| commands sent | ${COMMANDS} (${CONCURRENCY} at a time) in ${commandSeconds.toFixed(1)} s (${(COMMANDS / commandSeconds).toFixed(0)}/s) |`,
    `| command errors | ${errors} |`,
    `| database cut | ${CUT_MS / 1000} s, after ${CHANNELS / 2} of ${CHANNELS} posts; ${duringCut} commands answered "try again later" meanwhile |`,
    `| reminder fan-out | ${perChannel.size} of ${CHANNELS} channels delivered, ${recordedAfterFanOut} recorded as sent |`,
    `| lost deliveries | ${lost} |`,
    `| doubled deliveries | ${doubled} |`,
    `| rate-limited answers from Slack (429) | ${slack.callsTo('chat.postMessage').filter((c) => c.status === 429).length} |`,
    `| app RSS start / middle / end | ${memory.start.toFixed(0)} / ${memory.middle.toFixed(0)} / ${memory.end.toFixed(0)} MB |`,
  ].join('\n');
  console.log(report);
  if (failures.length > 0) console.log(`first failures:\n${failures.join('\n')}`);
  if (lost + doubled > 0 || recordedAfterFanOut < CHANNELS) {
    // What the app said about it: its warnings and errors (never user text; see SECURITY.md).
    const said = running
      .logLines()
      .filter((line) => Number(line.level) >= 40 || /tick|scheduler/.test(String(line.msg)));
    console.log(
      `the app's last warnings:\n${said
        .slice(-20)
        .map((line) => JSON.stringify(line))
        .join('\n')}`,
    );
  }
  process.exitCode = errors === 0 && lost === 0 && doubled === 0 && recordedAfterFanOut === CHANNELS ? 0 : 1;
} finally {
  await app.current?.stop();
  await closeProxy.current();
  await slack.close();
  await database.dispose();
}
