import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { feedbackHistory, latestFeedback } from '../../src/db/feedbackRepository.js';
import { setLibraryOf } from '../../src/db/peopleRepository.js';
import { importProgramme, loadProgramme } from '../../src/db/programmeRepository.js';
import { feedbackResponses, userLibraries } from '../../src/db/schema.js';
import { findLimitViolations } from '../support/blockLimits.js';
import { describeOnBothDatabases } from '../support/databases.js';
import { type FeedbackAnswers, feedbackFormState } from '../support/feedbackForm.js';
import {
  importExample,
  type KoersUnderTest,
  SIGNING_SECRET,
  startKoersUnderTest,
} from '../support/koersUnderTest.js';
import { visibleText } from '../support/messageText.js';
import { expectEverySlackPayloadValid } from '../support/payloads.js';
import {
  blockActionBody,
  eventBody,
  postToSlackEndpoint,
  slashCommandBody,
  viewSubmissionBody,
} from '../support/slackRequests.js';
import { metadataOpenedFor, openedMetadata } from '../support/views.js';

const PHASE = 'feedback-visie';
/** Wednesday 20 September 2017: the draft vision is out, feedback is due Friday 29 September. */
const DURING = new Date('2017-09-20T10:00:00Z');
/** Monday 2 October 2017: after the deadline. */
const AFTER = new Date('2017-10-02T10:00:00Z');

describeOnBothDatabases('feedback on the plan, in a modal', (database) => {
  let app: KoersUnderTest;
  let clock = DURING;

  beforeAll(async () => {
    app = await startKoersUnderTest(database(), { now: () => clock, config: { ADMIN_USER_IDS: ['UADMIN'] } });
  });
  afterAll(async () => {
    if (app) expectEverySlackPayloadValid(app.slack);
    await app?.stop();
  });
  beforeEach(async () => {
    const db = database().handle.db;
    clock = DURING;
    await db.delete(feedbackResponses);
    await db.delete(userLibraries);
    await importExample(database());
    await setLibraryOf(db, 'UAVV', 'AVV', 'test', new Date());
    await setLibraryOf(db, 'UUTR', 'UTR', 'test', new Date());
  });

  async function command(text: string, userId: string) {
    const body = slashCommandBody({ text, userId, responseUrl: app.slack.respondUrl() });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    return response;
  }

  async function submit(
    userId: string,
    answers: FeedbackAnswers,
    privateMetadata = JSON.stringify({ phaseId: PHASE }),
  ) {
    const body = viewSubmissionBody({
      callbackId: 'feedback',
      userId,
      privateMetadata: openedMetadata('feedback', userId, privateMetadata),
      values: feedbackFormState(answers) as never,
    });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    return response.json as { response_action: string; errors?: Record<string, string>; view?: unknown };
  }

  const stored = () => database().handle.db.select().from(feedbackResponses);

  it('opens the form from /project feedback, with the phase in private_metadata and the library chosen', async () => {
    const before = app.slack.callsTo('views.open').length;
    await command('feedback', 'UAVV');
    const [call] = (await app.slack.waitForCalls('views.open', before + 1)).slice(-1);
    const view = call!.args.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(findLimitViolations(view)).toEqual([]);
    expect(view.callback_id).toBe('feedback');
    expect(JSON.parse(metadataOpenedFor(view, 'UAVV'))).toEqual({ phaseId: PHASE });
    expect(JSON.stringify(view.blocks)).toContain(
      '"initial_option":{"text":{"type":"plain_text","text":"Bibliotheek Angstel, Vecht en Venen"',
    );
    expect(visibleText(view)).toContain('Graag uiterlijk 29 september 2017');
  });

  it('opens the form from the App Home button', async () => {
    const before = app.slack.callsTo('views.open').length;
    const body = blockActionBody({
      actionId: 'home_feedback',
      value: PHASE,
      userId: 'UAVV',
      view: { id: 'VHOME', type: 'home' } as never,
    });
    expect((await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET })).status).toBe(
      200,
    );
    const [call] = (await app.slack.waitForCalls('views.open', before + 1)).slice(-1);
    const view = call!.args.view as { callback_id: string; private_metadata: string };
    expect(JSON.parse(metadataOpenedFor(view, 'UAVV'))).toEqual({ phaseId: PHASE });
  });

  it('says in the modal when a Home button names a phase that takes no feedback, rather than nothing', async () => {
    const before = app.slack.callsTo('views.open').length;
    const body = blockActionBody({
      actionId: 'home_feedback',
      value: 'geen-fase-van-dit-programma',
      userId: 'UAVV',
      view: { id: 'VHOME', type: 'home' } as never,
    });
    expect((await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET })).status).toBe(
      200,
    );
    const [call] = (await app.slack.waitForCalls('views.open', before + 1)).slice(-1);
    expect(visibleText(call!.args.view)).toContain('Er is geen feedbackfase gevonden');
  });

  it('answers an invalid submission with an error per field, in Dutch, and stores nothing', async () => {
    const answer = await submit('UAVV', { judgement: 'disagree' });
    expect(answer.response_action).toBe('errors');
    expect(answer.errors).toEqual({
      library: 'Kies de bibliotheek waarvoor je spreekt.',
      remarks: 'Licht je oordeel toe: wat moet er anders?',
    });
    expect(await stored()).toHaveLength(0);
  });

  it('reads each field on its own: one input of the wrong shape does not hide the others', async () => {
    const values = {
      ...feedbackFormState({ library: 'AVV', judgement: 'disagree', remarks: 'Anders, graag.' }),
      // Not what a radio button sends: read as no choice, while library and remarks still count.
      judgement: { value: { type: 'radio_buttons', selected_option: { value: 42 } } },
    };
    const body = viewSubmissionBody({
      callbackId: 'feedback',
      userId: 'UAVV',
      privateMetadata: openedMetadata('feedback', 'UAVV', JSON.stringify({ phaseId: PHASE })),
      values: values as never,
    });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.json).toEqual({
      response_action: 'errors',
      errors: { judgement: 'Kies je oordeel.' },
    });
    expect(await stored()).toHaveLength(0);
  });

  it('answers field errors in English for an English user', async () => {
    app.slack.setUserLocale('UEN', 'en-US');
    const answer = await submit('UEN', { library: 'AVV' });
    expect(answer.errors?.judgement).toBe('Choose your view.');
  });

  it('stores a valid submission and confirms it with a summary', async () => {
    const answer = await submit('UAVV', {
      library: 'AVV',
      judgement: 'agree_with_remarks',
      remarks: 'Meer aandacht voor "digitale inclusie", graag.',
      priorities: ['privacy-en-security', 'effectmeting'],
      contact: true,
    });
    expect(answer.response_action).toBe('update');
    expect(findLimitViolations(answer.view)).toEqual([]);
    const text = visibleText(answer.view);
    expect(text).toContain('Je feedback namens *Bibliotheek Angstel, Vecht en Venen*');
    expect(text).toContain('Eens, met opmerkingen');
    expect(text).toContain('Privacy &amp; Security');
    const [row] = await stored();
    expect(row).toMatchObject({
      phaseId: PHASE,
      libraryCode: 'AVV',
      judgement: 'agree_with_remarks',
      mayContact: true,
      late: false,
    });
    expect(row?.priorities).toEqual(['privacy-en-security', 'effectmeting']);
  });

  it('keeps every version of a resubmission; the newest counts', async () => {
    await submit('UAVV', { library: 'AVV', judgement: 'agree' });
    const second = await submit('UAVV', { library: 'AVV', judgement: 'disagree', remarks: 'Toch niet.' });
    expect(visibleText(second.view)).toContain('versie 2');
    const db = database().handle.db;
    expect(await feedbackHistory(db, PHASE, 'UAVV')).toHaveLength(2);
    const latest = await latestFeedback(db, PHASE);
    expect(latest).toHaveLength(1);
    expect(latest[0]?.judgement).toBe('disagree');
  });

  it('accepts a submission after the deadline marked late, when the phase accepts late feedback', async () => {
    clock = AFTER;
    const answer = await submit('UAVV', { library: 'AVV', judgement: 'agree' });
    expect(visibleText(answer.view)).toContain('als te laat gemarkeerd');
    expect((await stored())[0]?.late).toBe(true);
  });

  it('refuses a submission after the deadline when the phase refuses late feedback, and says so on opening', async () => {
    const db = database().handle.db;
    const programme = (await loadProgramme(db))!;
    programme.phases.find((phase) => phase.id === PHASE)!.late = 'refuse';
    await importProgramme(db, programme, { now: new Date() });
    clock = AFTER;

    const before = app.slack.callsTo('views.open').length;
    await command(`feedback ${PHASE}`, 'UAVV');
    const [call] = (await app.slack.waitForCalls('views.open', before + 1)).slice(-1);
    const view = call!.args.view as { submit?: unknown };
    expect(view.submit).toBeUndefined();
    expect(visibleText(view)).toContain('is gesloten sinds 29 september 2017');

    const answer = await submit('UAVV', { library: 'AVV', judgement: 'agree' });
    expect(answer.response_action).toBe('errors');
    expect(await stored()).toHaveLength(0);
  });

  it.each([
    ['a phase that is not a feedback phase', JSON.stringify({ phaseId: 'deadline-aanvraag' })],
    ['an unknown phase', JSON.stringify({ phaseId: 'no-such-phase' })],
    ['junk', '{"phaseId": '],
    ['nothing', ''],
  ])('refuses a form whose private_metadata names %s, writing nothing', async (_what, metadata) => {
    const answer = await submit('UAVV', { library: 'AVV', judgement: 'agree' }, metadata);
    expect(answer.response_action).toBe('update');
    expect(visibleText(answer.view)).toContain('hoort niet (meer) bij een feedbackfase');
    expect(await stored()).toHaveLength(0);
  });

  it("refuses feedback for another library's name, and from someone who has not said which library", async () => {
    const other = await submit('UUTR', { library: 'AVV', judgement: 'agree' });
    expect(other.errors).toEqual({ library: 'Dat kan alleen namens je eigen bibliotheek.' });
    const stranger = await submit('USTRANGER', { library: 'AVV', judgement: 'agree' });
    expect(stranger.errors?.library).toContain('/project ik-ben');
    const admin = await submit('UADMIN', { library: 'HGH', judgement: 'agree' });
    expect(admin.response_action).toBe('update');
    expect((await stored()).map((row) => row.libraryCode)).toEqual(['HGH']);
  });

  it('stores twenty submissions sent at once by twenty users, losing none', async () => {
    const db = database().handle.db;
    const users = Array.from({ length: 20 }, (_, i) => `UMANY${i}`);
    for (const user of users) await setLibraryOf(db, user, 'EEM', 'test', new Date());
    const answers = await Promise.all(
      users.map((user, i) =>
        submit(user, { library: 'EEM', judgement: 'agree_with_remarks', remarks: `Opmerking ${i}` }),
      ),
    );
    expect(answers.every((answer) => answer.response_action === 'update')).toBe(true);
    const rows = await stored();
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((row) => row.remarks)).size).toBe(20);
  });

  it('lets a user say once which library they speak for; an admin can set anyone', async () => {
    const first = await command('ik-ben groene hart', 'UNEW');
    expect(visibleText(first.json)).toContain('Je spreekt nu namens *Bibliotheek Het Groene Hart*');
    const again = await command('ik-ben avv', 'UNEW');
    expect(visibleText(again.json)).toContain('al gekozen');
    const byAdmin = await command('iam avv <@UNEW|nieuw>', 'UADMIN');
    expect(visibleText(byAdmin.json)).toContain('<@UNEW> spreekt nu namens');
    const answer = await submit('UNEW', { library: 'AVV', judgement: 'agree' });
    expect(answer.response_action).toBe('update');
  });

  it('shows an admin on the App Home which libraries answered the open feedback phase', async () => {
    await submit('UAVV', { library: 'AVV', judgement: 'agree' });
    const forAdmin = () =>
      app.slack.callsTo('views.publish').filter((call) => call.args.user_id === 'UADMIN');
    const before = forAdmin().length;
    const event = {
      type: 'app_home_opened',
      user: 'UADMIN',
      channel: 'DADMIN',
      tab: 'home',
      event_ts: '1505900000.000100',
    };
    await postToSlackEndpoint(app.baseUrl, eventBody({ event }), { signingSecret: SIGNING_SECRET });
    while (forAdmin().length === before) await new Promise((resolve) => setTimeout(resolve, 20));
    const published = forAdmin().at(-1)!;
    const text = visibleText(published.args.view);
    expect(text).toContain('1 van de 7 bibliotheken heeft gereageerd');
    expect(text).toContain('✓ Bibliotheek Angstel, Vecht en Venen');
  });
});
