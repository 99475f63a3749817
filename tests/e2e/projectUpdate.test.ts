import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { setLibraryOf } from '../../src/db/peopleRepository.js';
import { loadProgramme } from '../../src/db/programmeRepository.js';
import { bumpProgrammeVersion } from '../../src/db/projectRepository.js';
import { projects, statusUpdates, userLibraries } from '../../src/db/schema.js';
import { findLimitViolations } from '../support/blockLimits.js';
import { describeOnBothDatabases } from '../support/databases.js';
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
  postToSlackEndpoint,
  slashCommandBody,
  viewSubmissionBody,
} from '../support/slackRequests.js';
import { metadataOpenedFor, openedMetadata } from '../support/views.js';

const ADMIN = 'UADMIN';
/** Speaks for AVV, a partner of Effectmeting. */
const PARTNER = 'UAVV';
/** Speaks for UTR, which has no part in Effectmeting. */
const OUTSIDER = 'UUTR';
const PROJECT = 'effectmeting';
const METADATA = JSON.stringify({ slug: PROJECT });
/** Monday 18 September 2017, in the programme's feedback phase: the app's clock. */
const TODAY = new Date('2017-09-18T10:00:00Z');

interface Answers {
  status?: string;
  note?: string;
  milestone?: string;
}

/** The update form's state exactly as Slack sends it on submit: block_id → action_id → value. */
function formState(answers: Answers) {
  return {
    status: {
      value: {
        type: 'static_select',
        selected_option: answers.status
          ? { value: answers.status, text: { type: 'plain_text', text: answers.status } }
          : null,
      },
    },
    note: { value: { type: 'plain_text_input', value: answers.note ?? null } },
    milestone: { value: { type: 'datepicker', selected_date: answers.milestone ?? null } },
  };
}

interface ViewAck {
  response_action: string;
  errors?: Record<string, string>;
  view?: { callback_id: string; blocks: unknown[] };
}

describeOnBothDatabases('/project update: a project update in a modal', (database) => {
  let app: KoersUnderTest;

  beforeAll(async () => {
    app = await startKoersUnderTest(database(), { now: () => TODAY, config: { ADMIN_USER_IDS: [ADMIN] } });
    app.slack.setUserLocale('UEN', 'en-US');
  });
  afterAll(async () => {
    if (app) expectEverySlackPayloadValid(app.slack);
    await app?.stop();
  });
  beforeEach(async () => {
    const db = database().handle.db;
    app.slack.clearHandlers();
    await db.delete(statusUpdates).where(eq(statusUpdates.source, 'slack'));
    await db.update(projects).set({ linkedChannelId: null });
    await db.delete(userLibraries);
    await importExample(database());
    await bumpProgrammeVersion(db, new Date());
    await setLibraryOf(db, PARTNER, 'AVV', 'test', new Date());
    await setLibraryOf(db, OUTSIDER, 'UTR', 'test', new Date());
    await setLibraryOf(db, 'UEN', 'HGH', 'test', new Date());
  });

  async function command(text: string, userId: string, channelId = 'C1') {
    const body = slashCommandBody({ text, userId, channelId, responseUrl: app.slack.respondUrl() });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    return response;
  }

  async function submit(userId: string, answers: Answers, privateMetadata = METADATA): Promise<ViewAck> {
    const body = viewSubmissionBody({
      callbackId: 'project_update',
      userId,
      privateMetadata: openedMetadata('project_update', userId, privateMetadata),
      values: formState(answers) as never,
    });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    return response.json as ViewAck;
  }

  const slackUpdates = () =>
    database().handle.db.select().from(statusUpdates).where(eq(statusUpdates.source, 'slack'));
  const project = async () =>
    (await loadProgramme(database().handle.db))!.projects.find((p) => p.slug === PROJECT)!;
  const linkedChannel = async () =>
    (await database().handle.db.select().from(projects).where(eq(projects.slug, PROJECT)))[0]
      ?.linkedChannelId;

  it('opens the update form for a partner, with the project in private_metadata and its status chosen', async () => {
    const before = app.slack.callsTo('views.open').length;
    const response = await command('bijwerken effect', PARTNER);
    expect(response.text).toBe('');
    const [call] = (await app.slack.waitForCalls('views.open', before + 1)).slice(-1);
    const view = call!.args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { type: string; block_id?: string; optional?: boolean; element?: Record<string, unknown> }[];
    };
    expect(findLimitViolations(view)).toEqual([]);
    expect(view.callback_id).toBe('project_update');
    expect(JSON.parse(metadataOpenedFor(view, PARTNER))).toEqual({ slug: PROJECT });
    expect(visibleText(view)).toContain('Effectmeting');

    const inputs = Object.fromEntries(
      view.blocks.filter((block) => block.type === 'input').map((block) => [block.block_id, block]),
    );
    expect(Object.keys(inputs)).toEqual(['status', 'note', 'milestone']);
    expect(inputs.status?.element).toMatchObject({
      type: 'static_select',
      action_id: 'value',
      initial_option: { value: 'running' },
    });
    expect(inputs.status?.element?.options).toHaveLength(4);
    expect(inputs.note).toMatchObject({
      optional: false,
      element: { type: 'plain_text_input', multiline: true },
    });
    expect(inputs.note?.element?.max_length).toBe(3000);
    expect(inputs.milestone).toMatchObject({ optional: true, element: { type: 'datepicker' } });
  });

  it('opens the update form from an update nudge’s button or menu; a stranger or a gone project gets a notice', async () => {
    const click = async (userId: string, action: { value?: string; selectedValue?: string }) => {
      const before = app.slack.callsTo('views.open').length;
      const actionId = action.value === undefined ? 'nudge_update_choice' : 'nudge_update';
      const body = blockActionBody({ actionId, userId, channelId: `D${userId}`, ...action });
      const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
      expect(response.status).toBe(200);
      const [call] = (await app.slack.waitForCalls('views.open', before + 1)).slice(-1);
      const view = call!.args.view as { callback_id: string; private_metadata: string };
      expect(findLimitViolations(view)).toEqual([]);
      return view;
    };
    const fromButton = await click(PARTNER, { value: PROJECT });
    expect(fromButton.callback_id).toBe('project_update');
    expect(JSON.parse(metadataOpenedFor(fromButton, PARTNER))).toEqual({ slug: PROJECT });
    const fromMenu = await click(PARTNER, { selectedValue: PROJECT });
    expect(JSON.parse(metadataOpenedFor(fromMenu, PARTNER))).toEqual({ slug: PROJECT });

    const refused = await click(OUTSIDER, { value: PROJECT });
    expect(refused.callback_id).not.toBe('project_update');
    expect(visibleText(refused)).toContain('Dat kan alleen namens je eigen bibliotheek.');
    const gone = await click('UEN', { selectedValue: 'bestaat-niet' });
    expect(visibleText(gone)).toContain('This project is no longer in the programme');
  });

  it('lists the candidates when a query matches several projects, and suggests when none does', async () => {
    const before = app.slack.callsTo('views.open').length;
    const several = visibleText((await command('update w', PARTNER)).json);
    expect(several).toContain('Meerdere projecten');
    expect(several).toContain('Werkplek 21e eeuw');
    expect(several).toContain('/project bijwerken');
    const none = visibleText((await command('update efectmeting', PARTNER)).json);
    expect(none).toContain('Geen project gevonden');
    expect(none).toContain('Effectmeting');
    expect(app.slack.callsTo('views.open')).toHaveLength(before);
  });

  it('answers an empty note with an error under that field, in Dutch, and stores nothing', async () => {
    const answer = await submit(PARTNER, { status: 'running', note: '   ' });
    expect(answer).toEqual({ response_action: 'errors', errors: { note: 'Schrijf kort wat er nieuw is.' } });
    const noStatus = await submit(PARTNER, { note: 'Iets', milestone: '2017-02-30' });
    expect(noStatus.errors).toEqual({
      status: 'Kies de status van het project.',
      milestone: 'Kies een geldige dag.',
    });
    const english = await submit('UEN', { status: 'running' });
    expect(english.errors).toEqual({ note: 'Write briefly what is new.' });
    expect(await slackUpdates()).toHaveLength(0);
  });

  it('refuses a next milestone before today under its field, in the user language, and stores nothing', async () => {
    const answer = await submit(PARTNER, {
      status: 'running',
      note: 'Planning bijgesteld.',
      milestone: '2017-01-01',
    });
    expect(answer).toEqual({
      response_action: 'errors',
      errors: { milestone: 'Die dag is al voorbij: kies vandaag of een dag erna voor de volgende mijlpaal.' },
    });
    const english = await submit('UEN', {
      status: 'running',
      note: 'Plan revised.',
      milestone: '2017-09-17',
    });
    expect(english.errors).toEqual({
      milestone: 'That day has passed: choose today or a later day for the next milestone.',
    });
    // Today itself is fine.
    expect(
      (await submit(PARTNER, { status: 'running', note: 'Vandaag.', milestone: '2017-09-18' }))
        .response_action,
    ).toBe('update');
    expect(await slackUpdates()).toHaveLength(1);
  });

  it('appends a valid update to the history, sets the status, confirms it, and /project status shows it', async () => {
    const earlier = (await project()).updates;
    expect(earlier.length).toBeGreaterThan(0);

    const answer = await submit(PARTNER, {
      status: 'paused',
      note: 'Meting uitgesteld tot na de zomer <!channel>.',
      milestone: '2017-12-01',
    });
    expect(answer.response_action).toBe('update');
    expect(findLimitViolations(answer.view)).toEqual([]);
    const confirmation = visibleText(answer.view);
    expect(confirmation).toContain('Je update van *Effectmeting* is opgeslagen');
    expect(confirmation).toContain('Gepauzeerd');
    expect(confirmation).toContain('Meting uitgesteld tot na de zomer &lt;!channel&gt;.');
    expect(confirmation).toContain('1 december 2017');

    const after = await project();
    expect(after.status).toBe('paused');
    expect(after.updates).toHaveLength(earlier.length + 1);
    expect(after.updates[0]).toMatchObject({
      status: 'paused',
      note: 'Meting uitgesteld tot na de zomer <!channel>.',
      author: PARTNER,
      nextMilestone: '2017-12-01',
    });
    expect(after.updates.slice(1)).toEqual(earlier);

    const status = visibleText((await command('status effectmeting', PARTNER)).json);
    expect(status).toContain('Meting uitgesteld tot na de zomer &lt;!channel&gt;.');
    expect(status).toContain('Volgende mijlpaal: 1 december 2017');
    expect(status).toContain('*Status:* Gepauzeerd');
    expect(status).toContain(earlier[0]!.note.slice(0, 20));

    // A second update is added too; the first is kept.
    const second = await submit(PARTNER, { status: 'running', note: 'Toch weer gestart.' });
    expect(second.response_action).toBe('update');
    expect(await slackUpdates()).toHaveLength(2);
    expect((await project()).status).toBe('running');
  });

  it('posts the update in the channel an admin linked the project to', async () => {
    const link = visibleText((await command('koppel effectmeting', ADMIN, 'CPROJECT')).json);
    expect(link).toContain('*Effectmeting* is gekoppeld aan <#CPROJECT>');
    expect(await linkedChannel()).toBe('CPROJECT');

    const before = app.slack.callsTo('chat.postMessage').length;
    const answer = await submit(PARTNER, {
      status: 'running',
      note: 'Eerste meting gedaan.',
      milestone: '2017-11-15',
    });
    expect(answer.response_action).toBe('update');
    expect(visibleText(answer.view)).toContain('<#CPROJECT>');
    const [post] = (await app.slack.waitForCalls('chat.postMessage', before + 1)).slice(-1);
    expect(post!.args.channel).toBe('CPROJECT');
    const text = visibleText(post!.args);
    expect(text).toContain('Update: Effectmeting');
    expect(text).toContain('Eerste meting gedaan.');
    expect(text).toContain('15 november 2017');
    expect(text).toContain(`<@${PARTNER}>`);
  });

  it('keeps a stored update when posting in the linked channel fails', async () => {
    await command('link effectmeting', ADMIN, 'CGONE');
    app.slack.setHandler('chat.postMessage', () => ({ body: { ok: false, error: 'channel_not_found' } }));
    const before = app.slack.callsTo('chat.postMessage').length;
    const answer = await submit(PARTNER, { status: 'running', note: 'Ondanks alles opgeslagen.' });
    expect(answer.response_action).toBe('update');
    await app.slack.waitForCalls('chat.postMessage', before + 1);
    expect(await slackUpdates()).toHaveLength(1);
  });

  it('refuses a member of another library, both on opening and on a forged submission', async () => {
    const before = app.slack.callsTo('views.open').length;
    const open = visibleText((await command('update effectmeting', OUTSIDER)).json);
    expect(open).toContain('Dat kan alleen namens je eigen bibliotheek.');
    const stranger = visibleText((await command('update effectmeting', 'USTRANGER')).json);
    expect(stranger).toContain('/project ik-ben');
    expect(app.slack.callsTo('views.open')).toHaveLength(before);

    const forged = await submit(OUTSIDER, { status: 'completed', note: 'Afgerond, zeg ik.' });
    expect(forged).toEqual({
      response_action: 'errors',
      errors: { note: 'Dat kan alleen namens je eigen bibliotheek.' },
    });
    expect(await slackUpdates()).toHaveLength(0);
    expect((await project()).status).toBe('running');

    // An admin may update any project.
    expect((await submit(ADMIN, { status: 'running', note: 'Door de beheerder.' })).response_action).toBe(
      'update',
    );
  });

  it.each([
    ['an unknown project', JSON.stringify({ slug: 'bestaat-niet' })],
    ['junk', '{"slug": '],
    ['the wrong shape', JSON.stringify({ slug: 42 })],
    ['nothing', ''],
  ])('refuses a form whose private_metadata names %s, writing nothing', async (_what, metadata) => {
    const answer = await submit(PARTNER, { status: 'completed', note: 'Vervalst.' }, metadata);
    expect(answer.response_action).toBe('update');
    expect(findLimitViolations(answer.view)).toEqual([]);
    expect(visibleText(answer.view)).toContain('Dit formulier hoort niet (meer) bij een project');
    expect(await slackUpdates()).toHaveLength(0);
  });

  it('joins a public channel it links a project to, and asks to be invited into a private one', async () => {
    app.slack.setHandler('conversations.info', (args) => ({
      body: { ok: true, channel: { id: String(args.channel), is_private: false, is_member: false } },
    }));
    await command('koppel effectmeting', ADMIN, 'CPUBLIC');
    expect(app.slack.callsTo('conversations.join').map((call) => call.args.channel)).toContain('CPUBLIC');
    expect(await linkedChannel()).toBe('CPUBLIC');

    app.slack.setHandler('conversations.info', () => ({ body: { ok: false, error: 'channel_not_found' } }));
    const refused = visibleText((await command('koppel effectmeting', ADMIN, 'GPRIVATE')).json);
    expect(refused).toContain('/invite @Koers');
    expect(await linkedChannel()).toBe('CPUBLIC');
  });

  it('asks which project when a link names several, says so when it names none, and links nothing', async () => {
    const joinsBefore = app.slack.callsTo('conversations.join').length;
    const several = visibleText((await command('koppel w', ADMIN, 'CPROJECT')).json);
    expect(several).toContain('Meerdere projecten');
    expect(several).toContain('/project koppel');
    const none = visibleText((await command('koppel efectmeting', ADMIN, 'CPROJECT')).json);
    expect(none).toContain('Geen project gevonden');
    expect(none).toContain('Effectmeting');
    const empty = visibleText((await command('koppel', ADMIN, 'CPROJECT')).json);
    expect(empty).toContain('/project koppel');
    expect(await linkedChannel()).toBeNull();
    expect(app.slack.callsTo('conversations.join')).toHaveLength(joinsBefore);
  });

  it('lets only admins link a project to a channel', async () => {
    const refused = visibleText((await command('koppel effectmeting', PARTNER, 'CPROJECT')).json);
    expect(refused).toContain('Dat mogen alleen de beheerders');
    expect(await linkedChannel()).toBeNull();

    const inDm = visibleText((await command('koppel effectmeting', ADMIN, 'D0DIRECT')).json);
    expect(inDm).toContain('niet in een privébericht');
    expect(await linkedChannel()).toBeNull();
  });
});
