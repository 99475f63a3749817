import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Database, openDatabase } from '../../src/db/client.js';
import { listDeliveries } from '../../src/db/deliveryRepository.js';
import { findOverview } from '../../src/db/overviewRepository.js';
import { setLibraryOf } from '../../src/db/peopleRepository.js';
import { exportedProgrammeInProcess, runCliInProcess } from '../support/cliInProcess.js';
import { postgresAvailable } from '../support/databases.js';
import { startFakeSlack } from '../support/fakeSlack.js';
import {
  createEmptyDatabase,
  type EmptyDatabase,
  EXAMPLE_FILE,
  environment,
  type ProcessResult,
  REPO_ROOT,
  type RunningApp,
  runCli,
  startApp,
  temporaryFolder,
} from '../support/processes.js';

/*
 * `npm run koers -- …` as an operator types it, on a real database: PGlite in a data folder of its own
 * or a database of its own on the PostgreSQL server. Only `reminders run` and the app holding the data
 * folder talk to Slack, and then to the fake one. What a command prints is checked in-process (the same
 * commands, src/koersCli.ts, without a process each: that was minutes of this file); what only the real
 * process shows (its exit code for a mistake, a data folder held by another process, the running app)
 * is checked with `runCli`, the real `npm run koers` process.
 */

const EXAMPLE = readFileSync(join(REPO_ROOT, EXAMPLE_FILE), 'utf8');
const EXAMPLE_SLUGS = (parse(EXAMPLE) as { projects: { slug: string }[] }).projects.map((p) => p.slug);

/** 1-based line of the example's only line containing `needle`. */
function lineOf(needle: string): number {
  const lines = EXAMPLE.split('\n');
  const found = lines.flatMap((line, index) => (line.includes(needle) ? [index + 1] : []));
  if (found.length !== 1) throw new Error(`"${needle}" is on ${found.length} lines of the example`);
  return found[0]!;
}

/** The example with each `from` replaced by its `to`; each must occur exactly once. */
function exampleWith(...edits: [from: string, to: string][]): string {
  return edits.reduce((text, [from, to]) => {
    if (text.split(from).length !== 2) throw new Error(`"${from}" is not in the example exactly once`);
    return text.replace(from, to);
  }, EXAMPLE);
}

const NO_STACK_TRACE = /^\s+at /m;

/** The database the CLI uses, opened by the test for what no command does; closed again before the next. */
async function onDatabaseOf<T>(env: Record<string, string>, work: (db: Database) => Promise<T>): Promise<T> {
  const handle = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR ?? '' });
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !postgresAvailable)(
    `npm run koers -- … [${kind}]`,
    { timeout: 120_000 },
    () => {
      describe('on a new, empty database', () => {
        let database: EmptyDatabase;
        let env: Record<string, string>;
        beforeAll(async () => {
          database = await createEmptyDatabase(kind);
          env = environment(database.env);
        });
        afterAll(async () => {
          await database?.dispose();
        });

        it('migrate applies the migrations and exits 0', async () => {
          const result = await runCliInProcess(['migrate'], env);
          expect(result.code, result.stderr).toBe(0);
          expect(result.stdout).toContain(`Migraties uitgevoerd (${kind}`);
        });

        it('status says that no programme is loaded yet, and how to load one', async () => {
          const result = await runCliInProcess(['status'], env);
          expect(result.code).toBe(1);
          expect(result.stderr).toBe('');
          expect(result.stdout).toContain('Er is nog geen programma ingeladen');
          expect(result.stdout).toContain('npm run koers -- import');
        });

        it('an unknown command exits 2 with the usage', async () => {
          const result = await runCli(['frobnicate'], env);
          expect(result.code).toBe(2);
          expect(result.stderr).toContain('Onbekend commando "frobnicate"');
          expect(result.stderr).toContain('Gebruik: npm run koers -- <commando>');
          expect(result.stderr).not.toMatch(NO_STACK_TRACE);

          const typo = await runCli(['imprt', 'programme/example.yml'], env);
          expect(typo.code).toBe(2);
          expect(typo.stderr).toContain('Onbekend commando "imprt". Bedoel je "import"?');
        });

        it.runIf(kind === 'pglite')('a missing file and a mistaken option are named in Dutch', async () => {
          const missing = await runCliInProcess(['import', 'bestaat-niet.yml'], env);
          expect(missing.code).toBe(2);
          expect(missing.stderr).toContain('Kan bestaat-niet.yml niet lezen: dat bestand bestaat niet');
          const noValue = await runCliInProcess(['timeline', '--at'], env);
          expect(noValue.code).toBe(2);
          expect(noValue.stderr).toMatch(/^--at heeft een waarde nodig\.\n\nGebruik:/);
          const unknown = await runCliInProcess(['status', '--frob'], env);
          expect(unknown.stderr).toMatch(/^Onbekende optie: --frob\n/);
        });

        // The configuration is read before any database is opened: once is enough.
        it.runIf(kind === 'pglite')(
          'a malformed variable is named in the language of --lang, else of DEFAULT_LOCALE',
          async () => {
            const [inDutch, english, asked] = await Promise.all([
              runCli(['status'], { ...env, PORT: 'abc' }),
              runCli(['status'], { ...env, PORT: 'abc', DEFAULT_LOCALE: 'en' }),
              runCli(['status', '--lang', 'nl'], { ...env, PORT: 'abc', DEFAULT_LOCALE: 'en' }),
            ]);
            const dutch =
              'De configuratie heeft een probleem:\n  - PORT moet een poortnummer zijn\nZie README.md, sectie "Environment".\n';
            expect(inDutch.stderr).toBe(dutch);
            expect(asked.stderr).toBe(dutch);
            expect(english.stderr).toBe(
              'The configuration has a problem:\n  - PORT must be a port number\nSee README.md, section "Environment".\n',
            );
            for (const result of [inDutch, english, asked]) expect(result.code).toBe(1);
          },
        );

        // PGlite only: a PostgreSQL server serves any number of processes.
        it.runIf(kind === 'pglite')(
          'a data folder held by a process that does not let the CLI in is named in Dutch',
          async () => {
            const dataDir = env.DATA_DIR!;
            mkdirSync(dataDir, { recursive: true });
            // This test's own process holds the lock: alive, and serving no socket.
            const lock = join(dataDir, 'koers.lock');
            writeFileSync(lock, String(process.pid));
            try {
              const result = await runCli(['status'], env, 60_000);
              expect(result.code).toBe(1);
              expect(result.stderr).toBe(
                `De ingebouwde database in ${dataDir} is in gebruik door een ander Koers-proces (pid ${process.pid}), dat de CLI niet binnenlaat. Stop dat proces eerst, of laat beide dezelfde PostgreSQL-server gebruiken met DATABASE_URL.\n`,
              );
            } finally {
              rmSync(lock, { force: true });
            }
          },
        );
      });

      describe('with the example programme imported', () => {
        let database: EmptyDatabase;
        let env: Record<string, string>;
        let files: { path: string; remove(): void };
        let firstImport: ProcessResult;
        const exported = () => exportedProgrammeInProcess(env);

        beforeAll(async () => {
          database = await createEmptyDatabase(kind);
          env = environment(database.env);
          files = temporaryFolder('koers-cli-');
          firstImport = await runCliInProcess(['import', EXAMPLE_FILE], env);
        });
        afterAll(async () => {
          files?.remove();
          await database?.dispose();
        });

        it('import exits 0 and reports what it added', () => {
          expect(firstImport.code, firstImport.stderr).toBe(0);
          expect(firstImport.stdout).toContain(`${EXAMPLE_FILE}: ingeladen.`);
          expect(firstImport.stdout).toContain('bibliotheken: 7 toegevoegd');
          expect(firstImport.stdout).toContain(`projecten: ${EXAMPLE_SLUGS.length} toegevoegd`);
          expect(firstImport.stdout).toContain('fasen: 5 toegevoegd');
          expect(firstImport.stdout).toContain('+ effectmeting (Effectmeting) (toegevoegd)');
        });

        it('importing the same file again reports no changes', async () => {
          const again = await runCliInProcess(['import', EXAMPLE_FILE], env);
          expect(again.code, again.stderr).toBe(0);
          expect(again.stdout).toContain('ingeladen, niets veranderd');
        });

        it('export writes a file that import takes back with no changes, and "-" prints it', async () => {
          const file = join(files.path, 'OUT.yml');
          const written = await runCliInProcess(['export', file], env);
          expect(written.code, written.stderr).toBe(0);
          expect(existsSync(file)).toBe(true);
          const back = await runCliInProcess(['import', file], env);
          expect(back.code, back.stderr).toBe(0);
          expect(back.stdout).toContain('niets veranderd');

          const printed = await exported();
          expect(printed).toContain('Nieuwe zoekinterface / NBC+');
          const slugs = (parse(printed) as { projects: { slug: string }[] }).projects.map((p) => p.slug);
          expect(slugs.sort()).toEqual([...EXAMPLE_SLUGS].sort());
        });

        it('import --check names changed nudge days and quiet periods; export writes them back', async () => {
          const file = join(files.path, 'QUIET.yml');
          writeFileSync(
            file,
            exampleWith(
              ['    kind: feedback\n', '    kind: feedback\n    nudge_days: 5\n'],
              [
                '\nlibraries:\n',
                '\nquiet_periods:\n  - { name: Herfstvakantie, from: 2017-10-16, to: 2017-10-20 }\n\nlibraries:\n',
              ],
            ),
          );
          const check = await runCliInProcess(['import', '--check', file], env);
          expect(check.code, check.stderr).toBe(0);
          expect(check.stdout).toContain('quiet_periods');
          expect(check.stdout).toContain('~ Feedback op visie retour aan BiSC (gewijzigd: nudge_days)');
          expect((await runCliInProcess(['import', file], env)).code).toBe(0);
          // The same file again changes nothing: the quiet periods read back as they were written.
          expect((await runCliInProcess(['import', file], env)).stdout).toContain('niets veranderd');
          // The application deadline's P14D (Tuesday 17 October) falls in the autumn break: Monday the 23rd.
          const preview = await runCliInProcess(['reminders', 'preview', '--from', '2017-10-01'], env);
          expect(preview.stdout).toMatch(
            /2017-10-23T07:00:00.000Z {2}deadline-aanvraag\/P14D .*\(verschoven uit stilteperiode Herfstvakantie, was 2017-10-17\)/,
          );
          const printed = await exported();
          expect(printed).toContain('nudge_days: 5');
          expect(printed).toContain('name: Herfstvakantie');
          // Back to the example as shipped, for the tests after this one.
          expect((await runCliInProcess(['import', EXAMPLE_FILE], env)).stdout).toContain('quiet_periods');
        });

        it('status lists every project by status with its partners, as plain text', async () => {
          const result = await runCliInProcess(['status'], env);
          expect(result.code, result.stderr).toBe(0);
          expect(result.stdout).toContain('Projecten · Meerjaren innovatieprogramma 2018-2020');
          expect(result.stdout).toContain('Lopend (7 projecten)');
          expect(result.stdout).toContain('Nieuwe zoekinterface / NBC+ · alle bibliotheken');
          expect(result.stdout).toContain('Effectmeting · AVV, HGH');
          // Plain text: no Slack mrkdwn or escaping.
          expect(result.stdout).toContain('Privacy & Security');
          expect(result.stdout).not.toContain('&amp;');
          expect(result.stdout).not.toContain('*Effectmeting*');
        });

        it('status QUERY and partners QUERY answer for one project and one library', async () => {
          const nbc = await runCliInProcess(['status', 'nbc'], env);
          expect(nbc.code, nbc.stderr).toBe(0);
          expect(nbc.stdout).toContain('Nieuwe zoekinterface / NBC+');
          expect(nbc.stdout).toContain('Partners: alle bibliotheken');
          expect(nbc.stdout).toContain('Innovatiemiddag');

          const avv = await runCliInProcess(['partners', 'avv'], env);
          expect(avv.code, avv.stderr).toBe(0);
          expect(avv.stdout).toContain('Bibliotheek Angstel, Vecht en Venen (AVV)');
          expect(avv.stdout).toContain('Registratie en rapportage in het sociaal domein');
          expect(avv.stdout).toContain('Effectmeting');
          expect(avv.stdout).toContain('Voor alle bibliotheken');
          expect(avv.stdout).not.toContain('eHealth');
        });

        it('timeline --at answers as if today were that day, with the countdown', async () => {
          const result = await runCliInProcess(['timeline', '--at', '2017-09-20'], env);
          expect(result.code, result.stderr).toBe(0);
          expect(result.stdout).toContain(
            'Nog 9 dagen tot Feedback op visie retour aan BiSC (29 september 2017).',
          );
          expect(result.stdout).toMatch(/Feedback op visie retour aan BiSC\n.*nu bezig/);
          expect(result.stdout).toContain('Tijden in Nederlandse tijd.');
        });

        it('--lang en answers in English', async () => {
          const status = await runCliInProcess(['status', '--lang', 'en'], env);
          expect(status.code, status.stderr).toBe(0);
          expect(status.stdout).toContain('Running (7 projects)');
          expect(status.stdout).toContain('Nieuwe zoekinterface / NBC+ · all libraries');
          expect(status.stdout).not.toContain('Lopend');

          const timeline = await runCliInProcess(['timeline', '--at', '2017-09-20', '--lang', 'en'], env);
          expect(timeline.code, timeline.stderr).toBe(0);
          expect(timeline.stdout).toContain(
            '9 days left until Feedback op visie retour aan BiSC (29 September 2017)',
          );
          expect(timeline.stdout).toContain('in progress');
        });

        const brokenFiles = [
          {
            problem: 'an unknown library code',
            text: () =>
              exampleWith(
                ['partners: [EEM]', 'partners: [EEM, XYZ]'],
                ['name: Werkplek 21e eeuw', 'name: Werkplek 22e eeuw'],
              ),
            names: () => [
              `regel ${lineOf('partners: [EEM]')}, projects[werkplek-21e-eeuw].partners[1]: onbekende bibliotheekcode "XYZ"`,
            ],
          },
          {
            problem: 'an end before its start',
            text: () =>
              exampleWith(
                ['end: 2017-07-15', 'end: 2017-06-01'],
                ['name: Werkplek 21e eeuw', 'name: Werkplek 22e eeuw'],
              ),
            names: () => [
              `regel ${lineOf('end: 2017-07-15')}, phases[gesprekken-visie].end:`,
              'ligt voor start 2017-06-15',
            ],
          },
          {
            problem: 'a YAML syntax error',
            text: () => exampleWith(['name: Werkplek 21e eeuw', 'name: "Werkplek 21e eeuw']),
            // A syntax error has no key yet: the line and column say where.
            names: () => [`regel ${lineOf('name: Werkplek 21e eeuw')}, kolom`, 'YAML-fout'],
          },
        ];

        for (const broken of brokenFiles) {
          it(`a programme file with ${broken.problem} is refused: exit 1, where it is named, nothing changed`, async () => {
            const before = await exported();
            const file = join(files.path, 'broken.yml');
            writeFileSync(file, broken.text());

            const result = await runCliInProcess(['import', file], env);
            expect(result.code).toBe(1);
            expect(result.stderr).toContain(`${file} is niet ingeladen; er is niets veranderd`);
            for (const part of broken.names()) expect(result.stderr).toContain(part);
            expect(result.stderr).not.toMatch(NO_STACK_TRACE);
            expect(await exported()).toBe(before);
          });
        }

        it('a refused file is explained in the language of --lang, else of DEFAULT_LOCALE', async () => {
          const before = await exported();
          const file = join(files.path, 'typo.yml');
          writeFileSync(file, exampleWith(['partners: [EEM]', 'partners: [EEN]']));
          const line = lineOf('partners: [EEM]');
          const path = 'projects[werkplek-21e-eeuw].partners[0]';

          const dutch = `regel ${line}, ${path}: onbekende bibliotheekcode "EEN" (bedoel je "EEM"?)`;
          for (const [args, extra] of [
            [['--lang', 'nl'], { DEFAULT_LOCALE: 'en' }],
            [[], { DEFAULT_LOCALE: 'nl' }],
          ] as const) {
            const result = await runCliInProcess(['import', file, ...args], { ...env, ...extra });
            expect(result.code).toBe(1);
            expect(result.stderr).toBe(`${file} is niet ingeladen; er is niets veranderd:\n  - ${dutch}\n`);
          }

          const english = await runCliInProcess(['import', file], { ...env, DEFAULT_LOCALE: 'en' });
          expect(english.code).toBe(1);
          expect(english.stderr).toBe(
            `${file} was not imported; nothing was changed:\n  - line ${line}, ${path}: unknown library code "EEN" (did you mean "EEM"?)\n`,
          );
          expect(await exported()).toBe(before);
        });

        it('commands that do not talk to Slack need no Slack variables', async () => {
          expect(Object.keys(env).filter((name) => name.startsWith('SLACK_'))).toEqual([]);
          const status = await runCliInProcess(['status'], env);
          expect(status.code, status.stderr).toBe(0);
          expect(status.stderr).toBe('');
          expect(status.stdout).toContain('Effectmeting');

          // The one that posts to Slack names what it lacks.
          const run = await runCliInProcess(['reminders', 'run', '--at', '2017-06-01T07:00:00Z'], env);
          expect(run.code).toBe(1);
          expect(run.stderr).toContain('SLACK_BOT_TOKEN');
          expect(run.stderr).not.toMatch(NO_STACK_TRACE);
        });

        it('subscribe, then reminders preview lists the plan at 09:00 local with the channel', async () => {
          const subscribed = await runCliInProcess(['subscribe', 'C0123ABCD'], env);
          expect(subscribed.code, subscribed.stderr).toBe(0);
          expect(subscribed.stdout).toContain('C0123ABCD');

          const preview = await runCliInProcess(['reminders', 'preview'], env);
          expect(preview.code, preview.stderr).toBe(0);
          const [header = '', ...plan] = preview.stdout.trim().split('\n');
          expect(header).toMatch(/^\d+ herinneringen; kanalen: C0123ABCD$/);
          expect(plan).toHaveLength(Number.parseInt(header, 10));
          for (const line of plan) expect(line).toMatch(/^\S+ \d+ \S+ \d{4} 09:00 {2}/);
          // The PDO meeting of Thursday 8 June: a week and a day before, in summer time (UTC+2); the local
          // time is written as Slack writes it.
          expect(preview.stdout).toMatch(
            /do 1 juni 2017 09:00 {2}2017-06-01T07:00:00\.000Z {2}pdo-strategische-kaders\/P7D/,
          );
          expect(preview.stdout).toMatch(
            /wo 7 juni 2017 09:00 {2}2017-06-07T07:00:00\.000Z {2}pdo-strategische-kaders\/P1D/,
          );
          // After the clocks go back, 09:00 local is 08:00 UTC.
          expect(preview.stdout).toContain('ma 30 oktober 2017 09:00  2017-10-30T08:00:00.000Z');
        });

        it('subscribe and unsubscribe keep the channel overview as the Slack command does', async () => {
          const overview = () => onDatabaseOf(env, (db) => findOverview(db, 'C0OVERVIEW'));
          expect((await runCliInProcess(['subscribe', 'C0OVERVIEW'], env)).stdout).toContain(
            'C0OVERVIEW is aangemeld voor de herinneringen.',
          );
          expect(await overview()).toMatchObject({ enabled: true, dirty: true });
          const unsubscribed = await runCliInProcess(['unsubscribe', 'C0OVERVIEW'], env);
          expect(unsubscribed.stdout).toContain('C0OVERVIEW is afgemeld voor de herinneringen.');
          // Its last subscription ended: the overview is unpinned at the next refresh.
          expect(await overview()).toMatchObject({ enabled: false });
          const again = await runCliInProcess(['unsubscribe', 'C0OVERVIEW'], env);
          expect(again.stdout).toContain('C0OVERVIEW: er is niets te veranderen.');
        });

        it('reminders run posts a due reminder once to the subscribed channel; --dry-run posts nothing', async () => {
          const slack = await startFakeSlack();
          try {
            const slackEnv = {
              ...env,
              // Posting needs the bot token only; the signing secret is for receiving requests.
              SLACK_BOT_TOKEN: 'xoxb-test',
              SLACK_API_URL: slack.apiUrl,
            };
            const at = ['reminders', 'run', '--at', '2017-06-01T07:00:00Z'];
            expect((await runCliInProcess(['subscribe', 'C0123ABCD'], env)).code).toBe(0);

            const dryRun = await runCliInProcess([...at, '--dry-run'], slackEnv);
            expect(dryRun.code, dryRun.stderr).toBe(0);
            expect(dryRun.stdout).toContain('zou versturen: pdo-strategische-kaders/P7D → C0123ABCD');
            expect(slack.callsTo('chat.postMessage')).toHaveLength(0);

            const first = await runCliInProcess(at, slackEnv);
            expect(first.code, first.stderr).toBe(0);
            expect(first.stdout).toMatch(
              /^verstuurd: pdo-strategische-kaders\/P7D → C0123ABCD \(ts \d+\.\d+\)$/m,
            );
            expect(first.stdout).toContain('1 verstuurd, 0 overgeslagen, 0 mislukt');
            const posts = slack.callsTo('chat.postMessage');
            expect(posts).toHaveLength(1);
            expect(posts[0]?.args.channel).toBe('C0123ABCD');
            expect(String(posts[0]?.args.text)).toContain('Provinciaal Directieoverleg');

            const second = await runCliInProcess(at, slackEnv);
            expect(second.code, second.stderr).toBe(0);
            expect(second.stdout).toContain('0 verstuurd');
            expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
          } finally {
            await slack.close();
          }
        });

        it('reminders run --dry-run shows the digest and the nudges of the tick, writes nothing, and a real run then posts each once', async () => {
          const slack = await startFakeSlack();
          try {
            expect((await runCliInProcess(['subscribe', 'C0DIGEST', '--digest'], env)).code).toBe(0);
            await onDatabaseOf(env, (db) =>
              setLibraryOf(db, 'UEEM1', 'EEM', 'UADMIN', new Date('2017-09-01T00:00:00Z')),
            );
            const deliveriesBefore = await onDatabaseOf(env, listDeliveries);
            // Tuesday 26 September 09:00 in Amsterdam: the libraries owing feedback on the vision are
            // nudged, and Monday's digest is a day late, still within the grace period.
            const at = ['reminders', 'run', '--at', '2017-09-26T07:00:00Z'];

            const dryRun = await runCliInProcess([...at, '--dry-run'], env);
            expect(dryRun.code, dryRun.stderr).toBe(0);
            expect(dryRun.stdout).toContain(
              'zou versturen: digest/2017-W39 → C0DIGEST: Weekoverzicht · Meerjaren innovatieprogramma 2018-2020',
            );
            expect(dryRun.stdout).toMatch(
              /^zou versturen: nudge\/feedback-visie\/2017-09-29 → UEEM1: .*visie/m,
            );
            expect(dryRun.stdout).toContain(
              'overgeslagen: nudge/feedback-visie/2017-09-29/nobody → library:LEK: niemand om te herinneren',
            );
            const english = await runCliInProcess([...at, '--dry-run', '--lang', 'en'], env);
            expect(english.stdout).toMatch(/^would send: digest\/2017-W39 → C0DIGEST: /m);
            expect(english.stdout).toContain(
              'skipped: nudge/feedback-visie/2017-09-29/nobody → library:LEK: nobody to remind',
            );
            expect(await onDatabaseOf(env, listDeliveries)).toEqual(deliveriesBefore);

            const slackEnv = { ...env, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: slack.apiUrl };
            const real = await runCliInProcess(at, slackEnv);
            expect(real.code, real.stderr).toBe(0);
            // The dry run said what the real run did, delivery for delivery.
            const outcomes = (stdout: string, sentWord: string) =>
              stdout
                .split('\n')
                .filter((line) => line.startsWith(`${sentWord}: `) || line.startsWith('overgeslagen: '))
                .map((line) => {
                  if (!line.startsWith(sentWord)) return line;
                  const [key, , channel = ''] = line.slice(sentWord.length + 2).split(' ');
                  return `${key} → ${channel.replace(/:$/, '')}`;
                })
                .sort();
            expect(outcomes(real.stdout, 'verstuurd')).toEqual(outcomes(dryRun.stdout, 'zou versturen'));
            expect(slack.messagesIn('C0DIGEST')).toHaveLength(1);
            expect(slack.messagesIn('DUEEM1')).toHaveLength(1);

            const again = await runCliInProcess(at, slackEnv);
            expect(again.stdout).toContain('0 verstuurd');
            expect(slack.messagesIn('C0DIGEST')).toHaveLength(1);
            expect(slack.messagesIn('DUEEM1')).toHaveLength(1);
          } finally {
            await slack.close();
          }
        });
      });

      // PGlite only: a PostgreSQL server serves any number of processes.
      if (kind === 'pglite')
        describe('while the app holds the data folder', () => {
          let database: EmptyDatabase;
          let slack: Awaited<ReturnType<typeof startFakeSlack>>;
          let app: RunningApp | undefined;

          beforeAll(async () => {
            database = await createEmptyDatabase('pglite');
            slack = await startFakeSlack();
            app = await startApp(
              environment({
                ...database.env,
                SLACK_BOT_TOKEN: 'xoxb-test',
                SLACK_SIGNING_SECRET: 'whatever-secret-123',
                SLACK_API_URL: slack.apiUrl,
                PORT: '0',
                SCHEDULER: 'off',
              }),
            );
          });
          afterAll(async () => {
            await app?.stop();
            await slack?.close();
            await database?.dispose();
          });

          it('a CLI command answers through the running app instead of refusing', async () => {
            for (const attempt of [1, 2]) {
              const result = await runCli(['status'], environment(database.env), 30_000);
              expect(result.code, `attempt ${attempt}: ${result.stderr}`).toBe(0);
              expect(result.stderr).not.toContain('in gebruik door een ander Koers-proces');
              expect(result.stdout).toContain('Nieuwe zoekinterface / NBC+');
            }
            const health = await fetch(`${app!.baseUrl}/healthz`);
            expect(health.status).toBe(200);
          });

          it('once the app has stopped, the same command answers', async () => {
            const stopped = await app!.stop();
            app = undefined;
            expect(stopped.code).toBe(0);
            const result = await runCli(['status'], environment(database.env));
            expect(result.code, result.stderr).toBe(0);
            expect(result.stdout).toContain('Nieuwe zoekinterface / NBC+');
          });
        });
    },
  );
}
