import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { addFeedback, type FeedbackSubmission } from '../../src/db/feedbackRepository.js';
import { FEEDBACK_EXPORT_COLUMNS } from '../../src/domain/feedbackExport.js';
import { runCliInProcess } from '../support/cliInProcess.js';
import { postgresAvailable } from '../support/databases.js';
import { startFakeSlack } from '../support/fakeSlack.js';
import {
  createEmptyDatabase,
  type EmptyDatabase,
  EXAMPLE_FILE,
  environment,
  temporaryFolder,
} from '../support/processes.js';
import { readWorkbook } from '../support/workbook.js';

/*
 * `npm run koers -- export-feedback …` as an operator types it (the commands in-process, what they
 * print being the point) on a database of its own (a PGlite data folder, or a database on the
 * PostgreSQL server) into which the example programme was imported with the CLI and feedback written
 * as the app would.
 */

const PHASE = 'feedback-visie';

const submission = (overrides: Partial<FeedbackSubmission>): FeedbackSubmission => ({
  phaseId: PHASE,
  libraryCode: 'AVV',
  userId: 'UAVV',
  judgement: 'agree_with_remarks',
  remarks: '',
  priorities: [],
  mayContact: false,
  late: false,
  ...overrides,
});

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !postgresAvailable)(
    `npm run koers -- export-feedback [${kind}]`,
    { timeout: 120_000 },
    () => {
      let database: EmptyDatabase;
      let env: Record<string, string>;
      const folder = temporaryFolder('koers-export-');

      beforeAll(async () => {
        database = await createEmptyDatabase(kind);
        env = environment(database.env);
        const imported = await runCliInProcess(['import', EXAMPLE_FILE], env);
        expect(imported.code, imported.stderr).toBe(0);
        // The CLI has exited, so the data folder is free to write the feedback into.
        const handle = await openDatabase({
          databaseUrl: database.env.DATABASE_URL,
          dataDir: database.env.DATA_DIR ?? '',
        });
        try {
          await addFeedback(handle.db, submission({ remarks: 'Eerste versie' }), new Date());
          await addFeedback(
            handle.db,
            submission({ remarks: 'Meer inzet op "leesbevordering",\r\nen =snel' }),
            new Date(),
          );
          await addFeedback(
            handle.db,
            submission({
              libraryCode: 'HGH',
              userId: 'UHGH',
              judgement: 'agree',
              priorities: ['effectmeting', 'x'],
            }),
            new Date(),
          );
        } finally {
          await handle.close();
        }
      });
      afterAll(async () => {
        folder.remove();
        await database?.dispose();
      });

      it('writes the CSV of the feedback that counts to standard output', async () => {
        const result = await runCliInProcess(['export-feedback', '--phase', PHASE], env);
        expect(result.code, result.stderr).toBe(0);
        const lines = result.stdout.split('\r\n');
        expect(lines[0]).toBe(FEEDBACK_EXPORT_COLUMNS.join(','));
        expect(lines[1]).toMatch(
          /^feedback-visie,AVV,"Bibliotheek Angstel, Vecht en Venen",UAVV,,agree_with_remarks,"Meer inzet op ""leesbevordering"",$/,
        );
        expect(lines[2]).toMatch(/^en =snel",,no,no,\d{4}-\d\d-\d\dT[\d:.]+Z,2$/);
        expect(lines[3]).toMatch(
          /^feedback-visie,HGH,[^,]+,UHGH,,agree,,effectmeting; x,no,no,[\d\-T:.Z]+,1$/,
        );
        expect(lines[4]).toBe('');
        expect(lines).toHaveLength(5);
        expect(result.stdout).not.toContain('Eerste versie');
      });

      it('asks Slack for the names when a bot token is configured; someone Slack cannot tell about stays empty', async () => {
        const slack = await startFakeSlack();
        try {
          slack.setHandler('users.info', (args) =>
            args.user === 'UAVV'
              ? { body: { ok: true, user: { id: 'UAVV', real_name: 'Anna van Vliet', is_bot: false } } }
              : { body: { ok: false, error: 'user_not_found' } },
          );
          const result = await runCliInProcess(['export-feedback', '--phase', PHASE], {
            ...env,
            SLACK_BOT_TOKEN: 'xoxb-test',
            SLACK_API_URL: slack.apiUrl,
          });
          expect(result.code, result.stderr).toBe(0);
          const lines = result.stdout.split('\r\n');
          expect(lines[1]).toContain(',UAVV,Anna van Vliet,agree_with_remarks,');
          expect(lines[3]).toContain(',UHGH,,agree,');
          expect(
            slack
              .callsTo('users.info')
              .map((call) => String(call.args.user))
              .sort(),
          ).toEqual(['UAVV', 'UHGH']);
        } finally {
          await slack.close();
        }
      });

      it('takes the only feedback phase when --phase is left out, as the Slack command does', async () => {
        // One after the other: the embedded database serves one process at a time.
        const withPhase = await runCliInProcess(['export-feedback', '--phase', PHASE], env);
        const withoutPhase = await runCliInProcess(['export-feedback', '--lang', 'en'], env);
        expect(withoutPhase.code, withoutPhase.stderr).toBe(0);
        expect(withoutPhase.stdout).toBe(withPhase.stdout);
        expect(withoutPhase.stdout).toContain('feedback-visie,AVV');
      });

      it('writes JSON to a file with --format json --out FILE', async () => {
        const out = join(folder.path, 'feedback.json');
        const result = await runCliInProcess(
          ['export-feedback', '--phase', PHASE, '--format', 'json', '--out', out],
          env,
        );
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toContain(`2 antwoorden op ${PHASE} geschreven naar ${out}`);
        const rows = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>[];
        // The CLI has no Slack to ask: the name column is there, and empty.
        expect(rows.map((row) => [row.library_code, row.user_id, row.user_name, row.version])).toEqual([
          ['AVV', 'UAVV', '', 2],
          ['HGH', 'UHGH', '', 1],
        ]);
        expect(rows[0]).toMatchObject({
          remarks: 'Meer inzet op "leesbevordering",\r\nen =snel',
          library_name: 'Bibliotheek Angstel, Vecht en Venen',
          judgement: 'agree_with_remarks',
        });
      });

      it('stops with exit 1 and lists the feedback phases for an unknown phase', async () => {
        const result = await runCliInProcess(['export-feedback', '--phase', 'bestaat-niet'], env);
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr).toContain('Er is geen feedbackfase "bestaat-niet"');
        expect(result.stderr).toContain(PHASE);
        expect(result.stderr).not.toMatch(/^\s+at /m);
      });

      it('refuses a phase that is not a feedback phase, and an unknown format', async () => {
        const meeting = await runCliInProcess(['export-feedback', '--phase', 'pdo-strategische-kaders'], env);
        expect(meeting.code).toBe(1);
        expect(meeting.stderr).toContain(PHASE);
        const format = await runCliInProcess(['export-feedback', '--phase', PHASE, '--format', 'ods'], env);
        expect(format.code).toBe(2);
        expect(format.stderr).toContain('--format moet een van deze zijn: csv, json, xlsx');
      });

      it('writes an Excel workbook with --format xlsx --out FILE: typed cells, frozen header, filters', async () => {
        const out = join(folder.path, 'feedback.xlsx');
        const result = await runCliInProcess(
          ['export-feedback', '--phase', PHASE, '--format', 'xlsx', '--out', out],
          env,
        );
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toContain(`2 antwoorden op ${PHASE} geschreven naar ${out} (xlsx)`);
        const workbook = await readWorkbook(readFileSync(out));
        expect(workbook.rows[0]).toEqual([...FEEDBACK_EXPORT_COLUMNS]);
        expect(workbook.rows).toHaveLength(3);
        const [
          phase,
          code,
          name,
          user,
          userName,
          judgement,
          remarks,
          ,
          mayContact,
          late,
          submittedAt,
          version,
        ] = workbook.rows[1]!;
        expect([phase, code, name, user, userName, judgement]).toEqual([
          PHASE,
          'AVV',
          'Bibliotheek Angstel, Vecht en Venen',
          'UAVV',
          // No Slack to ask: an empty cell.
          null,
          'agree_with_remarks',
        ]);
        expect(remarks).toBe('Meer inzet op "leesbevordering",\r\nen =snel');
        expect([mayContact, late, version]).toEqual([false, false, 2]);
        expect(submittedAt).toBeInstanceOf(Date);
        expect(Math.abs((submittedAt as Date).getTime() - Date.now())).toBeLessThan(10 * 60_000);
        expect(workbook.rows[2]?.[7]).toBe('effectmeting; x');
        expect(workbook.frozenRows).toBe(1);
        expect(workbook.autoFilter).toBe('A1:L1');
        expect(workbook.formulas).toBe(0);
      });

      it('wants a file for a workbook, and --bom only for CSV', async () => {
        const toTerminal = await runCliInProcess(
          ['export-feedback', '--phase', PHASE, '--format', 'xlsx'],
          env,
        );
        expect(toTerminal.code).toBe(2);
        expect(toTerminal.stderr).toContain('--out BESTAND.xlsx');
        const bomJson = await runCliInProcess(
          ['export-feedback', '--phase', PHASE, '--format', 'json', '--bom'],
          env,
        );
        expect(bomJson.code).toBe(2);
        expect(bomJson.stderr).toContain('--bom hoort alleen bij --format csv');
      });

      it('starts the CSV with a UTF-8 byte order mark with --bom, for Excel', async () => {
        const out = join(folder.path, 'feedback-bom.csv');
        const result = await runCliInProcess(
          ['export-feedback', '--phase', PHASE, '--bom', '--out', out],
          env,
        );
        expect(result.code, result.stderr).toBe(0);
        const bytes = readFileSync(out);
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        const plain = await runCliInProcess(['export-feedback', '--phase', PHASE], env);
        expect(bytes.subarray(3).toString('utf8')).toBe(plain.stdout);
      });
    },
  );
}
