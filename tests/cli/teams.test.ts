import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.js';
import { removeRevokedTokens, saveInstallation } from '../../src/db/installationRepository.js';
import { tokenCipher } from '../../src/db/tokenCipher.js';
import { runCliInProcess } from '../support/cliInProcess.js';
import { postgresAvailable } from '../support/databases.js';
import { type FakeSlack, startFakeSlack } from '../support/fakeSlack.js';
import { installationKeys, workspaceInstallation, workspaceSchemaNames } from '../support/installations.js';
import {
  createEmptyDatabase,
  type EmptyDatabase,
  EXAMPLE_FILE,
  environment,
  REPO_ROOT,
  type RunningApp,
  startApp,
  temporaryFolder,
} from '../support/processes.js';

/*
 * The CLI of an OAuth deployment: each installed workspace has a programme of its own, and `--team`
 * names the one a command works on; `purge --team` deletes a workspace's data. Both databases.
 */

const ENCRYPTION_KEY = randomBytes(32);
const cipher = tokenCipher({ current: ENCRYPTION_KEY });
const NO_STACK_TRACE = /^\s+at /m;
const EXAMPLE = readFileSync(join(REPO_ROOT, EXAMPLE_FILE), 'utf8');

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !postgresAvailable)(
    `npm run koers -- … --team [${kind}]`,
    { timeout: 120_000 },
    () => {
      let database: EmptyDatabase;
      let env: Record<string, string>;
      const files = temporaryFolder('koers-teams-');
      const zuidFile = join(files.path, 'zuid.yml');

      /** The database as the CLI sees it, opened between commands (an embedded one has one holder). */
      async function onDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
        const handle = await openDatabase({
          databaseUrl: env.DATABASE_URL,
          dataDir: env.DATA_DIR ?? '',
          templateFile: inject('pgliteTemplateFile'),
        });
        try {
          return await work(handle.db);
        } finally {
          await handle.close();
        }
      }

      const workspaceSchemas = () => onDatabase(workspaceSchemaNames);
      const installedKeys = () => onDatabase(installationKeys);

      beforeAll(async () => {
        database = await createEmptyDatabase(kind);
        env = environment(database.env);
        expect((await runCliInProcess(['migrate'], env)).code).toBe(0);
        await onDatabase(async (db) => {
          await saveInstallation(
            db,
            cipher,
            workspaceInstallation('T1NOORD', 'Bibliotheek Noord', 'xoxb-noord'),
            new Date(),
          );
          await saveInstallation(
            db,
            cipher,
            workspaceInstallation('T2ZUID', 'Bibliotheek Zuid', 'xoxb-zuid'),
            new Date(),
          );
        });
        writeFileSync(zuidFile, EXAMPLE.replace(/^ {4}name: Effectmeting$/m, '    name: Effectmeting Zuid'));
      }, 60_000);
      afterAll(async () => {
        await database?.dispose();
        files.remove();
      });

      it('imports a programme into each workspace, naming the workspace it wrote to', async () => {
        const noord = await runCliInProcess(['import', EXAMPLE_FILE, '--team', 'T1NOORD'], env);
        expect(noord.code, noord.stderr).toBe(0);
        expect(noord.stdout).toContain('werkruimte Bibliotheek Noord (T1NOORD).');
        expect(noord.stdout).toContain(`${EXAMPLE_FILE}: ingeladen.`);
        const zuid = await runCliInProcess(['import', zuidFile, '--team', 't2zuid', '--lang', 'en'], env);
        expect(zuid.code, zuid.stderr).toBe(0);
        expect(zuid.stdout).toContain('workspace Bibliotheek Zuid (T2ZUID).');
        expect(await workspaceSchemas()).toEqual(['ws_team_t1noord', 'ws_team_t2zuid']);
      });

      it("answers status from the named workspace's programme only", async () => {
        const noord = await runCliInProcess(['status', 'effectmeting', '--team', 'T1NOORD'], env);
        expect(noord.code, noord.stderr).toBe(0);
        expect(noord.stdout).toContain('Effectmeting');
        expect(noord.stdout).not.toContain('Effectmeting Zuid');
        const zuid = await runCliInProcess(['status', 'effectmeting', '--team', 'T2ZUID'], env);
        expect(zuid.code, zuid.stderr).toBe(0);
        expect(zuid.stdout).toContain('Effectmeting Zuid');
      });

      it('refuses a programme command without --team, naming the installed workspaces; migrate still works', async () => {
        const status = await runCliInProcess(['status'], env);
        expect(status.code).toBe(1);
        expect(status.stdout).toBe('');
        expect(status.stderr).toContain('Noem er een met --team.');
        expect(status.stderr).toContain('  T1NOORD  Bibliotheek Noord\n  T2ZUID  Bibliotheek Zuid');
        expect(status.stderr).not.toMatch(NO_STACK_TRACE);
        const english = await runCliInProcess(['import', EXAMPLE_FILE, '--lang', 'en'], env);
        expect(english.code).toBe(1);
        expect(english.stderr).toContain('Name one with --team.');
        const migrate = await runCliInProcess(['migrate'], env);
        expect(migrate.code, migrate.stderr).toBe(0);
        const inWorkspace = await runCliInProcess(['migrate', '--team', 'T2ZUID'], env);
        expect(inWorkspace.stdout).toContain('werkruimte Bibliotheek Zuid (T2ZUID)');
      });

      it("posts a workspace's due reminders with the bot token stored for it", async () => {
        const slack = await startFakeSlack();
        try {
          const withSlack = {
            ...env,
            SLACK_API_URL: slack.apiUrl,
            KOERS_ENCRYPTION_KEY: ENCRYPTION_KEY.toString('base64'),
          };
          const subscribed = await runCliInProcess(
            ['subscribe', 'CNOORD1', '--team', 'T1NOORD', '--at', '2017-01-01T00:00:00Z'],
            withSlack,
          );
          expect(subscribed.code, subscribed.stderr).toBe(0);
          // The PDO meeting's reminder a week ahead: 09:00 in Amsterdam on 1 June 2017.
          const run = await runCliInProcess(
            ['reminders', 'run', '--at', '2017-06-01T07:00:00Z', '--team', 'T1NOORD'],
            withSlack,
          );
          expect(run.code, run.stderr).toBe(0);
          const posts = slack.callsTo('chat.postMessage');
          expect(posts.map((post) => [post.args.channel, post.token])).toEqual([['CNOORD1', 'xoxb-noord']]);
          // Without the key the token cannot be read: said so, nothing posted.
          const withoutKey = await runCliInProcess(
            ['reminders', 'run', '--at', '2017-06-07T07:00:00Z', '--team', 'T1NOORD'],
            { ...env, SLACK_API_URL: slack.apiUrl },
          );
          expect(withoutKey.code).not.toBe(0);
          expect(withoutKey.stderr).toContain('KOERS_ENCRYPTION_KEY');
          expect(withoutKey.stderr).not.toMatch(NO_STACK_TRACE);
          expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
        } finally {
          await slack.close();
        }
      });

      it('refuses an unknown team in the CLI language, listing the installed ones', async () => {
        const dutch = await runCliInProcess(['status', '--team', 'T9ONBEKEND'], env);
        expect(dutch.code).toBe(1);
        expect(dutch.stderr).toBe(
          'Koers is niet geïnstalleerd in werkruimte "T9ONBEKEND". Geïnstalleerd:\n' +
            '  T1NOORD  Bibliotheek Noord\n  T2ZUID  Bibliotheek Zuid\n',
        );
        const english = await runCliInProcess(['purge', '--team', 'not a team', '--lang', 'en'], env);
        expect(english.code).toBe(1);
        expect(english.stderr).toContain('Koers is not installed in workspace "not a team". Installed:');
        expect(english.stderr).not.toMatch(NO_STACK_TRACE);
      });

      it('refuses to purge a workspace where Koers is still installed, and purges it with --force', async () => {
        const refused = await runCliInProcess(['purge', '--team', 'T1NOORD'], env);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain('Koers is nog geïnstalleerd in Bibliotheek Noord (T1NOORD)');
        expect(await workspaceSchemas()).toEqual(['ws_team_t1noord', 'ws_team_t2zuid']);
        const forced = await runCliInProcess(['purge', '--team', 'T1NOORD', '--force'], env);
        expect(forced.code, forced.stderr).toBe(0);
        expect(forced.stdout).toContain('De gegevens van Bibliotheek Noord (T1NOORD) zijn gewist');
        expect(await workspaceSchemas()).toEqual(['ws_team_t2zuid']);
        expect(await installedKeys()).toEqual(['team:T2ZUID']);
      });

      it("purges an uninstalled workspace's schema and installation at once", async () => {
        await onDatabase((db) => removeRevokedTokens(db, 'team:T2ZUID', 'all', new Date(), new Date()));
        const purged = await runCliInProcess(['purge', '--team', 'T2ZUID', '--lang', 'en'], env);
        expect(purged.code, purged.stderr).toBe(0);
        expect(purged.stdout).toContain('The data of Bibliotheek Zuid (T2ZUID) is deleted');
        expect(await workspaceSchemas()).toEqual([]);
        expect(await installedKeys()).toEqual([]);
        // No installations left: the CLI works on public's programme again, as without OAuth.
        const status = await runCliInProcess(['status'], env);
        expect(status.stderr).not.toContain('--team');
      });

      it('needs --team to purge', async () => {
        const result = await runCliInProcess(['purge'], env);
        expect(result.code).toBe(2);
        expect(result.stderr).toContain('purge heeft --team T… nodig');
      });
    },
  );
}

describe('--team through the running app that holds the embedded database', { timeout: 150_000 }, () => {
  let database: EmptyDatabase;
  let env: Record<string, string>;
  let slack: FakeSlack;
  let app: RunningApp | undefined;
  const files = temporaryFolder('koers-teams-app-');
  const zuidFile = join(files.path, 'zuid.yml');

  beforeAll(async () => {
    database = await createEmptyDatabase('pglite');
    env = environment(database.env);
    expect((await runCliInProcess(['migrate'], env)).code).toBe(0);
    const handle = await openDatabase({ dataDir: env.DATA_DIR ?? '' });
    try {
      await saveInstallation(
        handle.db,
        cipher,
        workspaceInstallation('T1NOORD', 'Noord', 'xoxb-n'),
        new Date(),
      );
      await saveInstallation(
        handle.db,
        cipher,
        workspaceInstallation('T2ZUID', 'Zuid', 'xoxb-z'),
        new Date(),
      );
    } finally {
      await handle.close();
    }
    writeFileSync(zuidFile, EXAMPLE.replace(/^ {4}name: Effectmeting$/m, '    name: Effectmeting Zuid'));
    slack = await startFakeSlack();
    app = await startApp(
      environment({
        ...database.env,
        SLACK_SIGNING_SECRET: 'teams-app-signing-secret-123',
        SLACK_CLIENT_ID: '1234567890.987654321',
        SLACK_CLIENT_SECRET: 'fake-client-secret-0123456789abcdef',
        SLACK_STATE_SECRET: 'fake-state-secret-0123456789abcdefghijklmnop',
        KOERS_ENCRYPTION_KEY: ENCRYPTION_KEY.toString('base64'),
        SLACK_API_URL: slack.apiUrl,
        PORT: '0',
        SCHEDULER: 'off',
      }),
      { timeoutMs: 120_000 },
    );
  }, 150_000);
  afterAll(async () => {
    await app?.stop();
    await slack?.close();
    await database?.dispose();
    files.remove();
  });

  it("imports into each workspace and answers from each one's programme, through the app", async () => {
    const noord = await runCliInProcess(['import', EXAMPLE_FILE, '--team', 'T1NOORD'], env);
    expect(noord.code, noord.stderr).toBe(0);
    expect(noord.stdout).toContain(
      `via het draaiende Koers-proces met pid ${app?.pid}; werkruimte Noord (T1NOORD).`,
    );
    const zuid = await runCliInProcess(['import', zuidFile, '--team', 'T2ZUID'], env);
    expect(zuid.code, zuid.stderr).toBe(0);
    const fromNoord = await runCliInProcess(['status', 'effectmeting', '--team', 'T1NOORD'], env);
    expect(fromNoord.stdout).toContain('Effectmeting');
    expect(fromNoord.stdout).not.toContain('Effectmeting Zuid');
    const fromZuid = await runCliInProcess(['status', 'effectmeting', '--team', 'T2ZUID'], env);
    expect(fromZuid.stdout).toContain('Effectmeting Zuid');
    const refused = await runCliInProcess(['status'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--team');
  });
});
