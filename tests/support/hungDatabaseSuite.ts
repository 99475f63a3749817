import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { proposeIdea } from '../../src/db/ideaRepository.js';
import { addStoredAdmin, setLibraryOf } from '../../src/db/peopleRepository.js';
import { feedbackResponses, ideas } from '../../src/db/schema.js';
import { createLogger } from '../../src/logger.js';
import type { TestDatabase } from './databases.js';
import { feedbackSubmissionBody } from './feedbackForm.js';
import { type KoersUnderTest, SIGNING_SECRET } from './koersUnderTest.js';
import { findButton, visibleText } from './messageText.js';
import {
  blockActionBody,
  postToSlackEndpoint,
  slashCommandBody,
  viewSubmissionBody,
} from './slackRequests.js';
import { openedMetadata } from './views.js';

/*
 * A database that takes a request and never answers it. Slack closes a request after 3 seconds and
 * the user's modal shows "We had some trouble connecting": whatever they typed is gone. Koers must
 * answer the form itself before then, keep the modal open with the input, and store nothing late (a
 * save the user was told failed, then stored after all, would be doubled when they send it again).
 *
 * On PostgreSQL a TCP proxy in front of the server holds every connection open and relays nothing.
 * On PGlite, the app's one session is held by a transaction that does not end (as the CLI's, through
 * the app's socket, holds it while it imports): the app's statements wait their turn.
 */

const SLACK_TIMEOUT_MS = 3_000;

export interface Hang {
  start(): Promise<void>;
  end(): Promise<void>;
}

export function hungFormSuite(
  kind: 'pglite' | 'postgres',
  setUp: () => Promise<{
    app: KoersUnderTest;
    direct: TestDatabase;
    logs: Record<string, unknown>[];
    hang: Hang;
    cleanUp(): Promise<void>;
  }>,
) {
  let app: KoersUnderTest;
  let direct: TestDatabase;
  let logs: Record<string, unknown>[];
  let hang: Hang;
  let cleanUp: () => Promise<void>;
  beforeAll(async () => {
    ({ app, direct, logs, hang, cleanUp } = await setUp());
    await setLibraryOf(direct.handle.db, 'UAVV', 'AVV', 'test', new Date());
  });
  afterAll(async () => {
    await cleanUp?.();
  });

  const submit = async (remarks: string) => {
    const started = Date.now();
    const body = feedbackSubmissionBody('UAVV', { library: 'AVV', judgement: 'agree', remarks });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    return {
      status: response.status,
      tookMs: Date.now() - started,
      json: response.json as { response_action?: string; errors?: Record<string, string> },
    };
  };
  const stored = async () =>
    (await direct.handle.db.select({ remarks: feedbackResponses.remarks }).from(feedbackResponses)).map(
      (row) => row.remarks,
    );

  it(`keeps the form open with "cannot save now" within Slack's 3 seconds, and stores nothing late [${kind}]`, async () => {
    expect((await submit('Voor de storing.')).json.response_action).toBe('update');

    await hang.start();
    const during = await submit('Tijdens de storing.');
    expect(during.status).toBe(200);
    expect(during.tookMs).toBeLessThan(SLACK_TIMEOUT_MS);
    expect(during.json.response_action).toBe('errors');
    expect(during.json.errors?.remarks).toContain('Koers kan nu niet opslaan, je invoer is bewaard');

    await hang.end();
    // What waited on the database now gets its answer, and must roll back rather than commit.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await stored()).toEqual(['Voor de storing.']);

    // Sent again once the database answers: stored once, as the second version.
    const again = await submit('Tijdens de storing.');
    expect(again.json.response_action).toBe('update');
    expect(await stored()).toEqual(['Voor de storing.', 'Tijdens de storing.']);
    // Nothing slipped past the listener, and what the user typed is not in the log.
    expect(logs.filter((line) => line.msg === 'unhandled error in a Slack listener')).toEqual([]);
    expect(JSON.stringify(logs)).not.toContain('Tijdens de storing');
  });

  it(`answers a button within Slack's 3 seconds with "cannot save now", and shares the answer once [${kind}]`, async () => {
    const asked = await postToSlackEndpoint(
      app.baseUrl,
      slashCommandBody({ text: 'status effectmeting', userId: 'UAVV', responseUrl: app.slack.respondUrl() }),
      { signingSecret: SIGNING_SECRET },
    );
    const share = findButton(asked.json as { blocks?: unknown[] }, 'answer_share');
    const responseUrl = app.slack.respondUrl('share-while-hung');
    const click = () =>
      postToSlackEndpoint(
        app.baseUrl,
        blockActionBody({
          actionId: 'answer_share',
          value: share.value,
          userId: 'UAVV',
          channelId: 'C1',
          responseUrl,
        }),
        { signingSecret: SIGNING_SECRET },
      );
    const answered = () => app.slack.responses.filter((response) => response.url === responseUrl);

    await hang.start();
    const started = Date.now();
    expect((await click()).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(SLACK_TIMEOUT_MS);
    // Told in their language before Slack would have given up on the click, not when the database returns.
    while (answered().length === 0 && Date.now() - started < SLACK_TIMEOUT_MS) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(answered().map((response) => visibleText(response.body))).toEqual([
      expect.stringContaining('Koers kan dit nu niet opslaan of beantwoorden'),
    ]);

    await hang.end();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // Pressed again once the database answers: the answer is in the channel once, whichever click did it.
    expect((await click()).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const shared = answered().filter(
      (response) => (response.body as { response_type?: string }).response_type === 'in_channel',
    );
    expect(shared).toHaveLength(1);
    expect(logs.filter((line) => line.msg === 'unhandled error in a Slack listener')).toEqual([]);
  });

  it(`tells a Home button's user within Slack's 3 seconds, and the Home and the form follow [${kind}]`, async () => {
    const homeClick = (userId: string, actionId: string, selectedValue?: string) =>
      postToSlackEndpoint(
        app.baseUrl,
        blockActionBody({
          actionId,
          userId,
          ...(selectedValue ? { selectedValue } : { value: '' }),
          view: { id: `VHOME${userId}`, type: 'home' },
        }),
        { signingSecret: SIGNING_SECRET },
      );
    const publishedFor = (userId: string) =>
      app.slack.callsTo('views.publish').filter((call) => call.args.user_id === userId);
    const within3s = async (check: () => boolean, started: number) => {
      while (!check() && Date.now() - started < SLACK_TIMEOUT_MS) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return check();
    };

    // The library picker: the Home says the choice cannot be saved now, then shows the library.
    const publishedBefore = publishedFor('UHOMEPICK').length;
    await hang.start();
    let started = Date.now();
    expect((await homeClick('UHOMEPICK', 'home_choose_library', 'AVV')).status).toBe(200);
    expect(await within3s(() => publishedFor('UHOMEPICK').length > publishedBefore, started)).toBe(true);
    expect(visibleText(publishedFor('UHOMEPICK').at(-1)!.args.view)).toContain(
      'Koers kan dit nu niet opslaan of beantwoorden',
    );
    await hang.end();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // Chosen again if the first could not be saved: the library is the user's once, and the Home shows it.
    await homeClick('UHOMEPICK', 'home_choose_library', 'AVV');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const home = visibleText(publishedFor('UHOMEPICK').at(-1)!.args.view);
    expect(home).not.toContain('Koers kan dit nu niet opslaan');
    expect(home).toContain('Angstel');

    // "Give feedback": a notice opens the modal in time; what follows replaces it, never a second open.
    const opensBefore = app.slack.callsTo('views.open').length;
    const updatesBefore = app.slack.callsTo('views.update').length;
    await hang.start();
    started = Date.now();
    expect((await homeClick('UAVV', 'home_feedback')).status).toBe(200);
    expect(await within3s(() => app.slack.callsTo('views.open').length > opensBefore, started)).toBe(true);
    const [notice] = app.slack.callsTo('views.open').slice(opensBefore);
    expect(visibleText(notice!.args.view)).toContain('Koers kan dit nu niet opslaan of beantwoorden');
    await hang.end();
    for (let waited = 0; app.slack.callsTo('views.update').length === updatesBefore && waited < 5_000; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      waited += 50;
    }
    expect(app.slack.callsTo('views.open')).toHaveLength(opensBefore + 1);
    const [followed] = app.slack.callsTo('views.update').slice(updatesBefore);
    expect(followed!.args.view_id).toMatch(/^V/);
    expect(logs.filter((line) => line.msg === 'unhandled error in a Slack listener')).toEqual([]);
  });

  it(`opens "make it a project" in time with a notice, and the project form follows into it [${kind}]`, async () => {
    await addStoredAdmin(direct.handle.db, 'UHUNGADMIN', 'test', new Date());
    const idea = await proposeIdea(
      direct.handle.db,
      {
        title: 'Voorleesmiddag',
        description: 'Voorlezen op woensdagmiddag.',
        theme: '',
        libraryCodes: ['AVV'],
        proposedBy: 'UAVV',
      },
      [],
      new Date(),
    );
    // The idea goes again afterwards: the idea form's case counts the ideas stored.
    onTestFinished(async () => {
      await direct.handle.db.delete(ideas);
    });
    const opensBefore = app.slack.callsTo('views.open').length;
    const updatesBefore = app.slack.callsTo('views.update').length;
    await hang.start();
    const started = Date.now();
    const click = await postToSlackEndpoint(
      app.baseUrl,
      blockActionBody({ actionId: 'idea_to_project', userId: 'UHUNGADMIN', value: String(idea.id) }),
      { signingSecret: SIGNING_SECRET },
    );
    expect(click.status).toBe(200);
    while (
      app.slack.callsTo('views.open').length === opensBefore &&
      Date.now() - started < SLACK_TIMEOUT_MS
    ) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const opened = app.slack.callsTo('views.open').slice(opensBefore);
    expect(opened).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(SLACK_TIMEOUT_MS);
    await hang.end();
    for (let waited = 0; app.slack.callsTo('views.update').length === updatesBefore && waited < 5_000; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      waited += 50;
    }
    const [form] = app.slack.callsTo('views.update').slice(updatesBefore);
    const view = (form?.args.view ?? {}) as { callback_id?: string };
    expect(view.callback_id).toBe('programme_project');
    expect(JSON.stringify(view)).toContain('Voorleesmiddag');
    expect(app.slack.callsTo('views.open')).toHaveLength(opensBefore + 1);
  });

  it(`keeps an idea form open the same way, and stores the idea once [${kind}]`, async () => {
    const text = (value: string) => ({ value: { type: 'plain_text_input', value } });
    const body = () =>
      viewSubmissionBody({
        callbackId: 'idea',
        userId: 'UAVV',
        privateMetadata: openedMetadata('idea', 'UAVV'),
        values: {
          title: text('Bibliotheek aan huis'),
          description: text('Boeken bezorgen bij wie niet meer kan komen.'),
          theme: text('Inclusie'),
          libraries: { value: { type: 'multi_static_select', selected_options: [] } },
        } as never,
      });
    await hang.start();
    const started = Date.now();
    const during = await postToSlackEndpoint(app.baseUrl, body(), { signingSecret: SIGNING_SECRET });
    expect(Date.now() - started).toBeLessThan(SLACK_TIMEOUT_MS);
    expect(during.status).toBe(200);
    expect((during.json as { errors?: Record<string, string> }).errors?.title).toContain(
      'Koers kan nu niet opslaan',
    );
    await hang.end();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await direct.handle.db.select().from(ideas)).toEqual([]);
    const again = await postToSlackEndpoint(app.baseUrl, body(), { signingSecret: SIGNING_SECRET });
    expect((again.json as { response_action?: string }).response_action).toBe('update');
    expect(await direct.handle.db.select().from(ideas)).toHaveLength(1);
  });
}

/** A logger at warn level whose lines land in `lines`. */
export function captured(lines: Record<string, unknown>[]) {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return createLogger('warn', destination);
}
