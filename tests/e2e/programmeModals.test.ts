import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, it, onTestFinished } from 'vitest';
import { loadProgramme } from '../../src/db/programmeRepository.js';
import { programmeChangeLog, projects, statusUpdates } from '../../src/db/schema.js';
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
  askProject,
  blockActionBody,
  eventBody,
  postToSlackEndpoint,
  viewSubmissionBody,
} from '../support/slackRequests.js';
import { metadataOpenedFor } from '../support/views.js';

const ADMIN = 'UADMIN';
const OTHER_ADMIN = 'UADMIN2';
const ADMIN_EN = 'UADMINEN';
const MEMBER = 'UMEMBER';
/** 18 September 2017: the programme's feedback phase (15–29 September) is on. */
const TODAY = new Date('2017-09-18T10:00:00Z');

interface OpenedView {
  callback_id: string;
  private_metadata: string;
  blocks: { type: string; block_id?: string; element?: Record<string, unknown> }[];
}

interface ViewAck {
  response_action?: string;
  errors?: Record<string, string>;
  view?: { blocks: unknown[] };
}

type State = Record<string, Record<string, Record<string, unknown>>>;

const text = (value: string | null) => ({ value: { type: 'plain_text_input', value } });
const choice = (value: string | null) => ({
  value: {
    type: 'static_select',
    selected_option: value ? { value, text: { type: 'plain_text', text: value } } : null,
  },
});
const choices = (values: string[]) => ({
  value: {
    type: 'multi_static_select',
    selected_options: values.map((value) => ({ value, text: { type: 'plain_text', text: value } })),
  },
});
const day = (value: string | null) => ({ value: { type: 'datepicker', selected_date: value } });
const users = (values: string[]) => ({ value: { type: 'multi_users_select', selected_users: values } });

/** The phase form's state as Slack sends it, from what the opened modal was prefilled with. */
function stateFromView(view: OpenedView, changes: Record<string, unknown> = {}): State {
  const state: State = {};
  for (const block of view.blocks) {
    if (block.type !== 'input' || !block.block_id) continue;
    const element = block.element ?? {};
    const id = block.block_id;
    const changed = id in changes ? changes[id] : undefined;
    switch (element.type) {
      case 'datepicker':
        state[id] = day(
          (changed as string | undefined) ?? (element.initial_date as string | undefined) ?? null,
        );
        break;
      case 'static_select':
        state[id] = choice(
          (changed as string | undefined) ??
            (element.initial_option as { value: string } | undefined)?.value ??
            null,
        );
        break;
      case 'multi_static_select':
        state[id] = choices(
          (changed as string[] | undefined) ??
            ((element.initial_options as { value: string }[] | undefined) ?? []).map((o) => o.value),
        );
        break;
      case 'multi_users_select':
        state[id] = users(
          (changed as string[] | undefined) ?? (element.initial_users as string[] | undefined) ?? [],
        );
        break;
      default:
        state[id] = text(
          (changed as string | undefined) ?? (element.initial_value as string | undefined) ?? null,
        );
    }
  }
  return state;
}

describeOnBothDatabases('the programme kept from Slack: the admin section and its modals', (database) => {
  let app: KoersUnderTest;

  beforeAll(async () => {
    app = await startKoersUnderTest(database(), {
      now: () => TODAY,
      config: { ADMIN_USER_IDS: [ADMIN, OTHER_ADMIN, ADMIN_EN] },
    });
    app.slack.setUserLocale(ADMIN_EN, 'en-US');
  });
  afterAll(async () => {
    if (app) expectEverySlackPayloadValid(app.slack);
    await app?.stop();
  });
  beforeEach(async () => {
    app.slack.reset();
    await importExample(database());
  });

  async function post(body: string) {
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    return response;
  }

  async function openHome(userId: string) {
    const before = app.slack.callsTo('views.publish').length;
    await post(
      eventBody({
        event: {
          type: 'app_home_opened',
          user: userId,
          channel: 'D1',
          tab: 'home',
          event_ts: `${Date.now() / 1000}`,
        },
      }),
    );
    const calls = await app.slack.waitForCalls('views.publish', before + 1);
    return calls.at(-1)!.args.view as { blocks: Record<string, unknown>[] };
  }

  /** A choice in an entry's menu on the Home, and the modal it opens. */
  async function menu(userId: string, value: string): Promise<OpenedView> {
    const before = app.slack.callsTo('views.open').length;
    await post(
      blockActionBody({ actionId: 'admin_entry', userId, selectedValue: value, view: { id: 'VHOME' } }),
    );
    const calls = await app.slack.waitForCalls('views.open', before + 1);
    const view = calls.at(-1)!.args.view as OpenedView;
    expect(findLimitViolations(view)).toEqual([]);
    return view;
  }

  async function submit(
    userId: string,
    view: OpenedView,
    values: State,
    metadata?: string,
  ): Promise<ViewAck> {
    const response = await post(
      viewSubmissionBody({
        callbackId: view.callback_id,
        userId,
        privateMetadata: metadata ?? view.private_metadata,
        values: values as never,
      }),
    );
    return (response.json ?? {}) as ViewAck;
  }

  const stored = async () => (await loadProgramme(database().handle.db))!;

  it('an admin moves a phase from the Home: the form is prefilled, and /project timeline shows the new dates', async () => {
    const home = await openHome(ADMIN);
    expect(findLimitViolations(home)).toEqual([]);
    expect(visibleText(home)).toContain('Programma beheren');
    expect(JSON.stringify(home)).toContain('phase|edit|feedback-visie');

    const view = await menu(ADMIN, 'phase|edit|feedback-visie');
    expect(view.callback_id).toBe('programme_phase');
    const inputs = Object.fromEntries(
      view.blocks.filter((b) => b.block_id).map((b) => [b.block_id, b.element]),
    );
    expect(inputs.title).toMatchObject({ initial_value: 'Feedback op visie retour aan BiSC' });
    expect(inputs.start).toMatchObject({ initial_date: '2017-09-15' });
    expect(inputs.end).toMatchObject({ initial_date: '2017-09-29' });
    expect(inputs.kind).toMatchObject({ initial_option: { value: 'feedback' } });
    expect(JSON.parse(metadataOpenedFor(view, ADMIN))).toMatchObject({
      entity: 'phase',
      key: 'feedback-visie',
    });

    const publishes = app.slack.callsTo('views.publish').length;
    const ack = await submit(ADMIN, view, stateFromView(view, { end: '2017-10-06' }));
    expect(ack.response_action).toBe('clear');
    const phase = (await stored()).phases.find((p) => p.id === 'feedback-visie')!;
    expect([phase.start, phase.end]).toEqual(['2017-09-15', '2017-10-06']);
    // The admin's Home is published again with the change, and names it among the latest changes.
    const republished = (await app.slack.waitForCalls('views.publish', publishes + 1)).at(-1)!.args.view;
    const text = visibleText(republished);
    const changes = text.slice(text.indexOf('Laatste programmawijzigingen'));
    expect(changes).toContain(`<@${ADMIN}> · in Slack`);
    expect(changes).toContain('Feedback op visie retour aan BiSC');

    const timeline = await askProject({ ...app, signingSecret: SIGNING_SECRET }, 'tijdlijn', ADMIN);
    expect(timeline.text).toContain('6 oktober 2017');
    expect(timeline.text).not.toContain('15–29 september 2017');
  });

  it('a start after the end is refused under the end date, in the admin’s language; nothing changes', async () => {
    const view = await menu(ADMIN, 'phase|edit|feedback-visie');
    const ack = await submit(ADMIN, view, stateFromView(view, { start: '2017-10-10', end: '2017-10-01' }));
    expect(ack.response_action).toBe('errors');
    expect(Object.keys(ack.errors ?? {})).toEqual(['end']);
    expect(ack.errors?.end).toMatch(/2017-10-01.*2017-10-10/);

    const english = await menu(ADMIN_EN, 'phase|edit|feedback-visie');
    const inEnglish = await submit(
      ADMIN_EN,
      english,
      stateFromView(english, { start: '2017-10-10', end: '2017-10-01' }),
    );
    expect(inEnglish.errors?.end).toMatch(/before/i);
    expect(inEnglish.errors?.end).not.toBe(ack.errors?.end);
    const phase = (await stored()).phases.find((p) => p.id === 'feedback-visie')!;
    expect([phase.start, phase.end]).toEqual(['2017-09-15', '2017-09-29']);
  });

  it('reminders not written as days are refused under the reminders field', async () => {
    const view = await menu(ADMIN, 'phase|edit|feedback-visie');
    const ack = await submit(ADMIN, view, stateFromView(view, { reminders: 'volgende week' }));
    expect(ack.errors).toEqual({ reminders: expect.stringContaining('14, 7, 1') });
  });

  it('a non-admin sees no admin section, cannot open a form, and a forged submission is refused', async () => {
    const home = await openHome(MEMBER);
    expect(visibleText(home)).not.toContain('Programma beheren');

    const refusedOpen = await menu(MEMBER, 'phase|edit|feedback-visie');
    expect(refusedOpen.callback_id).not.toBe('programme_phase');
    expect(visibleText(refusedOpen)).toMatch(/beheerder/i);

    // A form an admin opened, sealed for the member as if Koers had opened it for them.
    const adminView = await menu(ADMIN, 'phase|edit|feedback-visie');
    const { openedMetadata } = await import('../support/views.js');
    const forged = openedMetadata('programme_phase', MEMBER, metadataOpenedFor(adminView, ADMIN));
    const ack = await submit(MEMBER, adminView, stateFromView(adminView, { end: '2017-12-31' }), forged);
    expect(ack.response_action).toBe('errors');
    expect(Object.values(ack.errors ?? {}).join(' ')).toMatch(/beheerder/i);
    const phase = (await stored()).phases.find((p) => p.id === 'feedback-visie')!;
    expect(phase.end).toBe('2017-09-29');
  });

  it('two admins edit the same project: the second save is refused with what the first changed', async () => {
    const first = await menu(ADMIN, 'project|edit|effectmeting');
    const second = await menu(OTHER_ADMIN, 'project|edit|effectmeting');
    expect(await submit(ADMIN, first, stateFromView(first, { status: 'paused' }))).toMatchObject({
      response_action: 'clear',
    });
    const ack = await submit(OTHER_ADMIN, second, stateFromView(second, { description: 'Mijn versie' }));
    expect(ack.response_action).toBe('update');
    const shown = visibleText(ack.view);
    expect(shown).toContain('door iemand anders gewijzigd sinds je het opende'.replace(/^d/, 'D'));
    expect(shown).toContain('Status:* Gepauzeerd');
    const project = (await stored()).projects.find((p) => p.slug === 'effectmeting')!;
    expect(project.status).toBe('paused');
    expect(project.description).not.toBe('Mijn versie');
  });

  it('a project renamed in its form keeps its partners, history and linked channel', async () => {
    const db = database().handle.db;
    await db.update(projects).set({ linkedChannelId: 'CLINKED' }).where(eq(projects.slug, 'effectmeting'));
    const before = (await stored()).projects.find((p) => p.slug === 'effectmeting')!;
    const view = await menu(ADMIN, 'project|edit|effectmeting');
    const ack = await submit(ADMIN, view, stateFromView(view, { name: 'Effectmeting bibliotheken' }));
    expect(ack.response_action).toBe('clear');
    const after = (await stored()).projects.find((p) => p.slug === 'effectmeting')!;
    expect(after.name).toBe('Effectmeting bibliotheken');
    expect(after.partners).toEqual(before.partners);
    expect(after.updates).toEqual(before.updates);
    const [row] = await db.select().from(projects).where(eq(projects.slug, 'effectmeting'));
    expect(row?.linkedChannelId).toBe('CLINKED');
    const answer = await askProject(
      { ...app, signingSecret: SIGNING_SECRET },
      'status effectmeting bibliotheken',
      ADMIN,
    );
    expect(answer.text).toContain('Effectmeting bibliotheken');
    expect(answer.text).toContain('Innovatiemiddag');
  });

  it('an unknown lead or partner code is refused under its field, by the file’s own rule', async () => {
    const view = await menu(ADMIN, 'project|edit|effectmeting');
    const partner = await submit(ADMIN, view, stateFromView(view, { partners: ['AVV', 'QQQ'] }));
    expect(partner.errors?.partners).toContain('QQQ');
    const unknown = await submit(ADMIN, view, stateFromView(view, { lead: 'XYZ' }));
    expect(unknown.errors?.lead).toContain('XYZ');
  });

  it('adds a library and a project from the Add buttons; a duplicate code is refused under the code', async () => {
    const before = app.slack.callsTo('views.open').length;
    await post(
      blockActionBody({
        actionId: 'admin_add_library',
        userId: ADMIN,
        value: 'library',
        view: { id: 'VHOME' },
      }),
    );
    const view = (await app.slack.waitForCalls('views.open', before + 1)).at(-1)!.args.view as OpenedView;
    expect(view.callback_id).toBe('programme_library');
    const duplicate = await submit(ADMIN, view, {
      code: text('AVV'),
      name: text('Nog eens'),
      aliases: text(null),
    });
    expect(Object.keys(duplicate.errors ?? {})).toEqual(['code']);
    const added = await submit(ADMIN, view, {
      code: text('NWE'),
      name: text('Nieuwe Bibliotheek'),
      aliases: text('NB'),
    });
    expect(added.response_action).toBe('clear');
    expect((await stored()).libraries.find((l) => l.code === 'NWE')).toEqual({
      code: 'NWE',
      name: 'Nieuwe Bibliotheek',
      aliases: ['NB'],
    });
  });

  it("a library's contacts: chosen in its form, prefilled when it opens again, recorded; a bad id refused under the field", async () => {
    const view = await menu(ADMIN, 'library|edit|EEM');
    const inputs = Object.fromEntries(
      view.blocks.filter((b) => b.block_id).map((b) => [b.block_id, b.element]),
    );
    expect(inputs.contacts).toMatchObject({ type: 'multi_users_select', max_selected_items: 10 });
    expect(inputs.contacts).not.toHaveProperty('initial_users');

    const bad = await submit(ADMIN, view, stateFromView(view, { contacts: ['anke@bisc.nl'] }));
    expect(bad.response_action).toBe('errors');
    expect(Object.keys(bad.errors ?? {})).toEqual(['contacts']);
    expect(bad.errors?.contacts).toContain('Slack-gebruikers-id');
    expect((await stored()).libraries.find((l) => l.code === 'EEM')).not.toHaveProperty('contacts');

    const saved = await submit(ADMIN, view, stateFromView(view, { contacts: ['UEEMCONTACT', 'UOTHER'] }));
    expect(saved.response_action).toBe('clear');
    expect((await stored()).libraries.find((l) => l.code === 'EEM')?.contacts).toEqual([
      'UEEMCONTACT',
      'UOTHER',
    ]);
    const [change] = await database()
      .handle.db.select()
      .from(programmeChangeLog)
      .where(eq(programmeChangeLog.edit, 'library.change'));
    expect(change?.summary.changed).toEqual(['libraries: EEM Bibliotheek Eemland (contacts)']);

    const again = await menu(ADMIN, 'library|edit|EEM');
    const prefilled = again.blocks.find((b) => b.block_id === 'contacts')?.element;
    expect(prefilled).toMatchObject({ initial_users: ['UEEMCONTACT', 'UOTHER'] });
    // The programme file (export) writes them as user ids.
    const { serializeProgrammeFile } = await import('../../src/domain/programmeFile.js');
    expect(serializeProgrammeFile(await stored())).toContain('contacts: [UEEMCONTACT, UOTHER]');
  });

  it('removes a phase after its confirmation, and records who did it, from where', async () => {
    const confirm = await menu(ADMIN, 'phase|remove|concept-visie');
    expect(confirm.callback_id).toBe('programme_remove');
    expect(visibleText(confirm)).toContain('Concept-visie');
    expect((await stored()).phases.some((p) => p.id === 'concept-visie')).toBe(true);
    const ack = await submit(ADMIN, confirm, {});
    expect(ack.response_action).toBe('clear');
    expect((await stored()).phases.some((p) => p.id === 'concept-visie')).toBe(false);
    const [last] = await database()
      .handle.db.select()
      .from(programmeChangeLog)
      .where(eq(programmeChangeLog.edit, 'phase.remove'));
    expect(last).toMatchObject({ actor: ADMIN, source: 'modal' });
    expect(last?.summary.removed.join(' ')).toContain('Concept-visie');
  });

  it('marks a project finished from its menu; history stays', async () => {
    const publishes = app.slack.callsTo('views.publish').length;
    await post(
      blockActionBody({
        actionId: 'admin_entry',
        userId: ADMIN,
        selectedValue: 'project|finish|effectmeting',
        view: { id: 'VHOME' },
      }),
    );
    await app.slack.waitForCalls('views.publish', publishes + 1);
    // The publish waited for may be an earlier change's republish, so the stored status is polled.
    await expect
      .poll(async () => (await stored()).projects.find((p) => p.slug === 'effectmeting')?.status)
      .toBe('completed');
    const updates = await database().handle.db.select().from(statusUpdates);
    expect(updates.length).toBeGreaterThan(0);
  });

  it('archives a project from its menu: gone from the status list and the Home, still answering by name; Unarchive brings it back', async () => {
    const ask = (text: string, userId = MEMBER) =>
      askProject({ ...app, signingSecret: SIGNING_SECRET }, text, userId);
    const choose = async (value: string) => {
      const publishes = app.slack.callsTo('views.publish').length;
      const home = { id: 'VHOME', type: 'home', private_metadata: '{"admin":0,"ideas":0}' };
      await post(
        blockActionBody({
          actionId: 'admin_entry',
          userId: ADMIN,
          selectedValue: value,
          view: home as never,
        }),
      );
      return (await app.slack.waitForCalls('views.publish', publishes + 1)).at(-1)!.args.view as {
        blocks: unknown[];
        private_metadata?: string;
      };
    };
    expect((await ask('status')).text).toContain('Effectmeting');

    const adminHome = await choose('project|archive|effectmeting');
    const project = (await stored()).projects.find((p) => p.slug === 'effectmeting')!;
    expect(project.archived).toBe(true);
    expect(project.status).toBe('running');
    expect(project.updates.length).toBeGreaterThan(0);
    expect(project.partners.length).toBeGreaterThan(0);
    // The admin still finds it in the admin section, marked, with Unarchive in its menu.
    expect(visibleText(adminHome)).toContain('Effectmeting*\nLopend · _gearchiveerd_');
    expect(JSON.stringify(adminHome)).toContain('"value":"project|unarchive|effectmeting"');
    expect(JSON.stringify(adminHome)).not.toContain('"value":"project|archive|effectmeting"');
    expect(adminHome.private_metadata).toBe('{"admin":0,"ideas":0}');
    const [change] = await database()
      .handle.db.select()
      .from(programmeChangeLog)
      .where(eq(programmeChangeLog.edit, 'project.archive'));
    expect(change).toMatchObject({ actor: ADMIN, source: 'modal' });
    expect(change?.summary.changed).toEqual(['projects: effectmeting (Effectmeting) (archived)']);

    const list = await ask('status');
    expect(list.text).toContain('Werkplek 21e eeuw');
    expect(list.text).not.toContain('Effectmeting');
    const memberHome = visibleText(await openHome(MEMBER));
    expect(memberHome).toContain('Werkplek 21e eeuw');
    expect(memberHome).not.toContain('Effectmeting');
    const byName = await ask('status effectmeting');
    expect(byName.text).toContain('Effectmeting');
    expect(byName.text).toContain('Gearchiveerd: dit project staat niet meer in de lijsten');
    expect((await ask('status effectmeting', ADMIN_EN)).text).toContain(
      'Archived: this project is no longer',
    );
    // The programme file says so, and a file without it would bring the project back.
    const { serializeProgrammeFile } = await import('../../src/domain/programmeFile.js');
    expect(serializeProgrammeFile(await stored())).toMatch(/slug: effectmeting[\s\S]*?archived: true/);

    await choose('project|unarchive|effectmeting');
    expect((await stored()).projects.find((p) => p.slug === 'effectmeting')).not.toHaveProperty('archived');
    expect((await ask('status')).text).toContain('Effectmeting');
    expect((await ask('status effectmeting')).text).not.toContain('Gearchiveerd');
  });

  it('/project wijzigingen shows admins the latest changes: when, who, from where, what; others are refused', async () => {
    const view = await menu(ADMIN, 'phase|edit|deadline-aanvraag');
    expect((await submit(ADMIN, view, stateFromView(view, { label: 'eind oktober' }))).response_action).toBe(
      'clear',
    );
    if (database().url) {
      // The command line's import, on the same database: the CLI's own code path, in-process.
      const { runCliInProcess } = await import('../support/cliInProcess.js');
      const { environment } = await import('../support/processes.js');
      const { EXAMPLE_FILE } = await import('../support/processes.js');
      const { readFileSync, writeFileSync, mkdtempSync } = await import('node:fs');
      const { join } = await import('node:path');
      const { tmpdir } = await import('node:os');
      const path = join(mkdtempSync(join(tmpdir(), 'koers-changes-')), 'programme.yml');
      writeFileSync(
        path,
        readFileSync(EXAMPLE_FILE, 'utf8').replace('name: Effectmeting', 'name: Effectmeting (CLI)'),
      );
      const imported = await runCliInProcess(
        ['import', path],
        environment({ DATABASE_URL: database().url, USER: 'coordinator' }),
      );
      expect(imported.code, imported.stderr).toBe(0);
    }
    const answer = await askProject({ ...app, signingSecret: SIGNING_SECRET }, 'wijzigingen', ADMIN);
    expect(answer.text).toContain('Laatste programmawijzigingen');
    expect(answer.text).toContain(`<@${ADMIN}> · in Slack`);
    expect(answer.text).toContain('phases: Deadline aanvraag meerjaren innovatieprogramma 2018-2020 (label)');
    if (database().url) {
      expect(answer.text).toContain('coordinator · opdrachtregel');
      expect(answer.text).toContain('projects: effectmeting (Effectmeting (CLI)) (name)');
      // Newest first: the command line's import came after the modal's change.
      expect(answer.text.indexOf('opdrachtregel')).toBeLessThan(answer.text.indexOf('in Slack'));
    }
    expect(findLimitViolations(answer.ack)).toEqual([]);

    const refused = await askProject({ ...app, signingSecret: SIGNING_SECRET }, 'wijzigingen', MEMBER);
    expect(refused.text).toMatch(/beheerder/i);
    expect(refused.text).not.toContain('in Slack');
  });

  it('an idea becomes a project: the form is filled in from the idea, and saving makes the project and decides the idea', async () => {
    const { proposeIdea } = await import('../../src/db/ideaRepository.js');
    const { ideas } = await import('../../src/db/schema.js');
    const db = database().handle.db;
    const idea = await proposeIdea(
      db,
      {
        title: 'Leesclub op afstand',
        description: 'Een leesclub die online samenkomt.',
        theme: '',
        libraryCodes: ['AVV', 'HGH'],
        proposedBy: MEMBER,
      },
      [],
      new Date(),
    );
    const home = await openHome(ADMIN);
    expect(findLimitViolations(home)).toEqual([]);
    // The Home offers it in the idea's menu; the direct message's button opens the same form.
    expect(JSON.stringify(home)).toContain(`"value":"project|${idea.id}"`);

    const before = app.slack.callsTo('views.open').length;
    await post(
      blockActionBody({
        actionId: 'idea_to_project',
        userId: ADMIN,
        value: String(idea.id),
        view: { id: 'VHOME' },
      }),
    );
    const view = (await app.slack.waitForCalls('views.open', before + 1)).at(-1)!.args.view as OpenedView;
    expect(view.callback_id).toBe('programme_project');
    const inputs = Object.fromEntries(
      view.blocks.filter((b) => b.block_id).map((b) => [b.block_id, b.element]),
    );
    expect(inputs.slug).toMatchObject({ initial_value: 'leesclub-op-afstand' });
    expect(inputs.name).toMatchObject({ initial_value: 'Leesclub op afstand' });
    expect(inputs.status).toMatchObject({ initial_option: { value: 'idea' } });
    expect(inputs.lead).toMatchObject({ initial_option: { value: 'AVV' } });

    const ack = await submit(ADMIN, view, stateFromView(view, { status: 'running' }));
    expect(ack.response_action).toBe('clear');
    const project = (await stored()).projects.find((p) => p.slug === 'leesclub-op-afstand')!;
    expect(project).toMatchObject({ name: 'Leesclub op afstand', status: 'running' });
    expect(project.partners).toEqual([
      { libraryCode: 'AVV', role: 'lead' },
      { libraryCode: 'HGH', role: 'partner' },
    ]);
    const [decided] = await db.select().from(ideas).where(eq(ideas.id, idea.id));
    expect(decided).toMatchObject({
      status: 'approved',
      projectSlug: 'leesclub-op-afstand',
      decidedBy: ADMIN,
    });

    // The same form sent again makes no second project of the idea.
    const again = await submit(ADMIN, view, stateFromView(view, { slug: 'leesclub-2' }));
    expect(again.response_action).toBe('update');
    expect(visibleText(again.view)).toContain('al besloten');
    expect((await stored()).projects.some((p) => p.slug === 'leesclub-2')).toBe(false);
  });

  it('the ideas waiting on the Home: a menu each (approve, make it a project, decline after a confirmation), and 30 of them page within the limits', async () => {
    const { proposeIdea } = await import('../../src/db/ideaRepository.js');
    const { ideas, outbox } = await import('../../src/db/schema.js');
    const db = database().handle.db;
    await db.delete(ideas);
    // The ideas go again afterwards: the other tests' Homes show none waiting.
    onTestFinished(() => db.delete(ideas).then(() => undefined));
    const proposed = [];
    for (let index = 1; index <= 30; index++) {
      proposed.push(
        await proposeIdea(
          db,
          {
            title: `Idee ${index}`,
            description: 'Iets nieuws.',
            theme: '',
            libraryCodes: ['AVV'],
            proposedBy: MEMBER,
          },
          [],
          new Date(Date.UTC(2017, 8, 1, 10, index)),
        ),
      );
    }
    const range = (home: { blocks: unknown[] }) =>
      visibleText(home)
        .match(/(\d+)–(\d+) van 30/)
        ?.slice(1, 3)
        .map(Number);
    const ideaMenus = (home: { blocks: unknown[] }) =>
      (JSON.stringify(home).match(/"value":"approve\|\d+"/g) ?? []).length;
    const first = await openHome(ADMIN);
    expect(findLimitViolations(first)).toEqual([]);
    expect(first.blocks.length).toBeLessThanOrEqual(100);
    expect(visibleText(first)).toContain('Ideeën die wachten op een besluit (30)');
    const [from, to] = range(first)!;
    expect(from).toBe(1);
    expect(ideaMenus(first)).toBe(to);
    expect(JSON.stringify(first)).toContain(`"value":"decline|${proposed[0]!.id}"`);
    // The admin section is still on the Home beside them.
    expect(visibleText(first)).toContain('Programma beheren');

    const page = async (value: string, metadata: string) => {
      const before = app.slack.callsTo('views.publish').length;
      await post(
        blockActionBody({
          actionId: 'idea_page_next',
          userId: ADMIN,
          value,
          view: { id: 'VHOME', type: 'home', private_metadata: metadata } as never,
        }),
      );
      return (await app.slack.waitForCalls('views.publish', before + 1)).at(-1)!.args.view as {
        blocks: unknown[];
        private_metadata: string;
      };
    };
    const next = JSON.stringify(first).match(/"action_id":"idea_page_next","value":"(\d+)"/)?.[1];
    expect(Number(next)).toBe(to);
    const second = await page(next!, '{"admin":0,"ideas":0}');
    expect(findLimitViolations(second)).toEqual([]);
    expect(range(second)).toEqual([to! + 1, 2 * to!]);
    expect(JSON.stringify(second)).toContain('"action_id":"idea_page_previous","value":"0"');
    expect(JSON.parse(second.private_metadata)).toEqual({ admin: 0, ideas: to });
    const last = await page('29', second.private_metadata);
    expect(findLimitViolations(last)).toEqual([]);
    expect(range(last)?.[1]).toBe(30);
    expect(JSON.stringify(last)).not.toContain('idea_page_next');

    /** A choice in an idea's menu on the Home. */
    const chooseInIdeaMenu = (userId: string, value: string, metadata?: string) =>
      post(
        blockActionBody({
          actionId: 'idea_menu',
          userId,
          selectedValue: value,
          view: { id: 'VHOME', type: 'home', ...(metadata && { private_metadata: metadata }) } as never,
        }),
      );

    // Decline: a confirmation naming the idea first, then the idea is declined and its proposer told.
    const victim = proposed[29]!;
    const opens = app.slack.callsTo('views.open').length;
    await chooseInIdeaMenu(ADMIN, `decline|${victim.id}`, last.private_metadata);
    const confirm = (await app.slack.waitForCalls('views.open', opens + 1)).at(-1)!.args.view as OpenedView;
    expect(confirm.callback_id).toBe('idea_decline');
    expect(visibleText(confirm)).toContain('*Idee 30* afwijzen?');
    const [waiting] = await db.select().from(ideas).where(eq(ideas.id, victim.id));
    expect(waiting?.status).toBe('proposed');
    const publishes = app.slack.callsTo('views.publish').length;
    expect((await submit(ADMIN, confirm, {})).response_action).toBe('clear');
    const [declined] = await db.select().from(ideas).where(eq(ideas.id, victim.id));
    expect(declined).toMatchObject({ status: 'declined', decidedBy: ADMIN });
    expect((await db.select().from(outbox)).some((owed) => owed.recipient === MEMBER)).toBe(true);
    const after = (await app.slack.waitForCalls('views.publish', publishes + 1)).at(-1)!.args.view;
    expect(visibleText(after)).toContain('Ideeën die wachten op een besluit (29)');
    // The Home comes back on the page the admin was on.
    expect(visibleText(after)).toMatch(/\d+–29 van 29/);
    // The same confirmation sent again declines nothing twice.
    expect(visibleText((await submit(ADMIN, confirm, {})).view)).toContain('al beslist');

    // Approve from the menu: the idea becomes a project at once.
    const approveFrom = app.slack.callsTo('views.publish').length;
    await chooseInIdeaMenu(ADMIN, `approve|${proposed[0]!.id}`);
    await app.slack.waitForCalls('views.publish', approveFrom + 1);
    const [approved] = await db.select().from(ideas).where(eq(ideas.id, proposed[0]!.id));
    expect(approved).toMatchObject({ status: 'approved', projectSlug: 'idee-1' });
    expect((await stored()).projects.find((p) => p.slug === 'idee-1')?.status).toBe('idea');

    // Make it a project: the project form, filled in from the idea.
    const formFrom = app.slack.callsTo('views.open').length;
    await chooseInIdeaMenu(ADMIN, `project|${proposed[1]!.id}`);
    const form = (await app.slack.waitForCalls('views.open', formFrom + 1)).at(-1)!.args.view as OpenedView;
    expect(form.callback_id).toBe('programme_project');
    expect(JSON.stringify(form.blocks)).toContain('"initial_value":"Idee 2"');

    // Someone who is no admin gets no confirmation to decline with.
    const refusedFrom = app.slack.callsTo('views.open').length;
    await chooseInIdeaMenu(MEMBER, `decline|${proposed[2]!.id}`);
    const refused = (await app.slack.waitForCalls('views.open', refusedFrom + 1)).at(-1)!.args.view;
    expect((refused as OpenedView).callback_id).not.toBe('idea_decline');
    expect(visibleText(refused)).toMatch(/beheerder/i);
  });

  it('with 1,000 projects the admin section pages with Next and Previous, every page within Block Kit’s limits', async () => {
    const { importProgramme } = await import('../../src/db/programmeRepository.js');
    const programme = await stored();
    const many = Array.from({ length: 1000 }, (_, index) => ({
      slug: `project-${index + 1}`,
      name: `Project ${index + 1}`,
      aliases: [],
      description: '',
      status: 'running' as const,
      allLibraries: false,
      partners: [{ libraryCode: 'AVV', role: 'lead' as const }],
      updates: [],
    }));
    await importProgramme(
      database().handle.db,
      { ...programme, projects: [...programme.projects, ...many] },
      { now: new Date() },
    );
    const total = programme.phases.length + programme.projects.length + 1000 + programme.libraries.length;

    const first = await openHome(ADMIN);
    expect(findLimitViolations(first)).toEqual([]);
    expect(first.blocks.length).toBeLessThanOrEqual(100);
    const shown = (home: { blocks: unknown[] }) => visibleText(home).match(/\d+–\d+ van [\d.]+/)?.[0];
    expect(shown(first)).toMatch(new RegExp(`^1–\\d+ van ${total}$`));
    const buttons = (home: { blocks: unknown[] }) =>
      JSON.stringify(home)
        .match(/"action_id":"admin_page_(?:previous|next)","value":"\d+"/g)
        ?.map((found) => Number(found.match(/"value":"(\d+)"/)?.[1])) ?? [];
    const [next] = buttons(first);
    expect(next).toBeGreaterThan(0);

    const page = async (value: number) => {
      const before = app.slack.callsTo('views.publish').length;
      await post(
        blockActionBody({
          actionId: 'admin_page_next',
          userId: ADMIN,
          value: String(value),
          view: { id: 'VHOME' },
        }),
      );
      return (await app.slack.waitForCalls('views.publish', before + 1)).at(-1)!.args.view as {
        blocks: unknown[];
      };
    };
    const second = await page(next!);
    expect(findLimitViolations(second)).toEqual([]);
    expect(shown(second)).toBe(`${next! + 1}–${2 * next!} van ${total}`);
    expect(buttons(second)).toEqual([0, 2 * next!]);
    expect(visibleText(second)).toContain('Vorige');

    const last = await page(total - 1);
    expect(findLimitViolations(last)).toEqual([]);
    expect(shown(last)).toMatch(new RegExp(`–${total} van ${total}$`));
    expect(visibleText(last)).toContain('Bibliotheek · ');
    expect(visibleText(last)).not.toContain('Volgende');

    // A save in so large a programme still fits Slack's 3 seconds (it is checked and written whole).
    const view = await menu(ADMIN, 'project|edit|project-500');
    const started = performance.now();
    const ack = await submit(ADMIN, view, stateFromView(view, { status: 'paused' }));
    expect(ack.response_action).toBe('clear');
    expect(performance.now() - started).toBeLessThan(3_000);
    expect((await stored()).projects.find((p) => p.slug === 'project-500')?.status).toBe('paused');
    // Writing 1,000 projects takes seconds on a loaded machine; the pages themselves are not timed.
  }, 60_000);
});
