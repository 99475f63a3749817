import { PassThrough } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { addFeedback } from '../../src/db/feedbackRepository.js';
import { setLibraryOf } from '../../src/db/peopleRepository.js';
import { importProgramme, loadProgramme } from '../../src/db/programmeRepository.js';
import { bumpProgrammeVersion } from '../../src/db/projectRepository.js';
import { feedbackResponses, ideas, statusUpdates, userLibraries } from '../../src/db/schema.js';
import { createLogger } from '../../src/logger.js';
import { describeOnBothDatabases } from '../support/databases.js';
import {
  importExample,
  type KoersUnderTest,
  SIGNING_SECRET,
  startKoersUnderTest,
} from '../support/koersUnderTest.js';
import { visibleText } from '../support/messageText.js';
import { postToSlackEndpoint, slashCommandBody, viewSubmissionBody } from '../support/slackRequests.js';
import { openedMetadata } from '../support/views.js';

/** A NUL, as a paste from a PDF or a binary file can carry: PostgreSQL refuses it in text. */
const NUL = '\u0000';
/** Right-to-left override: reverses the text after it, up to the end of the line. */
const RLO = '\u202E';
const input = (value: string) => ({ value: { type: 'plain_text_input', value } });
const select = (value: string) => ({
  value: { type: 'static_select', selected_option: { value, text: { type: 'plain_text', text: value } } },
});

interface ViewAck {
  response_action: string;
  errors?: Record<string, string>;
  view?: unknown;
}

describeOnBothDatabases('text with control characters, in every form and command', (database) => {
  let app: KoersUnderTest;
  const logged: string[] = [];

  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => logged.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    app = await startKoersUnderTest(database(), {
      now: () => new Date('2017-09-20T10:00:00Z'),
      config: { ADMIN_USER_IDS: ['UADMIN'] },
      logger: createLogger('info', stream),
    });
  });
  afterAll(async () => {
    await app?.stop();
  });
  beforeEach(async () => {
    const db = database().handle.db;
    await db.delete(feedbackResponses);
    await db.delete(statusUpdates).where(eq(statusUpdates.source, 'slack'));
    await db.delete(ideas);
    await db.delete(userLibraries);
    await importExample(database());
    await bumpProgrammeVersion(db, new Date());
    await setLibraryOf(db, 'UAVV', 'AVV', 'test', new Date());
    logged.length = 0;
  });

  async function submit(callbackId: string, values: object, privateMetadata = ''): Promise<ViewAck> {
    const body = viewSubmissionBody({
      callbackId,
      userId: 'UAVV',
      privateMetadata: openedMetadata(callbackId, 'UAVV', privateMetadata),
      values: values as never,
    });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    return response.json as ViewAck;
  }

  const errorLines = () => logged.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);

  it('stores feedback remarks holding a NUL, without it, and confirms them', async () => {
    const answer = await submit(
      'feedback',
      {
        library: select('AVV'),
        judgement: { value: { type: 'radio_buttons', selected_option: { value: 'disagree' } } },
        remarks: input(`Geheime opmerking${NUL} uit een pdf`),
      },
      JSON.stringify({ phaseId: 'feedback-visie' }),
    );
    expect(answer.response_action).toBe('update');
    expect(visibleText(answer.view)).toContain('Geheime opmerking uit een pdf');
    const rows = await database().handle.db.select().from(feedbackResponses);
    expect(rows.map((row) => row.remarks)).toEqual(['Geheime opmerking uit een pdf']);
    expect(errorLines()).toEqual([]);
  });

  it("stores a project update's note holding a NUL, without it", async () => {
    const answer = await submit(
      'project_update',
      { status: select('running'), note: input(`Voortgang${NUL}\u0007 gemeld`) },
      JSON.stringify({ slug: 'effectmeting' }),
    );
    expect(answer.response_action).toBe('update');
    const rows = await database()
      .handle.db.select()
      .from(statusUpdates)
      .where(eq(statusUpdates.source, 'slack'));
    expect(rows.map((row) => row.note)).toEqual(['Voortgang gemeld']);
  });

  it('stores an idea whose title, description and theme hold NULs, without them', async () => {
    const answer = await submit('idea', {
      title: input(`Bibliotheek${NUL} aan huis`),
      description: input(`Boeken${NUL} bezorgen`),
      theme: input(`Inclusie${NUL}`),
      libraries: { value: { type: 'multi_static_select', selected_options: [] } },
    });
    expect(answer.response_action).toBe('update');
    const [idea] = await database().handle.db.select().from(ideas);
    expect(idea).toMatchObject({
      title: 'Bibliotheek aan huis',
      description: 'Boeken bezorgen',
      theme: 'Inclusie',
    });
  });

  it('refuses a milestone in 1900 or 9999 with a field error, and takes one next spring', async () => {
    const update = (milestone: string) =>
      submit(
        'project_update',
        {
          status: select('running'),
          note: input('Voortgang gemeld'),
          milestone: { value: { type: 'datepicker', selected_date: milestone } },
        },
        JSON.stringify({ slug: 'effectmeting' }),
      );
    // A day long past is refused as past; one too far ahead as out of the ten-year window.
    const past = {
      milestone: 'Die dag is al voorbij: kies vandaag of een dag erna voor de volgende mijlpaal.',
    };
    const tooFar = { milestone: 'Kies een dag die hoogstens tien jaar van vandaag ligt.' };
    for (const [absurd, error] of [
      ['1900-01-01', past],
      ['2007-09-19', past],
      ['9999-12-31', tooFar],
      ['2027-09-21', tooFar],
    ] as const) {
      const answer = await update(absurd);
      expect(answer.response_action, absurd).toBe('errors');
      expect(answer.errors, absurd).toEqual(error);
    }
    const rows = () =>
      database().handle.db.select().from(statusUpdates).where(eq(statusUpdates.source, 'slack'));
    expect(await rows()).toHaveLength(0);
    expect((await update('2018-03-01')).response_action).toBe('update');
    expect((await rows()).map((row) => row.nextMilestone)).toEqual(['2018-03-01']);
  });

  it('refuses a form Koers never opened for this user, and stores nothing', async () => {
    const feedback = JSON.stringify({ phaseId: 'feedback-visie' });
    const values = {
      library: select('AVV'),
      judgement: { value: { type: 'radio_buttons', selected_option: { value: 'agree' } } },
    };
    for (const [what, privateMetadata] of [
      ['no seal at all', feedback],
      ["another user's form", openedMetadata('feedback', 'UUTR', feedback)],
      ['the seal of another form', openedMetadata('idea', 'UAVV', feedback)],
      ['a seal changed by one character', `x${openedMetadata('feedback', 'UAVV', feedback).slice(1)}`],
    ] as const) {
      const body = viewSubmissionBody({
        callbackId: 'feedback',
        userId: 'UAVV',
        viewId: 'VNEVEROPENED',
        privateMetadata,
        values: values as never,
      });
      const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
      expect(response.status).toBe(200);
      const answer = response.json as ViewAck;
      expect(answer.response_action, what).toBe('update');
      expect(visibleText(answer.view)).toContain('Dit formulier is niet door Koers voor jou geopend');
    }
    expect(await database().handle.db.select().from(feedbackResponses)).toHaveLength(0);
    // The same answers in the form Koers opened are stored.
    expect((await submit('feedback', values, feedback)).response_action).toBe('update');
  });

  it('answers a command holding a NUL as the same command without it', async () => {
    const responseUrl = app.slack.respondUrl();
    const body = slashCommandBody({ text: `status effect${NUL}meting`, userId: 'UAVV', responseUrl });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    expect(visibleText(response.json)).toContain('Effectmeting');
    expect(errorLines()).toEqual([]);
  });

  it('writes a project name holding a right-to-left override without it, in every text of the answer', async () => {
    const db = database().handle.db;
    const programme = (await loadProgramme(db))!;
    programme.projects.find((project) => project.slug === 'effectmeting')!.name = `Effect${RLO}meting`;
    await importProgramme(db, programme, { now: new Date() });
    await bumpProgrammeVersion(db, new Date());
    for (const text of ['status effectmeting', 'status', 'partners AVV']) {
      const responseUrl = app.slack.respondUrl();
      const body = slashCommandBody({ text, userId: 'UAVV', responseUrl });
      const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
      expect(response.status).toBe(200);
      const answer = JSON.stringify(response.json);
      expect(answer, text).toContain('Effectmeting');
      expect(answer, text).not.toContain(RLO);
    }
  });

  it("never logs what a user typed when storing fails: a failed query's line keeps the SQL and the reason, not the values", async () => {
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
    const log = createLogger('info', stream);
    // Straight to the database, past the forms' rule, to make a real failed query.
    const error = await addFeedback(
      database().handle.db,
      {
        phaseId: 'feedback-visie',
        libraryCode: 'AVV',
        userId: 'UAVV',
        judgement: 'disagree',
        remarks: `Vertrouwelijk: de directeur${NUL} vertrekt`,
        priorities: [],
        mayContact: false,
        late: false,
      },
      new Date(),
    ).then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(Error);
    log.error({ err: error }, 'storing feedback failed');
    await new Promise((resolve) => setImmediate(resolve));
    const line = lines.join('');
    expect(line).toContain('storing feedback failed');
    expect(line).toContain('Failed query: insert into');
    expect(line).toContain('invalid byte sequence');
    expect(line).not.toContain('Vertrouwelijk');
    expect(line).not.toContain('directeur');
  });
});
