import { beforeAll, expect, it } from 'vitest';
import {
  addFeedback,
  type FeedbackSubmission,
  feedbackForExport,
  feedbackHistory,
  latestFeedback,
} from '../../src/db/feedbackRepository.js';
import { importProgramme, loadProgramme } from '../../src/db/programmeRepository.js';
import { ProgrammeStore } from '../../src/db/programmeStore.js';
import { feedbackExportRows } from '../../src/domain/feedbackExport.js';
import { showHome } from '../../src/usecases/showHome.js';
import { countingStatements, describeOnBothDatabases } from '../support/databases.js';
import { importExample } from '../support/koersUnderTest.js';

const PHASE = 'feedback-visie';
/** 20 September 2017: the feedback phase on the draft vision is open. */
const DURING_FEEDBACK = new Date('2017-09-20T10:00:00Z');

const submission = (overrides: Partial<FeedbackSubmission>): FeedbackSubmission => ({
  phaseId: PHASE,
  libraryCode: 'AVV',
  userId: 'UAVV1',
  judgement: 'agree',
  remarks: '',
  priorities: [],
  mayContact: false,
  late: false,
  ...overrides,
});

describeOnBothDatabases('the feedback export reads the submissions that count', (database) => {
  beforeAll(async () => {
    const db = database().handle.db;
    await importExample(database());
    // UAVV1 answers twice; only the second counts, as version 2.
    await addFeedback(db, submission({ remarks: 'Eerste versie', judgement: 'disagree' }), new Date());
    // Another phase: neither exported nor counted as a version of UAVV1's feedback on PHASE.
    await addFeedback(db, submission({ phaseId: 'ander-feedbackmoment', remarks: 'Elders' }), new Date());
    await addFeedback(db, submission({ libraryCode: 'HGH', userId: 'UHGH', remarks: 'Houten' }), new Date());
    await addFeedback(
      db,
      submission({
        judgement: 'agree_with_remarks',
        remarks: 'Tweede versie, met "aanhalingstekens"',
        priorities: ['effectmeting', 'nieuwe-zoekinterface'],
        mayContact: true,
        late: true,
      }),
      new Date(),
    );
    await addFeedback(db, submission({ userId: 'UAVV2', remarks: 'Collega van AVV' }), new Date());
  });

  it('holds exactly the newest submission per user, with its version number', async () => {
    const db = database().handle.db;
    const exported = await feedbackForExport(db, PHASE);
    expect(exported.map((row) => [row.libraryCode, row.userId, row.version, row.remarks])).toEqual([
      ['AVV', 'UAVV1', 2, 'Tweede versie, met "aanhalingstekens"'],
      ['AVV', 'UAVV2', 1, 'Collega van AVV'],
      ['HGH', 'UHGH', 1, 'Houten'],
    ]);
    const first = exported[0]!;
    expect(first.createdAt).toBeInstanceOf(Date);
    expect(first.priorities).toEqual(['effectmeting', 'nieuwe-zoekinterface']);
    expect(first).toMatchObject({ judgement: 'agree_with_remarks', mayContact: true, late: true });
  });

  it('agrees with latestFeedback on which submission counts, and with the history on the version', async () => {
    const db = database().handle.db;
    const exported = await feedbackForExport(db, PHASE);
    const latest = await latestFeedback(db, PHASE);
    expect(exported.map((row) => row.id).sort()).toEqual(latest.map((row) => row.id).sort());
    for (const row of exported) {
      const history = await feedbackHistory(db, PHASE, row.userId);
      expect(row.version).toBe(history.length);
      expect(row.id).toBe(history.at(-1)!.id);
    }
  });

  it('gives the export rows library names from the programme, ordered by library and user', async () => {
    const db = database().handle.db;
    const programme = await loadProgramme(db, { updatesPerProject: 0 });
    const names = new Map(programme!.libraries.map((library) => [library.code, library.name]));
    const userNames = new Map([['UAVV1', 'Anna van Vliet']]);
    const rows = feedbackExportRows(await feedbackForExport(db, PHASE), names, userNames);
    expect(
      rows.map((row) => [row.library_code, row.library_name, row.user_id, row.user_name, row.version]),
    ).toEqual([
      ['AVV', 'Bibliotheek Angstel, Vecht en Venen', 'UAVV1', 'Anna van Vliet', 2],
      ['AVV', 'Bibliotheek Angstel, Vecht en Venen', 'UAVV2', '', 1],
      ['HGH', names.get('HGH'), 'UHGH', '', 1],
    ]);
    expect(rows[0]).toMatchObject({
      phase_id: PHASE,
      judgement: 'agree_with_remarks',
      priorities: 'effectmeting; nieuwe-zoekinterface',
      may_contact: 'yes',
      late: 'yes',
    });
    expect(rows[0]!.submitted_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('is empty for a phase nobody answered', async () => {
    expect(await feedbackForExport(database().handle.db, 'concept-visie')).toEqual([]);
  });

  it('reads which libraries and which user answered each open phase in as many statements for 20 phases as for 1', async () => {
    const db = database().handle.db;
    /** An admin's Home (every section), its statements counted. */
    const homeOf = async (userId: string) => {
      const counted = countingStatements(database());
      const context = {
        db: counted.db,
        programmes: new ProgrammeStore(counted.db),
        actorFor: async () => ({ userId, isAdmin: true, libraryCode: 'AVV' }),
        adminIds: async () => [userId],
        configuredAdminIds: [userId],
        now: () => DURING_FEEDBACK,
      };
      const home = await showHome(context, userId);
      return { home, statements: counted.statements() };
    };

    const withOnePhase = await homeOf('UAVV1');
    expect([...withOnePhase.home.viewer.answeredBy.keys()]).toEqual([PHASE]);

    const programme = (await loadProgramme(db))!;
    const visie = programme.phases.find((phase) => phase.id === PHASE)!;
    const more = Array.from({ length: 19 }, (_, index) => ({
      ...visie,
      id: `feedback-extra-${index + 1}`,
      title: `Extra feedback ${index + 1}`,
    }));
    await importProgramme(db, { ...programme, phases: [...programme.phases, ...more] }, { now: new Date() });
    await addFeedback(
      db,
      submission({ phaseId: 'feedback-extra-7', userId: 'UHGH', libraryCode: 'HGH' }),
      new Date(),
    );
    await addFeedback(db, submission({ phaseId: 'feedback-extra-7' }), new Date());
    const withTwenty = await homeOf('UAVV1');

    const { answeredBy, answeredByMe } = withTwenty.home.viewer;
    expect(answeredBy.size).toBe(20);
    expect(answeredBy.get(PHASE)).toEqual(new Set(['AVV', 'HGH']));
    expect(answeredBy.get('feedback-extra-7')).toEqual(new Set(['AVV', 'HGH']));
    expect(answeredBy.get('feedback-extra-8')).toEqual(new Set());
    expect(answeredByMe).toEqual(new Set([PHASE, 'feedback-extra-7']));
    expect(withTwenty.statements).toBe(withOnePhase.statements);
  });
});
