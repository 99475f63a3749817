import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { addFeedback, type FeedbackSubmission, feedbackForExport } from '../../src/db/feedbackRepository.js';
import { loadProgramme } from '../../src/db/programmeRepository.js';
import { feedbackResponses } from '../../src/db/schema.js';
import { exportFeedback, FEEDBACK_EXPORT_COLUMNS } from '../../src/domain/feedbackExport.js';
import { describeOnBothDatabases } from '../support/databases.js';
import { type KoersUnderTest, SIGNING_SECRET, startKoersUnderTest } from '../support/koersUnderTest.js';
import { visibleText } from '../support/messageText.js';
import { expectEverySlackPayloadValid } from '../support/payloads.js';
import { postToSlackEndpoint, slashCommandBody } from '../support/slackRequests.js';
import { readWorkbook } from '../support/workbook.js';

const PHASE = 'feedback-visie';
/** Wednesday 20 September 2017: the feedback phase on the draft vision is open. */
const DURING = new Date('2017-09-20T10:00:00Z');
const ADMIN = 'UADMIN';
const ADMIN_IN_ENGLISH = 'UADMINEN';
/** The admin's direct message with Koers, as the fake Slack opens it. */
const dmOf = (userId: string) => `D${userId.slice(1)}`;

const REMARKS = 'Meer nadruk op "leesbevordering", graag.\nEn =geen formule 📚';

const submission = (overrides: Partial<FeedbackSubmission>): FeedbackSubmission => ({
  phaseId: PHASE,
  libraryCode: 'AVV',
  userId: 'UAVV',
  judgement: 'agree_with_remarks',
  remarks: 'Eerste versie',
  priorities: [],
  mayContact: true,
  late: false,
  ...overrides,
});

describeOnBothDatabases(
  '/project export feedback: the workbook (or CSV) to the admin in a direct message',
  (database) => {
    let app: KoersUnderTest;

    beforeAll(async () => {
      app = await startKoersUnderTest(database(), {
        now: () => DURING,
        config: { ADMIN_USER_IDS: [ADMIN, ADMIN_IN_ENGLISH] },
      });
      app.slack.setUserLocale(ADMIN_IN_ENGLISH, 'en-GB');
    });
    afterAll(async () => {
      if (app) expectEverySlackPayloadValid(app.slack);
      await app?.stop();
    });
    beforeEach(async () => {
      const db = database().handle.db;
      await db.delete(feedbackResponses);
      await addFeedback(db, submission({}), new Date());
      await addFeedback(db, submission({ remarks: REMARKS, priorities: ['effectmeting'] }), new Date());
      await addFeedback(
        db,
        submission({ libraryCode: 'HGH', userId: 'UHGH', judgement: 'agree', remarks: '' }),
        new Date(),
      );
      app.slack.clearHandlers();
      app.slack.setHandler('conversations.open', (args) => ({
        body: { ok: true, channel: { id: dmOf(String(args.users)) } },
      }));
      app.slack.reset();
    });

    async function command(text: string, userId: string) {
      const body = slashCommandBody({ text, userId, responseUrl: app.slack.respondUrl() });
      const started = Date.now();
      const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(response.status).toBe(200);
      const payload = response.json as { response_type: string; text: string };
      expect(payload.response_type).toBe('ephemeral');
      return visibleText(payload);
    }

    async function expectedCsv(): Promise<string> {
      const db = database().handle.db;
      const programme = await loadProgramme(db, { updatesPerProject: 0 });
      const names = new Map(programme!.libraries.map((library) => [library.code, library.name]));
      return exportFeedback(await feedbackForExport(db, PHASE), names, 'csv');
    }

    /** Gives a stray background upload the time to show itself. */
    const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

    it('uploads an Excel workbook by default: what counts, typed, a remark starting with = kept as text', async () => {
      const formula = '=HYPERLINK("https://example.org/?leak","klik hier")';
      await addFeedback(
        database().handle.db,
        submission({ libraryCode: 'HGH', userId: 'UHGH', judgement: 'disagree', remarks: formula }),
        new Date(),
      );
      const reply = await command(`export feedback ${PHASE}`, ADMIN);
      expect(reply).toContain('Excel-bestand');
      await app.slack.waitForCalls('files.completeUploadExternal', 1);
      const [upload] = app.slack.uploads;
      expect(upload!.filename).toBe(`feedback-${PHASE}-2017-09-20.xlsx`);
      const workbook = await readWorkbook(upload!.data);
      expect(workbook.rows[0]).toEqual([...FEEDBACK_EXPORT_COLUMNS]);
      expect(workbook.rows.slice(1).map((row) => [row[1], row[3], row[6], row[8], row[11]])).toEqual([
        ['AVV', 'UAVV', REMARKS, true, 2],
        ['HGH', 'UHGH', formula, true, 2],
      ]);
      expect(workbook.rows[1]![10]).toBeInstanceOf(Date);
      expect(workbook.formulas).toBe(0);
      expect(workbook.frozenRows).toBe(1);
      expect(workbook.autoFilter).toBe('A1:L1');
    });

    it("answers an admin privately at once, then uploads the CSV to the admin's direct message when asked for csv", async () => {
      const reply = await command(`export feedback ${PHASE} csv`, ADMIN);
      expect(reply).toContain('CSV-bestand');
      expect(reply).toContain('onderweg');
      expect(reply).toContain('2 antwoorden');

      const [complete] = await app.slack.waitForCalls('files.completeUploadExternal', 1);
      const [opened] = app.slack.callsTo('conversations.open');
      expect(opened!.args.users).toBe(ADMIN);
      expect(complete!.args.channel_id).toBe(dmOf(ADMIN));
      expect(String(complete!.args.initial_comment)).toContain('2 antwoorden');

      expect(app.slack.uploads).toHaveLength(1);
      const [upload] = app.slack.uploads;
      const csv = upload!.data.toString('utf8');
      expect(csv).toBe(await expectedCsv());
      expect(csv).toContain('"Meer nadruk op ""leesbevordering"", graag.\nEn =geen formule 📚"');
      expect(csv).not.toContain('Eerste versie');
      expect(csv.split('\r\n')[0]).toBe(
        'phase_id,library_code,library_name,user_id,user_name,judgement,remarks,priorities,may_contact,late,submitted_at,version',
      );
      expect(upload!.filename).toBe(`feedback-${PHASE}-2017-09-20.csv`);
      const files = complete!.args.files as { id: string; title: string }[];
      expect(files.map((file) => file.id)).toEqual([upload!.fileId]);
      expect(files[0]!.title).toContain('Feedback op visie');
      const [asked] = app.slack.callsTo('files.getUploadURLExternal');
      expect(Number(asked!.args.length)).toBe(Buffer.byteLength(csv, 'utf8'));
    });

    it('finishes an upload under way when Koers is stopped, instead of cutting it off', async () => {
      const stopping = await startKoersUnderTest(database(), {
        now: () => DURING,
        config: { ADMIN_USER_IDS: [ADMIN] },
      });
      try {
        stopping.slack.setHandler('conversations.open', (args) => ({
          body: { ok: true, channel: { id: dmOf(String(args.users)) } },
        }));
        // Slack is slow to hand out the upload address: the stop comes while the upload waits for it.
        stopping.slack.setHandler('files.getUploadURLExternal', () => ({ delayMs: 1_000 }));
        const body = slashCommandBody({
          text: `export feedback ${PHASE}`,
          userId: ADMIN,
          responseUrl: stopping.slack.respondUrl(),
        });
        const response = await postToSlackEndpoint(stopping.baseUrl, body, { signingSecret: SIGNING_SECRET });
        expect(visibleText(response.json)).toContain('onderweg');
        await stopping.slack.waitForCalls('files.getUploadURLExternal', 1);
      } finally {
        await stopping.stop();
      }
      expect(stopping.slack.callsTo('files.completeUploadExternal')).toHaveLength(1);
      expect(stopping.slack.uploads).toHaveLength(1);
    });

    /** Slack knows the two who answered by these names; anyone else falls through to the fake's default. */
    function slackKnowsNames(names: Record<string, string>) {
      app.slack.setHandler('users.info', (args) => {
        const id = String(args.user);
        const name = names[id];
        return name === undefined
          ? undefined
          : { body: { ok: true, user: { id, name: id.toLowerCase(), real_name: name, is_bot: false } } };
      });
    }

    it("shows each answerer's name as Slack knows it beside their user id, in the workbook and the CSV", async () => {
      slackKnowsNames({ UAVV: 'Anna van Vliet', UHGH: '=Henk "HGH" de Graaf' });
      await command(`export feedback ${PHASE}`, ADMIN);
      await app.slack.waitForCalls('files.completeUploadExternal', 1);
      const workbook = await readWorkbook(app.slack.uploads[0]!.data);
      expect(workbook.rows[0]![4]).toBe('user_name');
      expect(workbook.rows.slice(1).map((row) => [row[3], row[4]])).toEqual([
        ['UAVV', 'Anna van Vliet'],
        ['UHGH', '=Henk "HGH" de Graaf'],
      ]);
      expect(workbook.formulas).toBe(0);

      await command(`export feedback ${PHASE} csv`, ADMIN);
      await app.slack.waitForCalls('files.completeUploadExternal', 2);
      const lines = app.slack.uploads[1]!.data.toString('utf8').split('\r\n');
      expect(lines[1]).toContain(',UAVV,Anna van Vliet,');
      // A name is defused like any other text a spreadsheet would run.
      expect(lines[2]).toContain(',UHGH,"\'=Henk ""HGH"" de Graaf",');
      // Asked once per person, however many times they answered.
      const asked = app.slack
        .callsTo('users.info')
        .map((call) => String(call.args.user))
        .filter((user) => user !== ADMIN);
      expect(asked.sort()).toEqual(['UAVV', 'UAVV', 'UHGH', 'UHGH']);
    });

    it('still exports, with an empty name, when Slack cannot tell who someone is', async () => {
      app.slack.setHandler('users.info', (args) =>
        args.user === 'UHGH'
          ? { body: { ok: false, error: 'user_not_found' } }
          : args.user === 'UAVV'
            ? { body: { ok: true, user: { id: 'UAVV', real_name: 'Anna van Vliet', is_bot: false } } }
            : undefined,
      );
      expect(await command(`export feedback ${PHASE} csv`, ADMIN)).toContain('onderweg');
      await app.slack.waitForCalls('files.completeUploadExternal', 1);
      const lines = app.slack.uploads[0]!.data.toString('utf8').split('\r\n');
      expect(lines[1]).toContain(',UAVV,Anna van Vliet,');
      expect(lines[2]).toContain(',UHGH,,agree,');
      expect(app.slack.responses).toEqual([]);
    });

    it('takes the only feedback phase when none is named, in Dutch and in English', async () => {
      expect(await command('exporteer feedback csv', ADMIN)).toContain('onderweg');
      await app.slack.waitForCalls('files.completeUploadExternal', 1);
      expect(await command('export feedback CSV', ADMIN_IN_ENGLISH)).toContain('on its way');
      const calls = await app.slack.waitForCalls('files.completeUploadExternal', 2);
      expect(calls.map((call) => call.args.channel_id)).toEqual([dmOf(ADMIN), dmOf(ADMIN_IN_ENGLISH)]);
      expect(String(calls[1]!.args.initial_comment)).toContain('2 answers');
      const csv = await expectedCsv();
      expect(app.slack.uploads.map((upload) => upload.data.toString('utf8'))).toEqual([csv, csv]);
    });

    it('refuses someone who is not an admin, and uploads nothing', async () => {
      const reply = await command(`export feedback ${PHASE}`, 'UAVV');
      expect(reply).toContain('Dat mogen alleen de beheerders van het programma');
      await settle();
      expect(app.slack.callsTo('conversations.open')).toEqual([]);
      expect(app.slack.callsTo('files.getUploadURLExternal')).toEqual([]);
      expect(app.slack.uploads).toEqual([]);
    });

    it('names the feedback phases when the phase is unknown, and uploads nothing', async () => {
      const reply = await command('export feedback bestaat-niet', ADMIN);
      expect(reply).toContain('Geen feedbackfase gevonden voor “bestaat-niet”');
      expect(reply).toContain(PHASE);
      const usage = await command('export projecten', ADMIN);
      expect(usage).toContain('/project exporteer feedback FASE');
      await settle();
      expect(app.slack.uploads).toEqual([]);
      expect(app.slack.callsTo('files.completeUploadExternal')).toEqual([]);
    });

    it('says so when nobody has answered yet', async () => {
      await database().handle.db.delete(feedbackResponses);
      expect(await command(`export feedback ${PHASE}`, ADMIN)).toContain('nog geen feedback');
      await settle();
      expect(app.slack.uploads).toEqual([]);
    });

    it('tells the admin through the response_url when the upload fails', async () => {
      app.slack.setHandler('files.getUploadURLExternal', () => ({
        body: { ok: false, error: 'missing_scope', needed: 'files:write' },
      }));
      expect(await command(`export feedback ${PHASE}`, ADMIN)).toContain('onderweg');
      const [response] = await app.slack.waitForResponses(1);
      const body = response!.body as { text: string; response_type: string; replace_original: boolean };
      expect(body.response_type).toBe('ephemeral');
      expect(body.text).toContain('files:write');
      expect(app.slack.uploads).toEqual([]);

      app.slack.setHandler('files.completeUploadExternal', () => ({
        body: { ok: false, error: 'internal_error' },
      }));
      app.slack.setHandler('files.getUploadURLExternal', () => undefined);
      await command(`export feedback ${PHASE}`, ADMIN);
      const responses = await app.slack.waitForResponses(2);
      expect((responses[1]!.body as { text: string }).text).toContain(
        'Het versturen van de export lukte niet',
      );
    });
  },
);
