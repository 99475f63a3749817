import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { postgresAvailable } from '../support/databases.js';
import { type FakeSlack, startFakeSlack } from '../support/fakeSlack.js';
import { visibleText } from '../support/messageText.js';
import {
  buildAppIfChanged,
  createEmptyDatabase,
  type EmptyDatabase,
  EXAMPLE_FILE,
  environment,
  type ProcessResult,
  REPO_ROOT,
  type RunningApp,
  runCli,
  runScript,
  startApp,
  temporaryFolder,
} from '../support/processes.js';
import { postToSlackEndpoint, slashCommandBody } from '../support/slackRequests.js';

/*
 * `npm start` as a user runs it, in its own process, Slack faked at the HTTP boundary. The playground
 * and the first start on the embedded database run the build's bundle (dist/start/main.js) with the
 * flags of `npm start`; the others run src/main.ts as the run's bundle of it (tests/support/globalSetup.ts), the same code without the build.
 */

const BOT_TOKEN = 'xoxb-startup-test-7c1d9e05';
const SIGNING_SECRET = 'startup-signing-secret-4b8f2a61';
const DATABASE_PASSWORD = 'db-password-9d3f6c27';
const NO_STACK_TRACE = /^\s+at /m;

interface ProgrammeFile {
  projects: { slug: string }[];
}
const example = () => parse(readFileSync(join(REPO_ROOT, EXAMPLE_FILE), 'utf8')) as ProgrammeFile;
const EXAMPLE_PROJECTS = example().projects.length;

function appEnv(slack: FakeSlack, database: EmptyDatabase, extra: Record<string, string> = {}) {
  return environment({
    ...database.env,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    SCHEDULER: 'off',
    ...extra,
  });
}

/** `/project TEXT`, signed as Slack signs it; the visible text of the answer. */
async function ask(app: RunningApp, slack: FakeSlack, text: string): Promise<string> {
  const body = slashCommandBody({ text, responseUrl: slack.respondUrl() });
  const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
  expect(response.status).toBe(200);
  return visibleText(response.json);
}

/** The projects in a `/project status` answer, from its group headings: "Lopend (7 projecten)", "Idee (1 project)". */
function projectCount(answer: string): number {
  return [...answer.matchAll(/\((\d+) project(?:en)?\)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
}

async function expectHealthy(app: RunningApp): Promise<void> {
  const response = await fetch(`${app.baseUrl}/healthz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: 'ok', db: 'ok' });
}

function expectNoSecrets(output: string): void {
  expect(output).not.toContain(BOT_TOKEN);
  expect(output).not.toContain(SIGNING_SECRET);
}

describe('npm start without a usable configuration in production', { timeout: 60_000 }, () => {
  let dataDir: { path: string; remove(): void };
  beforeAll(() => {
    dataDir = temporaryFolder('koers-start-');
  });
  afterAll(() => dataDir?.remove());

  it('stops with exit 1, naming each Slack variable to set and pointing to the README', async () => {
    const env = environment({ DATA_DIR: dataDir.path, NODE_ENV: 'production' });
    const result = await runScript('src/main.ts', [], env, 30_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SLACK_BOT_TOKEN');
    expect(result.stderr).toContain('SLACK_SIGNING_SECRET');
    expect(result.stderr).toContain('README.md');
    expect(result.stderr).not.toMatch(NO_STACK_TRACE);
  });

  it('names a malformed PORT and DEFAULT_LOCALE in the same message as the missing Slack variables', async () => {
    const env = environment({
      DATA_DIR: dataDir.path,
      NODE_ENV: 'production',
      PORT: 'abc',
      DEFAULT_LOCALE: 'de',
    });
    const result = await runScript('src/main.ts', [], env, 30_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PORT must be a port number/);
    expect(result.stderr).toMatch(/DEFAULT_LOCALE must be nl or en/);
    expect(result.stderr).toContain('SLACK_BOT_TOKEN');
    expect(result.stderr).toContain('SLACK_SIGNING_SECRET');
    expect(result.stderr).toContain('README.md');
    expect(result.stderr).not.toMatch(NO_STACK_TRACE);
  });

  it('outside production still names a malformed variable instead of starting the playground', async () => {
    const result = await runScript(
      'src/main.ts',
      [],
      environment({ DATA_DIR: dataDir.path, PORT: 'abc', DEFAULT_LOCALE: 'nl' }),
      30_000,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PORT must be a port number/);
    // `npm start` speaks English whatever DEFAULT_LOCALE says, like its logs; the CLI speaks the locale.
    expect(result.stderr).toContain('Koers cannot start: the configuration has a problem:');
    expect(result.stderr).not.toMatch(NO_STACK_TRACE);
  });
});

describe('npm start without Slack variables, outside production', { timeout: 300_000 }, () => {
  // What `npm start` runs: the build's bundle (the playground's page included), built as npm start
  // builds it: only when the sources changed since the last build, which takes over a minute on a busy
  // machine (always in a fresh clone).
  beforeAll(() => buildAppIfChanged(), 180_000);

  it('once built, npm start builds nothing: what was built from is what is there', () => {
    // npm start's prestart; were it to find dist/ stale it would build again here.
    const check = execFileSync(process.execPath, ['scripts/buildStamp.mjs'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(check).toContain('Build up to date: nothing to build.');
  });

  it('runs the playground on loopback, prints its address once, and serves the page beside /slack/events', async () => {
    // As a copied .env.example leaves them: empty counts as unset.
    const env = environment({
      DATA_DIR: 'memory://',
      PORT: '0',
      SCHEDULER: 'off',
      SLACK_BOT_TOKEN: '',
      SLACK_SIGNING_SECRET: '',
      SLACK_APP_TOKEN: '',
    });
    // A new in-memory database starts from the test run's template (KOERS_PGLITE_TEMPLATE, see environment()).
    const app = await startApp(env, { timeoutMs: 180_000, compiled: true });
    let run: ProcessResult;
    try {
      await expect.poll(() => app.output(), { timeout: 60_000 }).toContain('open http://127.0.0.1:');
      const lines = app
        .output()
        .split('\n')
        .filter((line) => line.includes('open http://'));
      expect(lines).toEqual([expect.stringMatching(new RegExp(`open http://127\\.0\\.0\\.1:${app.port}/$`))]);
      const page = await fetch(`${app.baseUrl}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Koers playground');
      await expectHealthy(app);
      // Koers itself still checks Slack's signature: only the playground knows the secret.
      const forged = await fetch(`${app.baseUrl}/slack/events`, { method: 'POST', body: 'command=/project' });
      expect(forged.status).toBe(401);
    } finally {
      run = await app.stop();
    }
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toMatch(/xoxb-playground-[0-9a-f]/);
  });
});

describe('npm start on the embedded database', { timeout: 120_000 }, () => {
  let slack: FakeSlack;
  let database: EmptyDatabase;
  let files: { path: string; remove(): void };

  beforeAll(async () => {
    slack = await startFakeSlack();
    database = await createEmptyDatabase('pglite');
    files = temporaryFolder('koers-start-');
  });
  afterAll(async () => {
    await slack?.close();
    await database?.dispose();
    files?.remove();
  });

  it('first start loads the example, answers /healthz and /project status; SIGTERM stops it with exit 0', async () => {
    const app = await startApp(appEnv(slack, database), { compiled: true });
    let run: ProcessResult;
    try {
      // Its logs are JSON lines; the one saying it is ready carries the port.
      const ready = app.logLines().find((line) => line.msg === 'Koers is ready');
      expect(ready?.port).toBe(app.port);
      await expectHealthy(app);
      // With Slack configured there is no playground.
      expect((await fetch(`${app.baseUrl}/`)).status).toBe(404);
      expect((await fetch(`${app.baseUrl}/playground/state?user=U0PGADMIN`)).status).toBe(404);
      const status = await ask(app, slack, 'status');
      expect(status).toContain('Nieuwe zoekinterface / NBC+');
      expect(status).toContain('Effectmeting');
      expect(projectCount(status)).toBe(EXAMPLE_PROJECTS);
    } finally {
      run = await app.stop();
    }
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n').filter((line) => line.trim() !== '');
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expectNoSecrets(run.stdout + run.stderr);
  });

  it('a second start on the same folder keeps the data and does not load the example again', async () => {
    // Between the runs the operator removes one project with the CLI; a second load of the example
    // would bring it back.
    const programme = example();
    programme.projects = programme.projects.filter((project) => project.slug !== 'crm');
    const trimmed = join(files.path, 'without-crm.yml');
    writeFileSync(trimmed, stringify(programme));
    const pruned = await runCli(['import', trimmed, '--prune'], environment(database.env));
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout).toContain('projecten: 0 toegevoegd, 0 gewijzigd, 1 verwijderd');

    // Debug logging too: Bolt then logs every Web API call it makes.
    const app = await startApp(appEnv(slack, database, { LOG_LEVEL: 'debug' }));
    let run: ProcessResult;
    try {
      await expectHealthy(app);
      const status = await ask(app, slack, 'status');
      expect(status).toContain('Nieuwe zoekinterface / NBC+');
      expect(status).toContain('Social CRM');
      expect(status).not.toMatch(/\*CRM\*/);
      expect(projectCount(status)).toBe(EXAMPLE_PROJECTS - 1);
    } finally {
      run = await app.stop();
    }
    expect(run.code).toBe(0);
    expectNoSecrets(run.stdout + run.stderr);
  });
});

describe.skipIf(!postgresAvailable)('npm start on an empty PostgreSQL database', { timeout: 120_000 }, () => {
  let slack: FakeSlack;
  let database: EmptyDatabase;

  beforeAll(async () => {
    slack = await startFakeSlack();
    database = await createEmptyDatabase('postgres');
  });
  afterAll(async () => {
    await slack?.close();
    await database?.dispose();
  });

  it('starts and answers that no programme is loaded yet: a server database is never filled for you', async () => {
    // A password in the URL (the test server trusts local connections and ignores it) that must not be logged.
    const url = new URL(database.env.DATABASE_URL ?? '');
    if (!url.password) url.password = DATABASE_PASSWORD;
    const env = appEnv(slack, database, { DATABASE_URL: url.toString(), LOG_LEVEL: 'debug' });
    const app = await startApp(env);
    let run: ProcessResult;
    try {
      await expectHealthy(app);
      const status = await ask(app, slack, 'status');
      expect(status).toContain('Er is nog geen programma ingeladen');
      expect(status).not.toContain('Effectmeting');
    } finally {
      run = await app.stop();
    }
    expect(run.code).toBe(0);
    expectNoSecrets(run.stdout + run.stderr);
    expect(run.stdout + run.stderr).not.toContain(decodeURIComponent(url.password));
    // The location is logged, with the password masked.
    expect(run.stdout).toContain(':***@');
  });
});
