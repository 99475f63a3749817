import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../support/fakeSlack.js';
import {
  createEmptyDatabase,
  type EmptyDatabase,
  EXAMPLE_FILE,
  environment,
  REPO_ROOT,
  type RunningApp,
  runCli,
  startApp,
  temporaryFolder,
} from '../support/processes.js';
import { askProject } from '../support/slackRequests.js';

/*
 * The embedded database belongs to the running app; the coordinator edits the programme with the CLI
 * all the same, without stopping it. Real processes: the app as `npm start` runs it, the CLI as
 * `npm run koers` runs it, signed requests from "Slack". PGlite only: PostgreSQL serves any number of
 * processes anyway.
 */

const SIGNING_SECRET = 'while-app-runs-secret-123';
const RENAMED = 'Effectmeting en impactonderzoek';

describe('the CLI while the app holds the embedded database', () => {
  let database: EmptyDatabase;
  let slack: FakeSlack;
  let app: RunningApp | undefined;
  const files = temporaryFolder('koers-edit-');
  let dataDir: string;
  let appEnv: Record<string, string>;

  beforeAll(async () => {
    database = await createEmptyDatabase('pglite');
    dataDir = String(database.env.DATA_DIR);
    slack = await startFakeSlack();
    appEnv = environment({
      ...database.env,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      SCHEDULER: 'off',
    });
    app = await startApp(appEnv, { timeoutMs: 120_000 });
  }, 150_000);
  afterAll(async () => {
    await app?.stop();
    await slack?.close();
    await database?.dispose();
    files.remove();
  });

  /** The answer Slack shows: in the ack, or (past Slack's 3 seconds) the one sent to response_url. */
  const ask = (text: string) =>
    askProject({ baseUrl: app!.baseUrl, slack, signingSecret: SIGNING_SECRET }, text);

  it("serves the database on a socket in the data folder that only the app's owner may reach", () => {
    const folder = join(dataDir, 'socket');
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    const socket = statSync(join(folder, '.s.PGSQL.5432'));
    expect(socket.isSocket()).toBe(true);
    expect(socket.mode & 0o777).toBe(0o600);
  });

  it('a read-only command answers through the running app', async () => {
    const result = await runCli(['status', 'nbc'], environment(database.env));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Nieuwe zoekinterface / NBC+');
    expect(result.stderr).toBe('');
  });

  it('an import goes through while the app keeps answering, and the next /project status shows it', async () => {
    const edited = readFileSync(join(REPO_ROOT, EXAMPLE_FILE), 'utf8').replace(
      /^ {4}name: Effectmeting$/m,
      `    name: ${RENAMED}`,
    );
    expect(edited).toContain(RENAMED);
    const file = join(files.path, 'edited.yml');
    writeFileSync(file, edited);

    const importing = runCli(['import', file], environment(database.env));
    let done = false;
    void importing.then(() => {
      done = true;
    });
    // Slack keeps asking during the import: every answer comes, whole, the old name or the new.
    const answers: { status: number; text: string }[] = [];
    while (!done) answers.push(await ask('status effectmeting'));
    const result = await importing;
    expect(result.code, result.stderr).toBe(0);
    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.text).toMatch(/^Effectmeting( en impactonderzoek)?$/m);
    }

    const after = await ask('status effectmeting');
    expect(after.status).toBe(200);
    expect(after.text).toContain(RENAMED);
    const overview = await ask('status');
    expect(overview.text).toContain(RENAMED);
  }, 120_000);

  it('a killed app leaves a socket behind that confuses neither the CLI nor the next start', async () => {
    const killed = app!;
    process.kill(killed.pid, 'SIGKILL');
    await killed.stop();
    app = undefined;
    expect(existsSync(join(dataDir, 'socket', '.s.PGSQL.5432'))).toBe(true);

    // Nobody serves the folder any more: the CLI opens it itself.
    const alone = await runCli(['status', 'effectmeting'], environment(database.env));
    expect(alone.code, alone.stderr).toBe(0);
    expect(alone.stdout).toContain(RENAMED);

    app = await startApp(appEnv, { timeoutMs: 120_000 });
    const through = await runCli(['status', 'effectmeting'], environment(database.env));
    expect(through.code, through.stderr).toBe(0);
    expect(through.stdout).toContain(RENAMED);
    expect((await ask('status effectmeting')).text).toContain(RENAMED);
  }, 180_000);
});
