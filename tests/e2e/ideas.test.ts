import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { importExampleProgramme } from '../../src/db/exampleProgramme.js';
import { findIdea } from '../../src/db/ideaRepository.js';
import { bumpProgrammeVersion } from '../../src/db/projectRepository.js';
import { ideas, projects } from '../../src/db/schema.js';
import { findLimitViolations } from '../support/blockLimits.js';
import { describeOnBothDatabases } from '../support/databases.js';
import type { FakeCall } from '../support/fakeSlack.js';
import { type KoersUnderTest, SIGNING_SECRET, startKoersUnderTest } from '../support/koersUnderTest.js';
import { visibleText } from '../support/messageText.js';
import { expectEverySlackPayloadValid } from '../support/payloads.js';
import {
  blockActionBody,
  postToSlackEndpoint,
  slashCommandBody,
  viewSubmissionBody,
} from '../support/slackRequests.js';
import { openedMetadata } from '../support/views.js';

const ADMINS = ['UADMIN', 'UADMINEN'];
const PROPOSER = 'UPROPOSER';
const MEMBER = 'UMEMBER';

interface Answers {
  title?: string;
  description?: string;
  theme?: string;
  libraries?: string[];
}

/** The idea form's state exactly as Slack sends it on submit: block_id → action_id → value. */
function formState(answers: Answers, librariesActionId = 'value') {
  const text = (value: string | undefined) => ({ value: { type: 'plain_text_input', value: value ?? null } });
  return {
    title: text(answers.title),
    description: text(answers.description),
    theme: text(answers.theme),
    libraries: {
      [librariesActionId]: {
        type: librariesActionId === 'value' ? 'multi_static_select' : 'multi_external_select',
        selected_options: (answers.libraries ?? []).map((code) => ({
          value: code,
          text: { type: 'plain_text', text: code },
        })),
      },
    },
  };
}

const VALID: Answers = {
  title: 'Bibliotheek aan huis',
  description: 'Boeken bezorgen bij wie niet meer naar de bibliotheek kan komen.',
  theme: 'Inclusie',
  libraries: ['AVV', 'EEM'],
};

interface ViewAck {
  response_action: string;
  errors?: Record<string, string>;
  view?: { callback_id: string; blocks: unknown[] };
}

describeOnBothDatabases('/project idea: proposing an idea, and the admins deciding', (database) => {
  let app: KoersUnderTest;

  beforeAll(async () => {
    app = await startKoersUnderTest(database(), { config: { ADMIN_USER_IDS: ADMINS } });
    app.slack.setUserLocale('UADMINEN', 'en-US');
  });
  afterAll(async () => {
    if (app) expectEverySlackPayloadValid(app.slack);
    await app?.stop();
  });
  beforeEach(async () => {
    const db = database().handle.db;
    await db.delete(ideas);
    // Projects made from approved ideas are not in the example: an import with prune removes them.
    await importExampleProgramme(db, new Date(), { prune: true });
    await bumpProgrammeVersion(db, new Date());
  });

  async function command(text: string, userId: string) {
    const body = slashCommandBody({ text, userId, responseUrl: app.slack.respondUrl() });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    return response;
  }

  async function submit(userId: string, answers: Answers, librariesActionId?: string): Promise<ViewAck> {
    const values = formState(answers, librariesActionId);
    const body = viewSubmissionBody({
      callbackId: 'idea',
      userId,
      privateMetadata: openedMetadata('idea', userId),
      values: values as never,
    });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    return response.json as ViewAck;
  }

  /** A click on a button in the admin's direct message, as Slack sends it; returns what was said back. */
  async function click(actionId: string, value: string, userId: string, messageTs = '1700000000.000100') {
    const responseUrl = app.slack.respondUrl();
    const body = blockActionBody({
      actionId,
      value,
      userId,
      responseUrl,
      channelId: `D${userId}`,
      container: {
        type: 'message',
        message_ts: messageTs,
        channel_id: `D${userId}`,
        is_ephemeral: false,
      },
    });
    const answered = app.slack.responses.length;
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    const responses = await app.slack.waitForResponses(answered + 1);
    const answer = responses.filter((r) => r.url === responseUrl);
    expect(answer).toHaveLength(1);
    return answer[0]!.body as Record<string, unknown>;
  }

  /** Proposes the valid idea and returns it with the direct messages the admins got. */
  async function propose(): Promise<{ id: number; dms: FakeCall[] }> {
    const before = app.slack.callsTo('chat.postMessage').length;
    const answer = await submit(PROPOSER, VALID);
    expect(answer.response_action).toBe('update');
    const dms = (await app.slack.waitForCalls('chat.postMessage', before + ADMINS.length)).slice(before);
    // Each direct message is remembered once Slack has answered the post: wait for both.
    for (let waited = 0; waited < 5_000; waited += 20) {
      const [row] = await database().handle.db.select().from(ideas);
      if (row && row.adminMessages.length === ADMINS.length) return { id: row.id, dms };
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the direct messages to the admins were not recorded');
  }

  const statusText = async () => visibleText((await command('status', MEMBER)).json);

  it('opens the idea form with its fields and the programme libraries', async () => {
    const before = app.slack.callsTo('views.open').length;
    const response = await command('idee', PROPOSER);
    expect(response.text).toBe('');
    const [call] = (await app.slack.waitForCalls('views.open', before + 1)).slice(-1);
    const view = call!.args.view as {
      callback_id: string;
      blocks: { type: string; block_id?: string; optional?: boolean; element?: Record<string, unknown> }[];
    };
    expect(findLimitViolations(view)).toEqual([]);
    expect(view.callback_id).toBe('idea');
    const inputs = Object.fromEntries(
      view.blocks.filter((block) => block.type === 'input').map((block) => [block.block_id, block]),
    );
    expect(Object.keys(inputs)).toEqual(['title', 'description', 'theme', 'libraries']);
    expect(inputs.title).toMatchObject({ optional: false, element: { max_length: 150 } });
    expect(inputs.description).toMatchObject({
      optional: false,
      element: { multiline: true, max_length: 3000 },
    });
    expect(inputs.theme).toMatchObject({ optional: true, element: { max_length: 150 } });
    expect(inputs.libraries).toMatchObject({ optional: true, element: { type: 'multi_static_select' } });
    expect(inputs.libraries?.element?.options).toHaveLength(7);

    await command('idea', 'UADMINEN');
    const [english] = (await app.slack.waitForCalls('views.open', before + 2)).slice(-1);
    expect(visibleText(english!.args.view)).toContain('Interested libraries');
  });

  it('takes the libraries from the searched select that replaces the list past 100 libraries', async () => {
    const before = app.slack.callsTo('chat.postMessage').length;
    const answer = await submit(PROPOSER, VALID, 'search');
    expect(answer.response_action).toBe('update');
    await app.slack.waitForCalls('chat.postMessage', before + ADMINS.length);
    const [row] = await database().handle.db.select().from(ideas);
    expect(row?.libraryCodes).toEqual(['AVV', 'EEM']);
  });

  it('answers an invalid submission with an error per field and stores nothing', async () => {
    const answer = await submit(PROPOSER, { title: ' ', theme: 'x'.repeat(151), libraries: ['NOPE'] });
    expect(answer).toEqual({
      response_action: 'errors',
      errors: {
        title: 'Geef het idee een titel.',
        description: 'Beschrijf het idee.',
        theme: 'Maximaal 150 tekens.',
        libraries: 'Een van de gekozen bibliotheken hoort niet (meer) bij het programma; kies opnieuw.',
      },
    });
    expect(await database().handle.db.select().from(ideas)).toHaveLength(0);
  });

  it('stores a valid idea, confirms it, and sends every admin a direct message to decide', async () => {
    const before = app.slack.callsTo('chat.postMessage').length;
    const answer = await submit(PROPOSER, VALID);
    expect(answer.response_action).toBe('update');
    expect(findLimitViolations(answer.view)).toEqual([]);
    const confirmation = visibleText(answer.view);
    expect(confirmation).toContain('Je idee *Bibliotheek aan huis* is ontvangen');
    expect(confirmation).toContain('Bibliotheek Eemland');

    const [row] = await database().handle.db.select().from(ideas);
    expect(row).toMatchObject({
      title: VALID.title,
      description: VALID.description,
      theme: 'Inclusie',
      libraryCodes: ['AVV', 'EEM'],
      proposedBy: PROPOSER,
      status: 'proposed',
    });

    const dms = (await app.slack.waitForCalls('chat.postMessage', before + 2)).slice(before);
    // Each in the direct message with that admin, the channel conversations.open gave.
    expect(dms.map((dm) => dm.args.channel).sort()).toEqual(ADMINS.map((admin) => `D${admin}`).sort());
    for (const dm of dms) {
      const buttons = JSON.stringify(dm.args.blocks);
      expect(buttons).toContain('"action_id":"idea_approve"');
      expect(buttons).toContain('"action_id":"idea_decline"');
      expect(buttons).toContain(`"value":"${row!.id}"`);
      expect(visibleText(dm.args)).toContain('Bibliotheek aan huis');
    }
    const english = dms.find((dm) => dm.args.channel === 'DUADMINEN')!;
    expect(visibleText(english.args)).toContain('Approve');
  });

  it("refuses a non-admin's forged approve click, changing nothing", async () => {
    const { id } = await propose();
    const answer = await click('idea_approve', String(id), MEMBER);
    expect(answer).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(visibleText(answer)).toContain('Dat mogen alleen de beheerders');
    expect((await findIdea(database().handle.db, id))?.status).toBe('proposed');
    expect(await statusText()).not.toContain('Bibliotheek aan huis');
  });

  it('makes an approved idea a project with status idea; a second click changes nothing', async () => {
    const { id } = await propose();
    const asked = (await findIdea(database().handle.db, id))!.adminMessages;
    expect(asked.map((message) => message.userId).sort()).toEqual([...ADMINS].sort());
    const own = asked.find((message) => message.userId === 'UADMIN')!;
    const before = app.slack.callsTo('chat.postMessage').length;
    const updatesBefore = app.slack.callsTo('chat.update').length;
    const answer = await click('idea_approve', String(id), 'UADMIN', own.ts);
    expect(answer.replace_original).toBe(true);
    expect(visibleText(answer)).toContain('Goedgekeurd door <@UADMIN>');
    expect(JSON.stringify(answer.blocks)).not.toContain('idea_approve');

    const idea = await findIdea(database().handle.db, id);
    expect(idea).toMatchObject({
      status: 'approved',
      decidedBy: 'UADMIN',
      projectSlug: 'bibliotheek-aan-huis',
    });
    const overview = await statusText();
    const ideaSection = overview.slice(overview.indexOf('*Idee ('));
    expect(ideaSection).toContain('Bibliotheek aan huis');
    const detail = visibleText((await command('status bibliotheek aan huis', MEMBER)).json);
    expect(detail).toContain('*Status:* Idee');
    expect(detail).toContain('Bibliotheek Angstel, Vecht en Venen');

    const [told] = (await app.slack.waitForCalls('chat.postMessage', before + 1)).slice(before);
    expect(told!.args.channel).toBe(`D${PROPOSER}`);
    expect(visibleText(told!.args)).toContain('is goedgekeurd');

    // The other admin's message loses its buttons and says who decided, in English; the clicked one is
    // replaced through the response_url, not updated twice.
    const [updated, ...more] = (await app.slack.waitForCalls('chat.update', updatesBefore + 1)).slice(
      updatesBefore,
    );
    expect(more).toEqual([]);
    const theirs = asked.find((message) => message.userId === 'UADMINEN')!;
    expect(updated!.args).toMatchObject({ channel: theirs.channel, ts: theirs.ts });
    expect(visibleText(updated!.args)).toContain('Approved by <@UADMIN>');
    expect(JSON.stringify(updated!.args.blocks)).not.toContain('idea_approve');

    // Another admin, in English, on their own copy; then a decline after the approval.
    const again = await click('idea_approve', String(id), 'UADMINEN');
    expect(visibleText(again)).toContain('already been decided');
    const decline = await click('idea_decline', String(id), 'UADMIN');
    expect(visibleText(decline)).toContain('Over dit idee was al beslist');
    expect((await findIdea(database().handle.db, id))?.status).toBe('approved');
    const made = await database()
      .handle.db.select()
      .from(projects)
      .where(eq(projects.slug, 'bibliotheek-aan-huis'));
    expect(made).toHaveLength(1);
    expect(app.slack.callsTo('chat.postMessage')).toHaveLength(before + 1);
  });

  it('warns about an idea titled like a project, and keeps both reachable once it is approved', async () => {
    const before = app.slack.callsTo('chat.postMessage').length;
    const answer = await submit(PROPOSER, { ...VALID, title: 'Effectmeting' });
    expect(answer.response_action).toBe('update');
    expect(visibleText(answer.view)).toContain('Let op: er is al een project met deze naam: *Effectmeting*');
    const dms = (await app.slack.waitForCalls('chat.postMessage', before + ADMINS.length)).slice(before);
    const english = dms.find((dm) => dm.args.channel === 'DUADMINEN')!;
    expect(visibleText(english.args)).toContain(
      'Note: a project with this name exists already: *Effectmeting*',
    );
    const [row] = await database().handle.db.select().from(ideas);

    const approval = await click('idea_approve', String(row!.id), 'UADMIN');
    expect(visibleText(approval)).toContain('Let op: het nieuwe project heet hetzelfde als *Effectmeting*');
    expect(visibleText(approval)).toContain('/project status effectmeting-2');

    // The slug the list of candidates offers as the example reaches the programme's own project.
    const exact = visibleText((await command('status effectmeting', 'UADMIN')).json);
    expect(exact).not.toContain('Meerdere projecten');
    expect(exact).toContain('*Status:* Lopend');
    const idea = visibleText((await command('status effectmeting-2', 'UADMIN')).json);
    expect(idea).toContain('*Status:* Idee');

    // The feedback form's priorities tell the two apart.
    const opened = app.slack.callsTo('views.open').length;
    await command('feedback', 'UADMIN');
    const [call] = (await app.slack.waitForCalls('views.open', opened + 1)).slice(-1);
    const view = call!.args.view as { blocks: { block_id?: string; element?: { options?: unknown[] } }[] };
    const priorities = view.blocks.find((block) => block.block_id === 'priorities')!.element!.options!;
    const labels = priorities.map((option) => (option as { text: { text: string } }).text.text);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels).toEqual(
      expect.arrayContaining(['Effectmeting (effectmeting)', 'Effectmeting (effectmeting-2)']),
    );
  });

  it('tells the proposer of a declined idea, which never becomes a project', async () => {
    const { id } = await propose();
    const before = app.slack.callsTo('chat.postMessage').length;
    const answer = await click('idea_decline', String(id), 'UADMINEN');
    expect(visibleText(answer)).toContain('Declined by <@UADMINEN>');
    const [told] = (await app.slack.waitForCalls('chat.postMessage', before + 1)).slice(before);
    expect(told!.args.channel).toBe(`D${PROPOSER}`);
    expect(visibleText(told!.args)).toContain('is niet overgenomen');
    expect((await findIdea(database().handle.db, id))?.status).toBe('declined');
    expect(await statusText()).not.toContain('Bibliotheek aan huis');
  });

  it.each([['junk'], ['0'], ['99999'], ['1e3'], ['']])(
    'says an idea id %j from a button does not exist, changing nothing',
    async (value) => {
      const { id } = await propose();
      const answer = await click('idea_approve', value, 'UADMIN');
      expect(visibleText(answer)).toContain('Dit idee bestaat niet (meer)');
      expect((await findIdea(database().handle.db, id))?.status).toBe('proposed');
    },
  );
});
