import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { channelOverviews, subscriptions } from '../../src/db/schema.js';
import { describeOnBothDatabases } from '../support/databases.js';
import { type KoersUnderTest, SIGNING_SECRET, startKoersUnderTest } from '../support/koersUnderTest.js';
import { eventBody, postToSlackEndpoint, signRequest, slashCommandBody } from '../support/slackRequests.js';

/*
 * Every request below would change data if it were served: an admin subscribing a channel. None that
 * is forged, stale, from the future, replayed, truncated or oversized may reach a handler: no row
 * written, no call to Slack, no answer.
 */
describeOnBothDatabases('requests that must not be served', (database) => {
  let app: KoersUnderTest;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    app = await startKoersUnderTest(database(), { config: { ADMIN_USER_IDS: ['UADMIN'] } });
    app.slack.setHandler('conversations.info', (args) => ({
      body: { ok: true, channel: { id: args.channel, is_private: false, is_member: true } },
    }));
  });
  afterAll(async () => {
    await app?.stop();
  });
  beforeEach(async () => {
    await database().handle.db.delete(subscriptions);
    // The overview an earlier subscription posts is done with before Slack's record is cleared.
    await app.koers.refreshOverviews();
    await database().handle.db.delete(channelOverviews);
    app.slack.reset();
  });

  const subscribeBody = () =>
    slashCommandBody({
      text: 'aanmelden',
      userId: 'UADMIN',
      channelId: 'CSEC',
      responseUrl: app.slack.respondUrl(),
    });
  const subscriptionCount = async () => (await database().handle.db.select().from(subscriptions)).length;

  async function expectRefusedWithoutEffect(
    send: () => Promise<{ status: number; text: string }>,
    status = 401,
  ) {
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.text).not.toContain('kanaal');
    expect(await subscriptionCount()).toBe(0);
    // Nothing reached a handler: it would have asked Slack about the channel and the user's language.
    expect(app.slack.calls.filter((call) => call.method !== 'auth.test')).toEqual([]);
  }

  it('serves the genuine request (the control case)', async () => {
    const response = await postToSlackEndpoint(app.baseUrl, subscribeBody(), {
      signingSecret: SIGNING_SECRET,
    });
    expect(response.status).toBe(200);
    expect(await subscriptionCount()).toBe(1);
  });

  it('refuses a request signed with another secret', async () => {
    await expectRefusedWithoutEffect(() =>
      postToSlackEndpoint(app.baseUrl, subscribeBody(), { signingSecret: 'an-attackers-guess-0000' }),
    );
  });

  it('refuses a request without signature headers', async () => {
    await expectRefusedWithoutEffect(() =>
      fetch(`${app.baseUrl}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: subscribeBody(),
      }).then(async (r) => ({ status: r.status, text: await r.text() })),
    );
  });

  it('refuses a request older than five minutes', async () => {
    await expectRefusedWithoutEffect(() =>
      postToSlackEndpoint(app.baseUrl, subscribeBody(), {
        signingSecret: SIGNING_SECRET,
        timestampSec: now() - 301,
      }),
    );
  });

  it('refuses a request from the future', async () => {
    await expectRefusedWithoutEffect(() =>
      postToSlackEndpoint(app.baseUrl, subscribeBody(), {
        signingSecret: SIGNING_SECRET,
        timestampSec: now() + 120,
      }),
    );
  });

  it('refuses a truncated body under the signature of the whole', async () => {
    const whole = subscribeBody();
    const timestampSec = now();
    const signature = signRequest(SIGNING_SECRET, whole, timestampSec)['x-slack-signature'];
    await expectRefusedWithoutEffect(() =>
      postToSlackEndpoint(app.baseUrl, whole.slice(0, Math.floor(whole.length / 2)), {
        signingSecret: SIGNING_SECRET,
        timestampSec,
        signature,
      }),
    );
  });

  it('refuses an oversized body with 413', async () => {
    const huge = `${subscribeBody()}&padding=${'x'.repeat(1_000_000)}`;
    await expectRefusedWithoutEffect(
      () => postToSlackEndpoint(app.baseUrl, huge, { signingSecret: SIGNING_SECRET }),
      413,
    );
  });

  it('refuses a replay of a request it already served, even within the five minutes', async () => {
    const body = subscribeBody();
    const timestampSec = now();
    expect(
      (await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET, timestampSec })).status,
    ).toBe(200);
    await database().handle.db.delete(subscriptions);
    // The overview an earlier subscription posts is done with before Slack's record is cleared.
    await app.koers.refreshOverviews();
    await database().handle.db.delete(channelOverviews);
    app.slack.reset();
    await expectRefusedWithoutEffect(() =>
      postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET, timestampSec }),
    );
  });

  it('handles an event that Slack retries only once', async () => {
    const event = {
      type: 'app_home_opened',
      user: 'URETRY',
      channel: 'DRETRY',
      tab: 'home',
      event_ts: '1.1',
    };
    const body = eventBody({ event, eventId: 'Ev0RETRY01' });
    const first = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(first.status).toBe(200);
    await app.slack.waitForCalls('views.publish', 1);
    // Slack's retry: the same event id, signed anew, with the retry headers.
    const retry = await postToSlackEndpoint(app.baseUrl, body, {
      signingSecret: SIGNING_SECRET,
      timestampSec: now() + 1,
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(app.slack.callsTo('views.publish')).toHaveLength(1);
  });
});
