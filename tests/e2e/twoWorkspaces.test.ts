import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { setLibraryOf } from '../../src/db/peopleRepository.js';
import { feedbackResponses, subscriptions } from '../../src/db/schema.js';
import { parseProgrammeFile } from '../../src/domain/programmeFile.js';
import { planReminders } from '../../src/domain/reminderPlan.js';
import { EXAMPLE_PROGRAMME_FILE } from '../../src/koers.js';
import { describeOnBothDatabases } from '../support/databases.js';
import type { FakeCall } from '../support/fakeSlack.js';
import { feedbackFormState } from '../support/feedbackForm.js';
import { importProgrammeFile, type KoersUnderTest, SIGNING_SECRET } from '../support/koersUnderTest.js';
import { capturedLogs } from '../support/logLines.js';
import { visibleText } from '../support/messageText.js';
import {
  installFlow,
  PUBLIC_URL,
  startKoersForInstalls,
  workspaceDatabases,
} from '../support/oauthInstall.js';
import {
  askProject,
  eventBody,
  postToSlackEndpoint,
  slashCommandBody,
  viewSubmissionBody,
} from '../support/slackRequests.js';

/*
 * One deployment, two workspaces, each its own programme: T1 installed with the example programme,
 * T2 with Rivierenland's (tests/fixtures/rivierenland-programme.yml). The cases build on each other,
 * in order: install, ask, a forged form, reminders, uninstall.
 */

const RIVIERENLAND_FILE = fileURLToPath(new URL('../fixtures/rivierenland-programme.yml', import.meta.url));
const INSTALLER = 'UINSTALLER';
/** Both programmes have a feedback phase of this id, due on the same Friday. */
const FEEDBACK_PHASE = 'feedback-visie';

function programmeIn(file: string) {
  const parsed = parseProgrammeFile(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.programme;
}

const EXAMPLE = programmeIn(EXAMPLE_PROGRAMME_FILE);
const RIVIERENLAND = programmeIn(RIVIERENLAND_FILE);

/** When a programme's feedback phase's reminder at `offset` goes out. */
function feedbackReminderDue(programme: typeof EXAMPLE, offset: string): Date {
  const due = planReminders(programme.phases, {
    timezone: programme.info.timezone,
    hour: 9,
    holidays: programme.holidays,
  }).find((planned) => planned.phaseId === FEEDBACK_PHASE && planned.offset === offset)?.dueAt;
  if (!due) throw new Error(`no ${offset} reminder for ${FEEDBACK_PHASE} in ${programme.info.name}`);
  return due;
}

const WEEK_BEFORE = feedbackReminderDue(EXAMPLE, 'P7D');
const DAY_BEFORE = feedbackReminderDue(EXAMPLE, 'P1D');
/** Wednesday 20 September 2017: both feedback phases open, their reminders still to come. */
const DURING = new Date('2017-09-20T10:00:00Z');

const WORKSPACES = {
  T1: {
    name: 'Bibliotheek Utrecht',
    channel: 'CUTRECHT',
    programme: EXAMPLE,
    feedbackTitle: 'Feedback op visie retour aan BiSC',
  },
  T2: {
    name: 'Bibliotheek Rivierenland',
    channel: 'CRIVIEREN',
    programme: RIVIERENLAND,
    feedbackTitle: 'Reactie op de leesagenda',
  },
} as const;
type TeamId = keyof typeof WORKSPACES;
const other = (team: TeamId): TeamId => (team === 'T1' ? 'T2' : 'T1');

describeOnBothDatabases('one Koers, two workspaces, each its own programme', (database) => {
  let app: KoersUnderTest;
  let clock = DURING;
  const { logger, lines: logLines } = capturedLogs();
  const { install } = installFlow(() => app);
  const workspaces = workspaceDatabases(database);
  const tokens: Record<TeamId, string> = { T1: '', T2: '' };
  /** Each workspace's calendar feed path, as `/project agenda` gave it. */
  const feeds: Record<TeamId, string> = { T1: '', T2: '' };

  beforeAll(async () => {
    expect(feedbackReminderDue(RIVIERENLAND, 'P7D')).toEqual(WEEK_BEFORE);
    expect(feedbackReminderDue(RIVIERENLAND, 'P1D')).toEqual(DAY_BEFORE);
    app = await startKoersForInstalls(database(), { logger, now: () => clock });
    app.slack.setHandler('conversations.info', (args) => ({
      body: { ok: true, channel: { id: String(args.channel), is_private: false, is_member: true } },
    }));
  });
  afterAll(async () => {
    await workspaces.closeAll();
    await app?.stop();
  });

  const ask = (text: string, team: TeamId, userId = 'UASK') =>
    askProject({ ...app, signingSecret: SIGNING_SECRET }, text, userId, team);

  /** Every name of a programme's projects, phases and libraries: what may only show in its own workspace. */
  const namesIn = (team: TeamId) => {
    const { programme } = WORKSPACES[team];
    return [
      ...programme.projects.map((project) => project.name),
      ...programme.phases.map((phase) => phase.title),
      ...programme.libraries.map((library) => library.name),
    ];
  };

  const callsWithToken = (token: string, since = 0) =>
    app.slack.calls.slice(since).filter((call) => call.token === token);

  it('installs two workspaces through "Add to Slack" and gives each its own programme', async () => {
    for (const team of ['T1', 'T2'] as const) {
      const done = await install(team, WORKSPACES[team].name);
      expect(done.status).toBe(200);
      tokens[team] = done.botToken;
    }
    expect(tokens.T1).not.toBe(tokens.T2);
    await importProgrammeFile(await workspaces.of('T1'), EXAMPLE_PROGRAMME_FILE);
    await importProgrammeFile(await workspaces.of('T2'), RIVIERENLAND_FILE);
  });

  for (const question of ['status', 'partners', 'timeline']) {
    it(`answers /project ${question} in each workspace with its own programme, never the other's`, async () => {
      for (const team of ['T1', 'T2'] as const) {
        const before = app.slack.calls.length;
        const answer = await ask(question, team);
        expect(answer.status).toBe(200);
        const own = namesIn(team).filter((name) => answer.text.includes(name));
        expect(own.length).toBeGreaterThan(0);
        for (const name of namesIn(other(team))) expect(answer.text).not.toContain(name);
        expect(answer.text).not.toContain(WORKSPACES[other(team)].programme.info.name);
        // What Koers asked Slack for on the way (the asker's language) went with this workspace's token.
        for (const call of app.slack.calls.slice(before)) expect(call.token).toBe(tokens[team]);
      }
    });
  }

  it("finds a project by name only in its own workspace: T2's is not known in T1", async () => {
    expect((await ask('status Leesbus Betuwe', 'T2')).text).toContain('Een bus vol boeken');
    const inT1 = (await ask('status Leesbus Betuwe', 'T1')).text;
    expect(inT1).not.toContain('Een bus vol boeken');
    expect(inT1).not.toContain('Makerspace Tiel');
    expect((await ask('status Social CRM', 'T2')).text).not.toContain('Social CRM –');
  });

  /** A feedback form Koers opened in T1 for `userId`, as Slack shows it. */
  async function openFeedbackFormInT1(userId: string) {
    const before = app.slack.callsTo('views.open').length;
    const body = slashCommandBody({
      text: 'feedback',
      userId,
      teamId: 'T1',
      responseUrl: app.slack.respondUrl(),
    });
    expect((await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET })).status).toBe(
      200,
    );
    const opened = (await app.slack.waitForCalls('views.open', before + 1)).at(-1) as FakeCall;
    expect(opened.token).toBe(tokens.T1);
    return opened.args.view as { callback_id: string; private_metadata: string };
  }

  async function submitAs(
    teamId: string,
    userId: string,
    view: { callback_id: string; private_metadata: string },
    library: string,
  ) {
    const body = viewSubmissionBody({
      callbackId: view.callback_id,
      userId,
      teamId,
      privateMetadata: view.private_metadata,
      values: feedbackFormState({ library, judgement: 'agree' }) as never,
    });
    return postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
  }

  const feedbackIn = async (team: TeamId) => (await workspaces.of(team)).select().from(feedbackResponses);

  it("refuses a form opened in T1 and submitted as T2's, and stores it in neither", async () => {
    // Someone who speaks for a library in both workspaces, and T2 has a feedback phase of the same id:
    // only the modal's seal tells that the form is T1's.
    await setLibraryOf(await workspaces.of('T1'), 'UFORGER', 'AVV', 'test', clock);
    await setLibraryOf(await workspaces.of('T2'), 'UFORGER', 'RIV', 'test', clock);
    const view = await openFeedbackFormInT1('UFORGER');
    const forged = await submitAs('T2', 'UFORGER', view, 'RIV');
    expect(forged.status).toBe(200);
    const answer = forged.json as { response_action: string; view: unknown };
    expect(answer.response_action).toBe('update');
    expect(visibleText(answer.view)).toContain('Dit formulier is niet door Koers voor jou geopend');
    expect(await feedbackIn('T2')).toEqual([]);
    expect(await feedbackIn('T1')).toEqual([]);
    expect(logLines.some((line) => line.msg === 'a view Koers did not open was refused')).toBe(true);

    // The same form sent in from T1, where it was opened, is taken, in T1 only.
    const genuine = await submitAs('T1', 'UFORGER', view, 'AVV');
    expect(visibleText(genuine.json)).toContain('Bibliotheek Angstel, Vecht en Venen');
    expect((await feedbackIn('T1')).map((row) => row.libraryCode)).toEqual(['AVV']);
    expect(await feedbackIn('T2')).toEqual([]);
  });

  it('acknowledges a signed request from a workspace that never installed Koers with nothing', async () => {
    const view = await openFeedbackFormInT1('UELSEWHERE');
    const callsBefore = app.slack.calls.length;
    const outsider = await submitAs('T9', 'UELSEWHERE', view, 'AVV');
    expect(outsider.status).toBe(200);
    expect(outsider.text).toBe('');
    const command = slashCommandBody({
      text: 'status',
      teamId: 'T9',
      userId: 'UELSEWHERE',
      responseUrl: app.slack.respondUrl(),
    });
    const asked = await postToSlackEndpoint(app.baseUrl, command, { signingSecret: SIGNING_SECRET });
    expect(asked.status).toBe(200);
    expect(asked.text).toBe('');
    expect(app.slack.calls.slice(callsBefore)).toEqual([]);
    expect((await feedbackIn('T1')).map((row) => row.userId)).not.toContain('UELSEWHERE');
  });

  /** The reminders posted in a workspace's channel since call number `since`. */
  const remindersIn = (team: TeamId, since: number) =>
    app.slack
      .callsTo('chat.postMessage')
      .filter(
        (call) =>
          app.slack.calls.indexOf(call) >= since &&
          call.args.channel === WORKSPACES[team].channel &&
          visibleText(call.args).includes('Herinnering'),
      );

  it("posts each workspace's reminder in its own channel, with its own token, naming its own phase", async () => {
    for (const team of ['T1', 'T2'] as const) {
      const body = slashCommandBody({
        text: 'aanmelden',
        userId: INSTALLER,
        teamId: team,
        channelId: WORKSPACES[team].channel,
        responseUrl: app.slack.respondUrl(),
      });
      expect((await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET })).status).toBe(
        200,
      );
      const subscribed = await (await workspaces.of(team)).select().from(subscriptions);
      expect(subscribed.map((row) => row.channelId)).toEqual([WORKSPACES[team].channel]);
    }

    const since = app.slack.calls.length;
    clock = WEEK_BEFORE;
    await app.koers.tickScheduler();
    for (const team of ['T1', 'T2'] as const) {
      const posted = remindersIn(team, since);
      expect(posted).toHaveLength(1);
      const text = visibleText(posted[0]?.args);
      expect(text).toContain(WORKSPACES[team].feedbackTitle);
      expect(text).not.toContain(WORKSPACES[other(team)].feedbackTitle);
      expect(posted[0]?.token).toBe(tokens[team]);
    }
    // Nothing of one workspace went out with the other's token, to any channel.
    for (const team of ['T1', 'T2'] as const)
      for (const call of callsWithToken(tokens[team], since))
        if (call.args.channel !== undefined) expect(call.args.channel).toBe(WORKSPACES[team].channel);
  });

  it("gives each workspace a calendar feed of its own programme, which another workspace's path does not open", async () => {
    for (const team of ['T1', 'T2'] as const) {
      const answer = (await ask('agenda', team)).text;
      feeds[team] =
        new RegExp(`${PUBLIC_URL}(/calendar/${team}/[A-Za-z0-9_-]{43}\\.ics)`).exec(answer)?.[1] ?? '';
      expect(feeds[team]).not.toBe('');
    }
    for (const team of ['T1', 'T2'] as const) {
      const feed = await fetch(`${app.baseUrl}${feeds[team]}`);
      expect(feed.status).toBe(200);
      const text = await feed.text();
      expect(text).toContain(WORKSPACES[team].feedbackTitle);
      expect(text).not.toContain(WORKSPACES[other(team)].feedbackTitle);
      // The token of one workspace's feed under the other's team id opens nothing.
      const swapped = feeds[team].replace(`/calendar/${team}/`, `/calendar/${other(team)}/`);
      expect((await fetch(`${app.baseUrl}${swapped}`)).status).toBe(404);
    }
  });

  it('stops all of a workspace at its uninstall, while the other goes on', async () => {
    const uninstall = eventBody({ event: { type: 'app_uninstalled' }, teamId: 'T1' });
    expect(
      (await postToSlackEndpoint(app.baseUrl, uninstall, { signingSecret: SIGNING_SECRET })).status,
    ).toBe(200);
    await vi.waitFor(() =>
      expect(
        logLines.some(
          (line) =>
            line.teamId === 'T1' &&
            line.msg === 'stopped serving the workspace: its reminders, nudges and overviews stop',
        ),
      ).toBe(true),
    );

    const since = app.slack.calls.length;
    clock = DAY_BEFORE;
    await app.koers.tickScheduler();
    await app.koers.drainOutbox();
    await app.koers.refreshOverviews();
    expect(callsWithToken(tokens.T1, since)).toEqual([]);
    expect(remindersIn('T1', since)).toEqual([]);
    const inT2 = remindersIn('T2', since);
    expect(inT2).toHaveLength(1);
    expect(visibleText(inT2[0]?.args)).toContain('Nog *1 dag*');
    expect(inT2[0]?.token).toBe(tokens.T2);
    expect((await fetch(`${app.baseUrl}${feeds.T1}`)).status).toBe(404);
    expect((await fetch(`${app.baseUrl}${feeds.T2}`)).status).toBe(200);
  });

  it('never logs a token', () => {
    expect(JSON.stringify(logLines)).not.toMatch(/xoxb-T\d/);
  });
});
