/**
 * `npm run bench`: Koers beside a baseline Bolt app, measured in one run on this machine, printed as
 * markdown and written to bench/RESULTS.md. See README.md, section "Performance".
 *
 * Knobs (environment): BENCH_REQUESTS (requests per app and cell at 32 clients, default 24000),
 * BENCH_REQUESTS_SINGLE (at 1 client, default 3000), BENCH_CPU_PROF (a folder: CPU profiles of the
 * Koers processes under load are written there), BENCH_DATABASE_URL (the PostgreSQL server),
 * BENCH_HTTP_ONLY=1 (only the HTTP rows, printed and not written: a quick comparison while working),
 * BENCH_WORKSPACES_ONLY=1 (only the many-workspace rows, printed and not written).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import postgres from 'postgres';
import { startFakeSlack } from '../tests/support/fakeSlack.js';
import { npmStartCommand } from '../tests/support/processes.js';
import type { AppProcess } from './children.js';
import {
  assertServerReachable,
  BENCH_SERVER_URL,
  type BenchDatabase,
  createBenchDatabase,
  dropAllBenchDatabases,
  exampleProgramme,
  importInto,
  parseOrThrow,
} from './databases.js';
import { FANOUT_INSTANT, type FanoutResult, runFanout } from './fanout.js';
import { generateLargeProgramme } from './largeProgramme.js';
import {
  type ExpectedAnswer,
  LoadGenerator,
  type LoadOptions,
  type LoadResult,
  type LoadSummary,
  summarise,
} from './load.js';
import {
  buildKoers,
  measureStartups,
  SIGNING_SECRET,
  type StartupResult,
  startBaselineProcess,
  startKoersProcess,
} from './startup.js';
import { prepareWorkspaces, WORKSPACE_TEAM_IDS, workspaceProgramme } from './workspaces.js';

/**
 * At 32 clients, a stall of 10–30 ms (a garbage collection, or this 2-core virtual machine's scheduler,
 * seen in both apps) delays every request in flight at once. With 4,000 requests per app in 3 parts,
 * one stall more or less in an app's share moved its p99 by half: the same two apps gave a p99 ratio
 * of 0.85 in one run and 1.8 in the next. With 12,000 in 12 parts, repeated runs of one cell still
 * spread over ±0.25 around their middle; 24,000 in 24 parts halves the spread's weight again.
 */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 24_000);
const REQUESTS_SINGLE = Number(process.env.BENCH_REQUESTS_SINGLE ?? 3_000);
/**
 * Requests per app and kind before any is measured, at 8 clients and then at 1. Both apps need about
 * 3,000 before V8 has compiled their hot paths: with 600, the first 1,500 requests at 1 client cost
 * Koers twice the CPU of later ones (V8's compiler threads busy), which is not what a person meets in
 * an app that has been running for a while.
 */
const WARMUP_REQUESTS = 2_000;
const WARMUP_REQUESTS_SINGLE = 2_000;
const CLIENTS = [1, 32] as const;
/** Parts per cell, by clients: baseline and Koers take turns. */
const ROUNDS: Record<(typeof CLIENTS)[number], number> = { 1: 6, 32: 24 };
const USER_IDS = ['UBENCH01', 'UBENCH02', 'UBENCH03', 'UBENCH04', 'UBENCH05', 'UBENCH06', 'UBENCH07'];
const RESULTS_FILE = new URL('./RESULTS.md', import.meta.url);

const TARGETS = {
  singleClientP50Ratio: 2,
  singleClientCpuRatio: 2,
  differentQueryThroughputRatio: 0.5,
  /** CPU per request of a different QUERY each request against the same QUERY repeated. */
  differentQueryCpuRatio: 2,
  throughputRatio: 0.8,
  p99Ratio: 1.5,
  fanoutRatio: 1.1,
  startupPostgresMs: 2_000,
  startupPgliteFirstMs: 4_000,
  startupPgliteAgainMs: 2_000,
  rssMB: 150,
  /** Koers serving ten installed workspaces (OAuth) against Koers serving one (a bot token), at 32 clients. */
  workspacesThroughputRatio: 0.9,
  workspacesP99Ratio: 1.1,
};

interface Dataset {
  label: string;
  description: string;
  database: BenchDatabase;
  programmeName: string;
  query: string;
  /** For the large programme: every project's name, asked in turn. */
  otherQueries?: string[];
  koers?: AppProcess;
  /** RSS of its Koers process, read right after its last cell. */
  memory?: MemoryReading;
}

/** A 32-client cell of one Koers serving ten workspaces beside one Koers serving one, taking turns. */
interface WorkspacesCell {
  request: string;
  single: LoadSummary;
  ten: LoadSummary;
}

interface MemoryReading {
  process: string;
  readyMB: number;
  afterMB: number;
  peakMB: number;
}

function readMemory(name: string, app: AppProcess): MemoryReading {
  return {
    process: name,
    readyMB: mib(app.readyRssMiB),
    afterMB: mib(app.rssMiB()),
    peakMB: mib(app.peakRssMiB()),
  };
}

interface Cell {
  dataset: string;
  request: string;
  /** A request the targets are about (not the extra one with a different QUERY each time). */
  target: boolean;
  clients: number;
  baseline: LoadSummary;
  koers: LoadSummary;
}

const children = new Set<AppProcess>();
async function stopAll(): Promise<void> {
  for (const child of [...children]) {
    await child.stop().catch(() => {});
    children.delete(child);
  }
}
async function cleanUp(): Promise<void> {
  await stopAll();
  await dropAllBenchDatabases();
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the apps and dropping the bench databases …`);
    void cleanUp().finally(() => process.exit(130));
  });
}

const log = (message: string) => console.error(`[bench ${elapsed()}] ${message}`);
const benchStarted = performance.now();
const elapsed = () => `${((performance.now() - benchStarted) / 1000).toFixed(1)} s`;

const startCommandText = () => {
  const start = npmStartCommand();
  return ['node', ...start.nodeFlags, start.script].join(' ');
};

/** How long `npm run build` took: reported beside the start-up times, which begin after it. */
let buildMs = Number.NaN;

async function main(): Promise<void> {
  await assertServerReachable();
  buildMs = buildKoers();
  log(`Koers compiled into dist/ in ${(buildMs / 1000).toFixed(1)} s`);
  const slack = await startFakeSlack();
  try {
    if (process.env.BENCH_WORKSPACES_ONLY === '1') {
      console.log(renderWorkspaces(await measureWorkspaces(slack.apiUrl, slack.respondUrl('bench'))));
      return;
    }
    log('importing the programmes');
    const datasets = await prepareDatasets();

    log('starting the apps');
    const baseline = track(await startBaselineProcess(slack.apiUrl));
    const cpuProfileDir = process.env.BENCH_CPU_PROF;
    for (const dataset of datasets) {
      dataset.koers = track(
        await startKoersProcess({
          name: `koers (${dataset.label})`,
          slackApiUrl: slack.apiUrl,
          databaseUrl: dataset.database.url,
          ...(cpuProfileDir ? { cpuProfileDir } : {}),
        }),
      );
    }

    const cells = await measureHttp(datasets, baseline, slack.respondUrl('bench'));
    const memory = [readMemory('baseline', baseline), ...datasets.map((dataset) => dataset.memory!)];
    log(`memory after the load: ${memory.map((m) => `${m.process} ${m.afterMB.toFixed(0)} MB`).join(', ')}`);
    await stopAll();
    if (process.env.BENCH_HTTP_ONLY === '1') {
      console.log(renderHttpOnly(cells));
      return;
    }

    log('ten workspaces beside one');
    const workspaces = await measureWorkspaces(slack.apiUrl, slack.respondUrl('bench'));

    log('reminder fan-out');
    const fanoutDatabase = await createBenchDatabase('fanout');
    await importInto(fanoutDatabase, exampleProgramme());
    const fanout = await runFanout(fanoutDatabase);
    await fanoutDatabase.drop();
    log(`fan-out: ${fanout.delivered} posts in ${(fanout.deliverAllMs / 1000).toFixed(2)} s`);

    log('start-up times');
    const startups = await measureStartups(slack.apiUrl);

    const report = render({ datasets, cells, fanout, startups, memory, workspaces });
    console.log(report);
    writeFileSync(RESULTS_FILE, report);
    log(`written to bench/RESULTS.md`);
  } finally {
    await cleanUp();
    await slack.close();
  }
}

function track(app: AppProcess): AppProcess {
  children.add(app);
  return app;
}

/** MiB (what /proc counts in) to MB (what the target is in). */
function mib(value: number): number {
  return (value * 1024 * 1024) / 1_000_000;
}

async function prepareDatasets(): Promise<Dataset[]> {
  const example = exampleProgramme();
  const exampleDb = await createBenchDatabase('example');
  await importInto(exampleDb, example);
  await exampleDb.handle.close();

  const large = generateLargeProgramme();
  const largeProgramme = parseOrThrow(large.yaml);
  const largeDb = await createBenchDatabase('large');
  const started = performance.now();
  await importInto(largeDb, largeProgramme);
  log(`large programme imported in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await largeDb.handle.close();

  return [
    {
      label: 'example',
      description: `programme/example.yml: ${example.projects.length} projects, ${example.libraries.length} libraries, ${example.projects.reduce((n, p) => n + p.updates.length, 0)} updates`,
      database: exampleDb,
      programmeName: example.info.name,
      query: 'Social CRM',
    },
    {
      label: 'large',
      description: `generated: ${large.counts.projects.toLocaleString('en')} projects, ${large.counts.libraries} libraries, ${large.counts.updates.toLocaleString('en')} updates`,
      database: largeDb,
      programmeName: largeProgramme.info.name,
      query: large.query,
      otherQueries: largeProgramme.projects.map((project) => project.name),
    },
  ];
}

const baselineAnswer: ExpectedAnswer = { kind: 'containing', text: '"text":"ok"' };

/** What every request of the bench shares. */
type RequestCommon = Pick<LoadOptions, 'signingSecret' | 'userIds' | 'responseUrl'>;

interface RequestKind {
  label: string;
  text: string | ((index: number) => string);
  /** The answer expected from Koers. */
  koersAnswer: ExpectedAnswer;
}

function requestKinds(dataset: Dataset): RequestKind[] {
  const kinds: RequestKind[] = [
    {
      label: '`/project status`',
      text: 'status',
      koersAnswer: { kind: 'koers header', titles: [dataset.programmeName] },
    },
    {
      label: '`/project status QUERY`',
      text: `status ${dataset.query}`,
      koersAnswer: { kind: 'koers header', titles: [dataset.query] },
    },
  ];
  if (dataset.otherQueries) {
    const names = dataset.otherQueries;
    let turn = 0;
    kinds.push({
      label: `\`/project status QUERY\`, a different QUERY each request (${num(names.length)} names in turn)`,
      text: () => `status ${names[turn++ % names.length]}`,
      koersAnswer: { kind: 'koers header', titles: names },
    });
  }
  return kinds;
}

async function measureHttp(datasets: Dataset[], baseline: AppProcess, responseUrl: string): Promise<Cell[]> {
  const common = { signingSecret: SIGNING_SECRET, userIds: USER_IDS, responseUrl };
  const generator = LoadGenerator.start();
  try {
    return await measureHttpWith(generator, datasets, baseline, common);
  } finally {
    generator.close();
  }
}

async function measureHttpWith(
  generator: LoadGenerator,
  datasets: Dataset[],
  baseline: AppProcess,
  common: RequestCommon,
): Promise<Cell[]> {
  // Each cell in ROUNDS parts, baseline and Koers taking turns to go first, pooled: a passing disturbance
  // of the machine (another process) then falls on both rather than on one.
  const cells: Cell[] = [];
  for (const dataset of datasets) {
    // Right before its cells, so that no app comes to them after a minute idle while another was measured.
    await warmUp(generator, dataset, baseline, common);
    for (const request of requestKinds(dataset)) {
      for (const clients of CLIENTS) {
        const rounds = ROUNDS[clients];
        const amount = Math.ceil((clients === 1 ? REQUESTS_SINGLE : REQUESTS) / rounds);
        const options = { ...common, text: request.text, connections: clients, amount };
        const baselineRuns: LoadResult[] = [];
        const koersRuns: LoadResult[] = [];
        for (let round = 0; round < rounds; round++) {
          const runBaseline = async () =>
            baselineRuns.push(
              await generator.run({
                ...options,
                baseUrl: baseline.baseUrl,
                pid: baseline.pid,
                expected: baselineAnswer,
              }),
            );
          const runKoers = async () =>
            koersRuns.push(
              await generator.run({
                ...options,
                baseUrl: dataset.koers!.baseUrl,
                pid: dataset.koers!.pid,
                expected: request.koersAnswer,
              }),
            );
          if (round % 2 === 0) {
            await runBaseline();
            await runKoers();
          } else {
            await runKoers();
            await runBaseline();
          }
        }
        const cell: Cell = {
          dataset: dataset.label,
          request: request.label,
          target: typeof request.text === 'string',
          clients,
          baseline: summarise(baselineRuns),
          koers: summarise(koersRuns),
        };
        cells.push(cell);
        log(
          `${dataset.label} ${request.label} ×${clients}: baseline ${cell.baseline.rps.toFixed(0)} req/s p99 ${cell.baseline.p99Ms.toFixed(2)} ms; ` +
            `Koers ${cell.koers.rps.toFixed(0)} req/s p99 ${cell.koers.p99Ms.toFixed(2)} ms`,
        );
      }
    }
    dataset.memory = readMemory(`Koers, ${dataset.label} programme`, dataset.koers!);
  }
  return cells;
}

/** Warms up both apps on every request of a dataset (JIT, connection pools, the locale cache) and checks the answers. */
async function warmUp(
  generator: LoadGenerator,
  dataset: Dataset,
  baseline: AppProcess,
  common: RequestCommon,
): Promise<void> {
  for (const request of requestKinds(dataset)) {
    for (const [app, expected] of [
      [baseline, baselineAnswer],
      [dataset.koers!, request.koersAnswer],
    ] as const) {
      for (const [connections, amount] of [
        [8, WARMUP_REQUESTS],
        [1, WARMUP_REQUESTS_SINGLE],
      ] as const) {
        const warm = await generator.run({
          ...common,
          baseUrl: app.baseUrl,
          text: request.text,
          connections,
          amount,
          expected,
        });
        if (warm.non2xx + warm.wrongAnswers + warm.errors > 0) {
          throw new Error(
            `${app.name} answered ${request.label} wrongly while warming up: ${JSON.stringify({ ...warm, latencies: undefined, openingLatencies: undefined })}\n${app.output()}`,
          );
        }
      }
    }
  }
}

/**
 * One deployment serving ten workspaces (OAuth: each request authorised with its installation's token,
 * answered from its workspace's schema) beside one serving a single workspace with a bot token, the
 * same programme in each schema, at 32 clients: the cost of many workspaces, not of Koers. Both run
 * on PostgreSQL and take turns in each part, as Koers and the baseline do above.
 */
async function measureWorkspaces(slackApiUrl: string, responseUrl: string): Promise<WorkspacesCell[]> {
  const programme = exampleProgramme();
  const singleDb = await createBenchDatabase('single');
  await importInto(singleDb, programme);
  await singleDb.handle.close();
  const { database: tenDb, encryptionKey } = await prepareWorkspaces(programme);
  const cpuProfileDir = process.env.BENCH_CPU_PROF;
  const profiled = cpuProfileDir ? { cpuProfileDir } : {};
  const single = track(
    await startKoersProcess({
      name: 'koers (one workspace)',
      slackApiUrl,
      databaseUrl: singleDb.url,
      ...profiled,
    }),
  );
  const ten = track(
    await startKoersProcess({
      name: 'koers (ten workspaces)',
      slackApiUrl,
      databaseUrl: tenDb.url,
      oauthEncryptionKey: encryptionKey,
      ...profiled,
    }),
  );
  const tenNames = WORKSPACE_TEAM_IDS.map((teamId) => workspaceProgramme(programme, teamId).info.name);
  const kinds = [
    { label: '`/project status`', text: 'status', single: [programme.info.name], ten: tenNames },
    {
      label: '`/project status QUERY`',
      text: 'status Social CRM',
      single: ['Social CRM'],
      ten: ['Social CRM'],
    },
  ];
  const common = { signingSecret: SIGNING_SECRET, userIds: USER_IDS, responseUrl };
  const generator = LoadGenerator.start();
  try {
    const cells: WorkspacesCell[] = [];
    for (const kind of kinds) {
      const runs = {
        single: { app: single, expected: { kind: 'koers header', titles: kind.single } as const },
        ten: {
          app: ten,
          expected: { kind: 'koers header', titles: kind.ten } as const,
          teamIds: WORKSPACE_TEAM_IDS,
        },
      };
      for (const run of Object.values(runs)) {
        // Every workspace's runtime opened, its pool filled and its code compiled before any is measured.
        const warm = await generator.run({
          ...common,
          ...('teamIds' in run && { teamIds: run.teamIds }),
          baseUrl: run.app.baseUrl,
          text: kind.text,
          connections: 8,
          amount: WARMUP_REQUESTS,
          expected: run.expected,
        });
        if (warm.non2xx + warm.wrongAnswers + warm.errors > 0) {
          throw new Error(
            `${run.app.name} answered ${kind.label} wrongly while warming up\n${run.app.output()}`,
          );
        }
      }
      const rounds = ROUNDS[32];
      const amount = Math.ceil(REQUESTS / rounds);
      const measured = { single: [] as LoadResult[], ten: [] as LoadResult[] };
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? (['single', 'ten'] as const) : (['ten', 'single'] as const);
        for (const which of order) {
          const run = runs[which];
          measured[which].push(
            await generator.run({
              ...common,
              ...('teamIds' in run && { teamIds: run.teamIds }),
              baseUrl: run.app.baseUrl,
              pid: run.app.pid,
              text: kind.text,
              connections: 32,
              amount,
              expected: run.expected,
            }),
          );
        }
      }
      const cell = { request: kind.label, single: summarise(measured.single), ten: summarise(measured.ten) };
      log(
        `workspaces ${kind.label} ×32: one ${cell.single.rps.toFixed(0)} req/s p99 ${cell.single.p99Ms.toFixed(2)} ms; ` +
          `ten ${cell.ten.rps.toFixed(0)} req/s p99 ${cell.ten.p99Ms.toFixed(2)} ms`,
      );
      cells.push(cell);
    }
    return cells;
  } finally {
    generator.close();
    await stopAll();
    await singleDb.drop();
    await tenDb.drop();
  }
}

function workspacesTargetRows(cells: WorkspacesCell[]): string[][] {
  return cells.flatMap((cell) => {
    const throughput = cell.ten.rps / cell.single.rps;
    const p99 = cell.ten.p99Ms / cell.single.p99Ms;
    return [
      [
        `throughput at 32 clients, ${cell.request}, ten workspaces`,
        `≥ ${TARGETS.workspacesThroughputRatio} × one workspace`,
        `${ratio(throughput)} (${num(cell.ten.rps)} vs ${num(cell.single.rps)} req/s)`,
        met(throughput >= TARGETS.workspacesThroughputRatio),
      ],
      [
        `p99 at 32 clients, ${cell.request}, ten workspaces`,
        `≤ ${TARGETS.workspacesP99Ratio} × one workspace`,
        `${ratio(p99)} (${ms(cell.ten.p99Ms)} vs ${ms(cell.single.p99Ms)})`,
        met(p99 <= TARGETS.workspacesP99Ratio),
      ],
    ];
  });
}

function renderWorkspaces(cells: WorkspacesCell[]): string {
  const cpu = (result: LoadSummary) => num(result.appCpuMs / result.requests, 3);
  return [
    table(['what', 'target', 'measured', ''], workspacesTargetRows(cells)),
    '',
    table(
      [
        'request',
        'one: req/s',
        'ten: req/s',
        'one: p50',
        'ten: p50',
        'one: p99',
        'ten: p99',
        'CPU ms/req one / ten',
        'failed one / ten',
      ],
      cells.map((cell) => [
        cell.request,
        num(cell.single.rps),
        num(cell.ten.rps),
        ms(cell.single.p50Ms),
        ms(cell.ten.p50Ms),
        ms(cell.single.p99Ms),
        ms(cell.ten.p99Ms),
        `${cpu(cell.single)} / ${cpu(cell.ten)}`,
        `${cell.single.non2xx + cell.single.errors + cell.single.wrongAnswers} / ${cell.ten.non2xx + cell.ten.errors + cell.ten.wrongAnswers}`,
      ]),
    ),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------
// The report

interface Report {
  datasets: Dataset[];
  cells: Cell[];
  fanout: FanoutResult;
  startups: StartupResult[];
  memory: MemoryReading[];
  workspaces: WorkspacesCell[];
}

const num = (value: number, digits = 0) =>
  Number.isFinite(value)
    ? value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : 'n/a';
const ms = (value: number) => `${num(value, value < 10 ? 2 : 1)} ms`;
const seconds = (valueMs: number) => `${num(valueMs / 1000, 2)} s`;
const ratio = (value: number) => `${num(value, 2)} ×`;
const met = (ok: boolean) => (ok ? 'met' : '**not met**');

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
}

async function serverVersion(): Promise<string> {
  const admin = postgres(BENCH_SERVER_URL, { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin<{ server_version: string }[]>`show server_version`;
    return row?.server_version ?? '?';
  } finally {
    await admin.end({ timeout: 1 });
  }
}

let postgresVersion = '?';

/** The HTTP rows alone, as ratios to the baseline: what BENCH_HTTP_ONLY prints. */
function renderHttpOnly(cells: Cell[]): string {
  const cpu = (result: LoadSummary) => result.appCpuMs / result.requests;
  return table(
    ['programme', 'request', 'clients', 'req/s K/b', 'p50 K/b', 'p99 K/b', 'CPU ms/req K/b', 'failed'],
    cells.map((cell) => [
      cell.dataset,
      cell.request,
      String(cell.clients),
      `${ratio(cell.koers.rps / cell.baseline.rps)} (${num(cell.koers.rps)} / ${num(cell.baseline.rps)})`,
      `${ratio(cell.koers.p50Ms / cell.baseline.p50Ms)} (${ms(cell.koers.p50Ms)} / ${ms(cell.baseline.p50Ms)})`,
      `${ratio(cell.koers.p99Ms / cell.baseline.p99Ms)} (${ms(cell.koers.p99Ms)} / ${ms(cell.baseline.p99Ms)})`,
      `${ratio(cpu(cell.koers) / cpu(cell.baseline))} (${num(cpu(cell.koers), 3)} / ${num(cpu(cell.baseline), 3)})`,
      String(cell.koers.non2xx + cell.koers.errors + cell.koers.wrongAnswers),
    ]),
  );
}

function render(report: Report): string {
  const { cells, fanout, startups, memory } = report;
  const targetRows: string[][] = [];
  const largeCells = cells.filter((cell) => cell.dataset === 'large');
  const cpuPerRequest = (result: LoadSummary) => result.appCpuMs / result.requests;
  for (const cell of largeCells.filter((c) => c.clients === 1 && c.target)) {
    const p50 = cell.koers.p50Ms / cell.baseline.p50Ms;
    const cpu = cpuPerRequest(cell.koers) / cpuPerRequest(cell.baseline);
    targetRows.push([
      `p50 at 1 client, ${cell.request}, large programme`,
      `≤ ${TARGETS.singleClientP50Ratio} × baseline`,
      `${ratio(p50)} (${ms(cell.koers.p50Ms)} vs ${ms(cell.baseline.p50Ms)})`,
      met(p50 <= TARGETS.singleClientP50Ratio),
    ]);
    targetRows.push([
      `CPU per request at 1 client, ${cell.request}, large programme`,
      `≤ ${TARGETS.singleClientCpuRatio} × baseline`,
      `${ratio(cpu)} (${num(cpuPerRequest(cell.koers), 3)} vs ${num(cpuPerRequest(cell.baseline), 3)} ms)`,
      met(cpu <= TARGETS.singleClientCpuRatio),
    ]);
  }
  for (const cell of largeCells.filter((c) => !c.target)) {
    const throughput = cell.koers.rps / cell.baseline.rps;
    targetRows.push([
      `throughput at ${cell.clients} client${cell.clients === 1 ? '' : 's'}, a different QUERY each request, large programme`,
      `≥ ${TARGETS.differentQueryThroughputRatio} × baseline`,
      `${ratio(throughput)} (${num(cell.koers.rps)} vs ${num(cell.baseline.rps)} req/s)`,
      met(throughput >= TARGETS.differentQueryThroughputRatio),
    ]);
    const repeated = largeCells.find(
      (c) => c.target && c.clients === cell.clients && c.request === '`/project status QUERY`',
    );
    if (repeated) {
      const cpu = cpuPerRequest(cell.koers) / cpuPerRequest(repeated.koers);
      targetRows.push([
        `CPU per request at ${cell.clients} client${cell.clients === 1 ? '' : 's'}, a different QUERY each request, large programme`,
        `≤ ${TARGETS.differentQueryCpuRatio} × the same QUERY repeated`,
        `${ratio(cpu)} (${num(cpuPerRequest(cell.koers), 3)} vs ${num(cpuPerRequest(repeated.koers), 3)} ms)`,
        met(cpu <= TARGETS.differentQueryCpuRatio),
      ]);
    }
  }
  const large = largeCells.filter((cell) => cell.clients === 32 && cell.target);
  for (const cell of large) {
    const throughput = cell.koers.rps / cell.baseline.rps;
    targetRows.push([
      `throughput at 32 clients, ${cell.request}, large programme`,
      `≥ ${TARGETS.throughputRatio} × baseline`,
      `${ratio(throughput)} (${num(cell.koers.rps)} vs ${num(cell.baseline.rps)} req/s)`,
      met(throughput >= TARGETS.throughputRatio),
    ]);
  }
  for (const cell of large) {
    const p99 = cell.koers.p99Ms / cell.baseline.p99Ms;
    targetRows.push([
      `p99 at 32 clients, ${cell.request}, large programme`,
      `≤ ${TARGETS.p99Ratio} × baseline`,
      `${ratio(p99)} (${ms(cell.koers.p99Ms)} vs ${ms(cell.baseline.p99Ms)})`,
      met(p99 <= TARGETS.p99Ratio),
    ]);
  }
  const fanoutRatio = fanout.deliverAllMs / fanout.lowerBoundMs;
  targetRows.push([
    `reminder fan-out to ${fanout.settings.channels} channels`,
    `≤ ${TARGETS.fanoutRatio} × lower bound, 0 doubles`,
    `${ratio(fanoutRatio)} (${seconds(fanout.deliverAllMs)} vs ${seconds(fanout.lowerBoundMs)}), ${fanout.doubles} doubles`,
    met(
      fanoutRatio <= TARGETS.fanoutRatio &&
        fanout.doubles === 0 &&
        fanout.delivered === fanout.settings.channels,
    ),
  ]);
  const startupTargets = [
    {
      database: 'PostgreSQL',
      again: null,
      limit: TARGETS.startupPostgresMs,
      what: 'the slower kind of start',
    },
    {
      database: 'PGlite',
      again: false,
      limit: TARGETS.startupPgliteFirstMs,
      what: 'first start, new data folder',
    },
    { database: 'PGlite', again: true, limit: TARGETS.startupPgliteAgainMs, what: 'again, same folder' },
  ] as const;
  for (const { database, again, limit, what } of startupTargets) {
    const kind = startups.filter((s) => s.database === database && (again === null || s.again === again));
    const worst = Math.max(...kind.map((s) => s.readyMs));
    targetRows.push([
      `start-up to a ready /healthz on ${database} (${what}, median of ${startups[0]?.runs.length ?? 0})`,
      `< ${limit / 1000} s`,
      seconds(worst),
      met(worst < limit),
    ]);
  }
  targetRows.push(...workspacesTargetRows(report.workspaces));
  const koersMemory = memory.filter((m) => m.process.startsWith('Koers'));
  const worstMemory = Math.max(...koersMemory.map((m) => m.afterMB));
  targetRows.push([
    'resident memory of Koers after the load (the larger)',
    `< ${TARGETS.rssMB} MB`,
    `${num(worstMemory)} MB`,
    met(worstMemory < TARGETS.rssMB),
  ]);
  const bad = cells.reduce(
    (n, c) =>
      n + c.koers.non2xx + c.koers.wrongAnswers + c.koers.errors + c.baseline.non2xx + c.baseline.errors,
    0,
  );

  const generatorCpu = Math.max(
    ...cells
      .filter((c) => c.clients === 32)
      .flatMap((c) => [
        c.baseline.generatorCpuMs / c.baseline.requests,
        c.koers.generatorCpuMs / c.koers.requests,
      ]),
  );
  const httpRows = cells.map((cell) => [
    cell.dataset,
    cell.request,
    String(cell.clients),
    num(cell.baseline.requests),
    num(cell.baseline.rps),
    num(cell.koers.rps),
    ratio(cell.koers.rps / cell.baseline.rps),
    ms(cell.baseline.p50Ms),
    ms(cell.koers.p50Ms),
    ms(cell.baseline.p99Ms),
    ms(cell.koers.p99Ms),
    ratio(cell.koers.p99Ms / cell.baseline.p99Ms),
    `${ms(cell.baseline.slowestOpeningMs)} / ${ms(cell.koers.slowestOpeningMs)}`,
    num(cell.baseline.appCpuMs / cell.baseline.requests, 3),
    num(cell.koers.appCpuMs / cell.koers.requests, 3),
    `${num(cell.baseline.bodyBytes / cell.baseline.requests)} / ${num(cell.koers.bodyBytes / cell.koers.requests)}`,
    `${cell.baseline.non2xx + cell.baseline.errors} / ${cell.koers.non2xx + cell.koers.errors} / ${cell.koers.wrongAnswers}`,
  ]);

  const s = fanout.settings;
  const lines = [
    '# Koers benchmark',
    '',
    `Run ${new Date().toISOString()} · Node ${process.version} · ${cpuModel()} · ${cpus().length} cores · ` +
      `PostgreSQL ${postgresVersion} · \`npm run bench\` took ${num((performance.now() - benchStarted) / 1000, 0)} s.`,
    '',
    '## Targets',
    '',
    table(['what', 'target', 'measured', ''], targetRows),
    '',
    '## HTTP: Koers beside a baseline Bolt app',
    '',
    `Signed \`/project\` slash commands over HTTP on loopback (autocannon, keep-alive, one request in flight per client), ` +
      `${num(REQUESTS)} requests per app and cell at 32 clients and ${num(REQUESTS_SINGLE)} at 1 client, after a warm-up of ${num(WARMUP_REQUESTS)} requests of each kind at 8 clients and ${num(WARMUP_REQUESTS_SINGLE)} at 1 right before each programme's cells, ` +
      `in ${ROUNDS[32]} parts at 32 clients and ${ROUNDS[1]} at 1 with baseline and Koers taking turns to go first (rates over the summed time and all requests; percentiles over all latencies but the first request on each connection, which waits for all the run's connections to be opened: shown in a column of its own). ` +
      'The baseline is Bolt 5 with the same HTTPReceiver and a `/project` handler that acks a constant message; ' +
      `Koers runs \`${startCommandText()}\` (what \`npm start\` runs) on PostgreSQL (SCHEDULER=off, LOG_LEVEL=warn). Each app is its own process; "CPU ms/req" is the user + system ` +
      'CPU time of the app\'s process during the row divided by its requests; "answer bytes" the mean size of a response body. ' +
      `Every request body is different and signed before the load, in the load generator's own process; at 32 clients it used at most ${num(generatorCpu, 3)} ms of CPU per request. ${bad === 0 ? 'Every answer was a 200 with the expected answer.' : `**${bad} requests failed or answered wrongly.**`}`,
    '',
    ...report.datasets.map((d) => `- **${d.label}**: ${d.description}; QUERY = \`${d.query}\``),
    '',
    table(
      [
        'programme',
        'request',
        'clients',
        'requests',
        'baseline req/s',
        'Koers req/s',
        'Koers/baseline',
        'baseline p50',
        'Koers p50',
        'baseline p99',
        'Koers p99',
        'p99 Koers/baseline',
        'slowest first request on a connection b / K',
        'baseline CPU ms/req',
        'Koers CPU ms/req',
        'answer bytes b / K',
        'failed b / K / wrong K',
      ],
      httpRows,
    ),
    '',
    '## Ten workspaces beside one',
    '',
    'One Koers installed in ten workspaces (OAuth; ten installations with sealed tokens, each workspace its ' +
      'own schema with its own copy of programme/example.yml under its own name) beside one Koers with a bot ' +
      `token and the same programme, both on PostgreSQL; signed \`/project\` commands from the ten workspaces in turn. ${num(REQUESTS)} requests per app and cell ` +
      `at 32 clients in ${ROUNDS[32]} parts, the two taking turns to go first, after ${num(WARMUP_REQUESTS)} of each at 8 clients.`,
    '',
    renderWorkspaces(report.workspaces),
    '',
    '## Reminder fan-out',
    '',
    `One scheduler tick (Koers's worker and poster, production settings: 8 posts at a time, Retry-After honoured) ` +
      `at ${FANOUT_INSTANT.toISOString()}, when the example's PDO meeting reminder (P7D) is due, to ${s.channels} subscribed channels. ` +
      `The fake Web API allows ${s.channelRate} post per second per channel (burst ${s.channelBurst}) and ${s.globalRate} posts per second ` +
      `in all (burst ${s.globalBurst}), token buckets that start full; otherwise it answers 429 with Retry-After in whole seconds. ` +
      `Lower bound = (${s.channels} − ${s.globalBurst}) / ${s.globalRate} per s. As in the app, whose scheduler ticks every minute, a tick ` +
      `a minute earlier has planned the deliveries (${num(fanout.planned)} rows, ${seconds(fanout.planningMs)}, nothing due yet); ` +
      'the time is from the start of the due tick (catch-up rules and claims included) to the last accepted post.',
    '',
    table(
      [
        'channels',
        'delivered',
        'recorded sent',
        'doubles',
        '429 answers',
        'first post after',
        'time to deliver all',
        'lower bound',
        'ratio',
        'ticks',
      ],
      [
        [
          String(s.channels),
          String(fanout.delivered),
          String(fanout.recordedSent),
          String(fanout.doubles),
          String(fanout.rateLimited),
          seconds(fanout.firstPostMs),
          seconds(fanout.deliverAllMs),
          seconds(fanout.lowerBoundMs),
          ratio(fanoutRatio),
          String(fanout.ticks),
        ],
      ],
    ),
    '',
    '## Start-up',
    '',
    `From spawning \`${startCommandText()}\` (what \`npm start\` runs, after its \`npm run build\`) to the first 200 from \`/healthz\`, polled every 5 ms; ` +
      `the median of the runs, and every run. The build before it took ${seconds(buildMs)} in this run.`,
    '',
    table(
      ['database', 'start', 'ready', 'runs'],
      startups.map((s) => [
        s.database,
        s.start,
        seconds(s.readyMs),
        s.runs.map((r) => seconds(r)).join(', '),
      ]),
    ),
    '',
    '## Memory',
    '',
    'Resident set size (VmRSS, in MB of 10⁶ bytes) of each app process when it was ready, right after its last cell of load, ' +
      `and its peak (VmHWM). Both apps run as plain JavaScript under Node; Koers compiled, as \`npm start\` runs it: \`${startCommandText()}\`.`,
    '',
    table(
      ['process', 'RSS when ready', 'RSS after the load', 'peak RSS'],
      memory.map((m) => [m.process, `${num(m.readyMB)} MB`, `${num(m.afterMB)} MB`, `${num(m.peakMB)} MB`]),
    ),
    '',
  ];
  return lines.join('\n');
}

postgresVersion = await serverVersion().catch(() => '?');
try {
  await main();
  log('done');
} catch (error) {
  console.error(error);
  process.exitCode = 1;
}
