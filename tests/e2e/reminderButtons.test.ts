import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listDeliveries } from '../../src/db/deliveryRepository.js';
import { subscribe } from '../../src/db/subscriptionRepository.js';
import type { Phase } from '../../src/domain/programme.js';
import { parseProgrammeFile } from '../../src/domain/programmeFile.js';
import { planReminders } from '../../src/domain/reminderPlan.js';
import { EXAMPLE_PROGRAMME_FILE } from '../../src/koers.js';
import { runTick } from '../../src/scheduler/reminderWorker.js';
import { findLimitViolations } from '../support/blockLimits.js';
import { describeOnBothDatabases } from '../support/databases.js';
import type { FakeCall } from '../support/fakeSlack.js';
import { type KoersUnderTest, SIGNING_SECRET, startKoersUnderTest } from '../support/koersUnderTest.js';
import { visibleText } from '../support/messageText.js';
import { workerFor } from '../support/schedulerUnderTest.js';
import { blockActionBody, postToSlackEndpoint } from '../support/slackRequests.js';
import { metadataOpenedFor } from '../support/views.js';

/** The example programme's feedback phase and the instant its "one week to go" reminder is due. */
function feedbackPhaseOfTheExample(): { phase: Phase; weekBefore: Date } {
  const parsed = parseProgrammeFile(readFileSync(EXAMPLE_PROGRAMME_FILE, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const { programme } = parsed;
  const phase = programme.phases.find((candidate) => candidate.kind === 'feedback');
  if (!phase) throw new Error('the example programme has no feedback phase');
  const reminder = planReminders(programme.phases, {
    timezone: programme.info.timezone,
    hour: 9,
    holidays: programme.holidays,
  }).find((planned) => planned.phaseId === phase.id && planned.offset === 'P7D');
  if (!reminder) throw new Error(`no P7D reminder planned for ${phase.id}`);
  return { phase, weekBefore: reminder.dueAt };
}

const { phase: FEEDBACK_PHASE, weekBefore: FEEDBACK_P7D_DUE } = feedbackPhaseOfTheExample();
const CHANNEL = 'CREMINDERS';

interface Button {
  action_id: string;
  value: string;
  text: { text: string };
}

describeOnBothDatabases('the buttons under a posted reminder', (database) => {
  let app: KoersUnderTest;
  let reminder: FakeCall;
  /** The posted message's ts, as Slack echoes it in the container of an action on it. */
  let reminderTs: string;

  beforeAll(async () => {
    // The app and the scheduler see the same day: the morning the reminder goes out.
    app = await startKoersUnderTest(database(), { now: () => FEEDBACK_P7D_DUE });
    app.slack.setUserLocale('UEN', 'en-US');
    await subscribe(database().handle.db, CHANNEL, 'reminders', 'UADMIN', new Date('2017-01-01T00:00:00Z'));
    await runTick(workerFor(database(), app.slack), FEEDBACK_P7D_DUE);
    const posted = app.slack
      .callsTo('chat.postMessage')
      .filter(
        (call) => call.args.channel === CHANNEL && visibleText(call.args).includes(FEEDBACK_PHASE.title),
      );
    expect(posted).toHaveLength(1);
    reminder = posted[0]!;
    const [delivery] = await listDeliveries(database().handle.db, { channelId: CHANNEL }).then((rows) =>
      rows.filter((row) => row.key === `${FEEDBACK_PHASE.id}/P7D` && row.status === 'sent'),
    );
    reminderTs = delivery?.messageTs ?? '';
    expect(reminderTs).not.toBe('');
  });
  afterAll(async () => {
    await app?.stop();
  });

  function buttonsOf(message: FakeCall): Button[] {
    const blocks = (message.args.blocks ?? []) as { type: string; elements?: Button[] }[];
    return blocks.filter((block) => block.type === 'actions').flatMap((block) => block.elements ?? []);
  }

  function buttonLabelled(label: string): Button {
    const found = buttonsOf(reminder).find((button) => button.text.text === label);
    if (!found) throw new Error(`no "${label}" button under the reminder`);
    return found;
  }

  /** A user presses a button under the reminder in the channel; what Slack receives at the response_url. */
  async function press(button: Button, userId = 'UNL') {
    const responseUrl = app.slack.respondUrl();
    const body = blockActionBody({
      actionId: button.action_id,
      value: button.value,
      text: button.text.text,
      userId,
      channelId: CHANNEL,
      responseUrl,
      container: {
        type: 'message',
        message_ts: reminderTs,
        channel_id: CHANNEL,
        is_ephemeral: false,
      },
    });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    const responses = await app.slack.waitForResponses(app.slack.responses.length + 1);
    const answer = responses.find((candidate) => candidate.url === responseUrl);
    if (!answer) throw new Error(`no answer at ${responseUrl}`);
    const message = answer.body as { response_type?: string; replace_original?: boolean };
    expect(findLimitViolations(message)).toEqual([]);
    return { message, text: visibleText(message) };
  }

  it('is posted once, a week before the feedback is due, with the buttons "Bekijk tijdlijn" and "Geef feedback"', () => {
    expect(findLimitViolations(reminder.args)).toEqual([]);
    const text = visibleText(reminder.args);
    expect(text).toContain('Herinnering: Feedback op visie retour aan BiSC');
    expect(text).toContain('eind september: 15–29 september 2017');
    expect(text).toContain('Nog *7 dagen*');
    expect(text).toContain('Geef je feedback voor de deadline');
    expect(buttonsOf(reminder).map((button) => button.text.text)).toEqual([
      'Bekijk tijdlijn',
      'Geef feedback',
    ]);
  });

  it('shows the timeline privately, without touching the reminder, when "Bekijk tijdlijn" is pressed', async () => {
    const { message, text } = await press(buttonLabelled('Bekijk tijdlijn'));
    expect(message.response_type).toBe('ephemeral');
    expect(message.replace_original).toBe(false);
    expect(text).toContain('Tijdlijn · Meerjaren innovatieprogramma 2018-2020');
    expect(text).toContain('8 juni 2017');
    expect(text).toContain('Feedback op visie retour aan BiSC');
    expect(text).toMatch(/Nog \*7 dagen\* tot Feedback op visie retour aan BiSC \(29 september 2017\)/);
  });

  /** A user presses a button that opens a modal: what Slack receives through views.open. */
  async function pressForModal(button: Button, userId = 'UNL') {
    const before = app.slack.callsTo('views.open').length;
    const body = blockActionBody({
      actionId: button.action_id,
      value: button.value,
      text: button.text.text,
      userId,
      channelId: CHANNEL,
      responseUrl: app.slack.respondUrl(),
      container: { type: 'message', message_ts: reminderTs, channel_id: CHANNEL, is_ephemeral: false },
    });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    const opened = await app.slack.waitForCalls('views.open', before + 1);
    const view = opened.at(-1)!.args.view as { callback_id: string; private_metadata: string };
    expect(findLimitViolations(view)).toEqual([]);
    return { view, text: visibleText(view) };
  }

  it('opens the feedback form for this phase when "Geef feedback" is pressed', async () => {
    const { view, text } = await pressForModal(buttonLabelled('Geef feedback'));
    expect(view.callback_id).toBe('feedback');
    expect(JSON.parse(metadataOpenedFor(view, 'UNL'))).toEqual({ phaseId: FEEDBACK_PHASE.id });
    expect(text).toContain('Feedback op visie retour aan BiSC');
    expect(text).toContain('Graag uiterlijk 29 september 2017');
  });

  it('answers in English whoever presses a button with Slack in English', async () => {
    const timeline = await press(buttonLabelled('Bekijk tijdlijn'), 'UEN');
    expect(timeline.text).toContain('29 September 2017');
    expect(timeline.text).not.toContain('Tijdlijn');
    const feedback = await pressForModal(buttonLabelled('Geef feedback'), 'UEN');
    expect(feedback.text).toContain('Please respond by 29 September 2017');
  });
});
