import { afterAll, beforeAll, expect, it } from 'vitest';
import { setLibraryOf } from '../../src/db/peopleRepository.js';
import { deliveries, feedbackResponses, ideas, subscriptions } from '../../src/db/schema.js';
import { subscribe } from '../../src/db/subscriptionRepository.js';
import { runTick } from '../../src/scheduler/reminderWorker.js';
import { describeOnBothDatabases } from '../support/databases.js';
import { type KoersUnderTest, SIGNING_SECRET, startKoersUnderTest } from '../support/koersUnderTest.js';
import { visibleText } from '../support/messageText.js';
import { workerFor } from '../support/schedulerUnderTest.js';
import {
  blockActionBody,
  postToSlackEndpoint,
  slashCommandBody,
  viewSubmissionBody,
} from '../support/slackRequests.js';
import { openedMetadata } from '../support/views.js';

/** Monday 18 September 2017, 13:01 in Amsterdam: the playground's first day, in the feedback phase. */
const PLAYGROUND_TIME = new Date('2017-09-18T11:01:00Z');
/** Monday 25 September 2017, 09:00 in Amsterdam: the next digest is due. */
const NEXT_DIGEST = new Date('2017-09-25T07:00:00Z');
const NOTE = 'Vragenlijst voor de vervolgmeting verstuurd.';
const ADMIN = 'UADMIN';

describeOnBothDatabases("every timestamp Koers writes comes from the app's clock", (database) => {
  let app: KoersUnderTest;
  let clock = PLAYGROUND_TIME;

  beforeAll(async () => {
    app = await startKoersUnderTest(database(), { now: () => clock, config: { ADMIN_USER_IDS: [ADMIN] } });
    await setLibraryOf(database().handle.db, 'UAVV', 'AVV', 'test', PLAYGROUND_TIME);
  });
  afterAll(async () => {
    await app?.stop();
  });

  async function post(body: Parameters<typeof postToSlackEndpoint>[1]) {
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    return response;
  }
  const command = (text: string, userId: string) =>
    post(slashCommandBody({ text, userId, channelId: 'C1', responseUrl: app.slack.respondUrl() }));

  it('shows an update made at 18 September 2017 as of then, and the next Monday digest carries it', async () => {
    const saved = await post(
      viewSubmissionBody({
        callbackId: 'project_update',
        userId: 'UAVV',
        privateMetadata: openedMetadata('project_update', 'UAVV', JSON.stringify({ slug: 'effectmeting' })),
        values: {
          status: {
            value: {
              type: 'static_select',
              selected_option: { value: 'running', text: { type: 'plain_text', text: 'running' } },
            },
          },
          note: { value: { type: 'plain_text_input', value: NOTE } },
          milestone: { value: { type: 'datepicker', selected_date: null } },
        } as never,
      }),
    );
    expect((saved.json as { response_action: string }).response_action).toBe('update');

    const detail = visibleText((await command('status effectmeting', 'UAVV')).json);
    expect(detail).toContain('ma 18 september 2017 13:01');
    expect(detail).not.toMatch(/202[4-9]/);

    await subscribe(database().handle.db, 'CDIGEST', 'digest', ADMIN, PLAYGROUND_TIME);
    const report = await runTick(workerFor(database(), app.slack), NEXT_DIGEST);
    expect(report.sent.map((sent) => sent.channelId)).toContain('CDIGEST');
    const digest = app.slack.callsTo('chat.postMessage').find((call) => call.args.channel === 'CDIGEST')!;
    expect(visibleText(digest.args)).toContain(NOTE);
    expect(visibleText(digest.args)).not.toContain('Geen nieuwe updates');
    await database().handle.db.delete(deliveries);
    await database().handle.db.delete(subscriptions);
  });

  it('stores feedback (and its export), an idea and its approval as of the app clock', async () => {
    clock = new Date('2017-09-20T08:00:00Z');
    const selected = (value: string) => ({ value, text: { type: 'plain_text', text: value } });
    await post(
      viewSubmissionBody({
        callbackId: 'feedback',
        userId: 'UAVV',
        privateMetadata: openedMetadata('feedback', 'UAVV', JSON.stringify({ phaseId: 'feedback-visie' })),
        values: {
          library: { value: { type: 'static_select', selected_option: selected('AVV') } },
          judgement: { value: { type: 'radio_buttons', selected_option: selected('agree') } },
          remarks: { value: { type: 'plain_text_input', value: null } },
          priorities: { value: { type: 'multi_static_select', selected_options: [] } },
          contact: { value: { type: 'checkboxes', selected_options: [] } },
        } as never,
      }),
    );
    const [feedback] = await database().handle.db.select().from(feedbackResponses);
    expect(feedback).toMatchObject({ late: false, createdAt: clock });

    // The export an admin downloads says when it was submitted, by the same clock.
    app.slack.setHandler('conversations.open', () => ({ body: { ok: true, channel: { id: 'DADMIN' } } }));
    await command('export feedback feedback-visie csv', ADMIN);
    await app.slack.waitForCalls('files.completeUploadExternal', 1);
    const csv = app.slack.uploads.at(-1)!.data.toString('utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'phase_id,library_code,library_name,user_id,user_name,judgement,remarks,priorities,may_contact,late,submitted_at,version',
    );
    expect(csv).toContain('2017-09-20T08:00:00');
    expect(csv).not.toMatch(/202[4-9]-/);

    await post(
      viewSubmissionBody({
        callbackId: 'idea',
        userId: 'UAVV',
        privateMetadata: openedMetadata('idea', 'UAVV'),
        values: {
          title: { value: { type: 'plain_text_input', value: 'Leesclub op afstand' } },
          description: { value: { type: 'plain_text_input', value: 'Samen lezen via video.' } },
          theme: { value: { type: 'plain_text_input', value: null } },
          libraries: { value: { type: 'multi_static_select', selected_options: [] } },
        } as never,
      }),
    );
    const [idea] = await database().handle.db.select().from(ideas);
    expect(idea!.createdAt).toEqual(clock);

    const proposed = clock;
    clock = new Date('2017-09-21T09:30:00Z');
    const answered = app.slack.responses.length;
    await post(
      blockActionBody({
        actionId: 'idea_approve',
        value: String(idea!.id),
        userId: ADMIN,
        responseUrl: app.slack.respondUrl(),
      }),
    );
    await app.slack.waitForResponses(answered + 1);
    const [decided] = await database().handle.db.select().from(ideas);
    expect(decided).toMatchObject({ status: 'approved', createdAt: proposed, decidedAt: clock });
  });
});
