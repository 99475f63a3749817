import type { AddressInfo } from 'node:net';
import {
  App,
  type BlockAction,
  type ButtonAction,
  HTTPReceiver,
  LogLevel,
  verifySlackRequest,
} from '@slack/bolt';
import { ErrorCode, WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './fakeSlack.js';
import {
  blockActionBody,
  eventBody,
  postToSlackEndpoint,
  signRequest,
  slashCommandBody,
  viewSubmissionBody,
} from './slackRequests.js';

/* The whole suite trusts this fake; here it is checked against Slack's own client and Bolt itself. */

const TOKEN = 'xoxb-fake-test';
const SECRET = 'fake-slack-test-signing-secret';

describe('fake Slack Web API', () => {
  let fake: FakeSlack;

  beforeAll(async () => {
    fake = await startFakeSlack();
  });
  afterAll(async () => {
    await fake?.close();
  });
  afterEach(() => {
    fake.reset();
    fake.clearHandlers();
  });

  const clientFor = (options: { retries?: number } = {}) =>
    new WebClient(TOKEN, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: options.retries ?? 0 },
      logLevel: LogLevel.ERROR,
    });

  it('records a posted message with its blocks parsed back and the bearer token', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Koers*' } }];
    const first = await clientFor().chat.postMessage({ channel: 'C1', text: 'Koers', blocks });
    const second = await clientFor().chat.postMessage({ channel: 'C1', text: 'again' });

    const [call] = await fake.waitForCalls('chat.postMessage', 2);
    expect(call).toMatchObject({ method: 'chat.postMessage', token: TOKEN, status: 200 });
    expect(call?.args).toMatchObject({ channel: 'C1', text: 'Koers', blocks });
    expect(first).toMatchObject({ ok: true, channel: 'C1', message: { text: 'Koers', blocks } });
    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
  });

  it('answers users.info with the locale set per user, and a handler can refuse with a Slack error', async () => {
    fake.setUserLocale('UEN', 'en-US');
    const client = clientFor();
    expect((await client.users.info({ user: 'UEN' })).user?.locale).toBe('en-US');
    expect((await client.users.info({ user: 'UNL' })).user).toMatchObject({
      locale: 'nl-NL',
      tz: 'Europe/Amsterdam',
    });

    fake.setHandler('chat.postMessage', (args) =>
      args.channel === 'CGONE' ? { body: { ok: false, error: 'channel_not_found' } } : undefined,
    );
    await expect(client.chat.postMessage({ channel: 'CGONE', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { error: 'channel_not_found' },
    });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('rate-limits with Retry-After, and the WebClient gets through on its retry', async () => {
    fake.setHandler('chat.postMessage', (_args, callIndex) =>
      callIndex === 0 ? { status: 429, headers: { 'Retry-After': '1' } } : undefined,
    );
    const result = await clientFor({ retries: 1 }).chat.postMessage({ channel: 'C1', text: 'patience' });

    expect(result.ok).toBe(true);
    const calls = fake.callsTo('chat.postMessage');
    expect(calls.map((call) => call.status)).toEqual([429, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1_000);
  });

  it('keeps what a channel was posted, with metadata, and pages it back in conversations.history as Slack does', async () => {
    const client = clientFor();
    const metadata = (n: number) => ({
      event_type: 'koers_delivery',
      event_payload: { kind: 'reminder', key: `k${n}` },
    });
    const posted = [];
    for (const n of [1, 2, 3])
      posted.push(await client.chat.postMessage({ channel: 'C1', text: `m${n}`, metadata: metadata(n) }));
    const oldest = (Number(posted[0]!.ts) - 0.000001).toFixed(6);

    // Newest first, `limit` a page, the rest behind the cursor; metadata only when asked for.
    const first = await client.conversations.history({
      channel: 'C1',
      oldest,
      limit: 2,
      include_all_metadata: true,
    });
    expect(first.messages?.map((m) => m.text)).toEqual(['m3', 'm2']);
    expect(first.messages?.[0]?.metadata).toEqual(metadata(3));
    expect(first.has_more).toBe(true);
    const second = await client.conversations.history({
      channel: 'C1',
      oldest,
      limit: 2,
      cursor: first.response_metadata?.next_cursor,
    });
    expect(second.messages?.map((m) => m.text)).toEqual(['m1']);
    expect(second.has_more).toBe(false);
    expect(second.messages?.[0]?.metadata).toBeUndefined();
    // `oldest` itself is left out unless `inclusive`.
    const after = await client.conversations.history({ channel: 'C1', oldest: posted[0]!.ts });
    expect(after.messages?.map((m) => m.text)).toEqual(['m3', 'm2']);
    const including = await client.conversations.history({
      channel: 'C1',
      oldest: posted[0]!.ts,
      inclusive: true,
    });
    expect(including.messages?.map((m) => m.text)).toEqual(['m3', 'm2', 'm1']);
  });

  it('a post whose answer is lost (hangUp) is in the channel all the same; one Slack refused is not', async () => {
    fake.setHandler('chat.postMessage', (args) =>
      args.text === 'lost'
        ? { hangUp: true }
        : args.text === 'refused'
          ? { body: { ok: false, error: 'is_archived' } }
          : undefined,
    );
    await expect(clientFor().chat.postMessage({ channel: 'C2', text: 'lost' })).rejects.toBeTruthy();
    await expect(clientFor().chat.postMessage({ channel: 'C2', text: 'refused' })).rejects.toBeTruthy();
    expect(fake.messagesIn('C2').map((m) => m.text)).toEqual(['lost']);
  });

  it('takes a files.uploadV2: hands out an upload URL, keeps the bytes, completes the upload', async () => {
    const result = await clientFor().files.uploadV2({
      channel_id: 'C1',
      filename: 'programme.csv',
      content: 'project;status\nEffectmeting;lopend\n',
    });

    expect(result.ok).toBe(true);
    const [upload] = fake.uploads;
    expect(upload?.filename).toBe('programme.csv');
    expect(upload?.data.toString('utf8')).toBe('project;status\nEffectmeting;lopend\n');
    const [complete] = fake.callsTo('files.completeUploadExternal');
    expect(complete?.args).toMatchObject({ channel_id: 'C1', files: [{ id: upload?.fileId }] });
  });

  it('records what is posted to a response_url, each default URL its own', async () => {
    const url = fake.respondUrl();
    expect(fake.respondUrl()).not.toBe(url);
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'in_channel', text: 'Gedeeld' }),
    });

    expect(answer.status).toBe(200);
    const [response] = await fake.waitForResponses(1);
    expect(response).toMatchObject({ url, body: { response_type: 'in_channel', text: 'Gedeeld' } });
  });

  it('says what it did see when a wait times out', async () => {
    await clientFor().auth.test();
    await expect(fake.waitForCalls('chat.postMessage', 1, 50)).rejects.toThrow(
      /expected 1 call\(s\) to chat\.postMessage within 50 ms, got 0; recorded calls: auth\.test \(200\)/,
    );
  });
});

describe('signed requests as Slack sends them', () => {
  it('carry a signature Bolt verifies, which breaks when the body is tampered with', () => {
    const body = slashCommandBody({ text: 'status', responseUrl: 'http://127.0.0.1:9/respond/x' });
    const headers = signRequest(SECRET, body);
    const asBoltReadsThem = {
      'x-slack-signature': headers['x-slack-signature'],
      'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
    };

    expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(() => verifySlackRequest({ signingSecret: SECRET, body, headers: asBoltReadsThem })).not.toThrow();
    expect(() =>
      verifySlackRequest({
        signingSecret: SECRET,
        body: body.replace('status', 'partners'),
        headers: asBoltReadsThem,
      }),
    ).toThrow();
  });

  it('reach the listeners of a real Bolt app, which answers through the fake', async () => {
    const fake = await startFakeSlack();
    const app = new App({
      token: TOKEN,
      receiver: new HTTPReceiver({ signingSecret: SECRET, logLevel: LogLevel.ERROR }),
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl },
    });
    app.command('/project', async ({ ack, command, respond }) => {
      await ack();
      await respond({ text: `command ${command.text} from ${command.user_id}` });
    });
    app.action<BlockAction<ButtonAction>>('share', async ({ ack, action, respond }) => {
      await ack();
      await respond({ text: `action ${action.value}` });
    });
    app.view('subscribe', async ({ ack, view }) => {
      await ack();
      const channel = view.state.values.channel?.pick?.selected_conversation;
      await app.client.chat.postMessage({ channel: channel ?? 'none', text: view.private_metadata });
    });
    app.event('app_home_opened', async ({ event, client }) => {
      await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: [] } });
    });
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const send = (body: string) => postToSlackEndpoint(baseUrl, body, { signingSecret: SECRET });

    try {
      const bodies = [
        slashCommandBody({ text: 'status', userId: 'U7', responseUrl: fake.respondUrl('command') }),
        blockActionBody({ actionId: 'share', value: 'p-42', responseUrl: fake.respondUrl('action') }),
        viewSubmissionBody({
          callbackId: 'subscribe',
          privateMetadata: 'reminders',
          values: { channel: { pick: { type: 'conversations_select', selected_conversation: 'C9' } } },
        }),
        eventBody({
          event: { type: 'app_home_opened', user: 'U7', channel: 'D1', tab: 'home', event_ts: '1.2' },
        }),
      ];
      for (const body of bodies) expect((await send(body)).status).toBe(200);

      const texts = (await fake.waitForResponses(2)).map(
        (response) => (response.body as { text: string }).text,
      );
      expect(texts.sort()).toEqual(['action p-42', 'command status from U7']);
      const [post] = await fake.waitForCalls('chat.postMessage', 1);
      expect(post?.args).toMatchObject({ channel: 'C9', text: 'reminders' });
      const [publish] = await fake.waitForCalls('views.publish', 1);
      expect(publish?.args).toMatchObject({ user_id: 'U7', view: { type: 'home' } });

      const forged = await postToSlackEndpoint(baseUrl, bodies[0]!, { signingSecret: 'wrong-secret' });
      expect(forged.status).toBe(401);
    } finally {
      await app.stop();
      await fake.close();
    }
  });
});
