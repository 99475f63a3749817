import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnBothDatabases } from '../support/databases.js';
import { type FakeSlack, startFakeSlack } from '../support/fakeSlack.js';
import { type FakeSocketMode, type SocketEnvelope, startFakeSocketMode } from '../support/fakeSocketMode.js';
import { type KoersUnderTest, startKoersUnderTest } from '../support/koersUnderTest.js';
import { visibleText } from '../support/messageText.js';
import { eventBody, slashCommandBody } from '../support/slackRequests.js';

const APP_TOKEN = 'xapp-1-A1-socket-test-3f9c0d';
/** Slack drops an answer that takes longer than this. */
const SLACK_ACK_LIMIT_MS = 3_000;

/*
 * Koers in Socket Mode: no request comes in over HTTP; it asks the (fake) Web API for a link with
 * `apps.connections.open`, connects to the address it gets, and answers envelopes over that link.
 * What is acked within Slack's 3 s is here, in the timed group; the reconnects, which wait on the
 * Socket Mode client and measure nothing, are socketModeReconnect.test.ts.
 */
describeOnBothDatabases('Socket Mode', (database) => {
  let slack: FakeSlack;
  let link: FakeSocketMode;
  let app: KoersUnderTest;

  beforeAll(async () => {
    link = await startFakeSocketMode();
    slack = await startFakeSlack();
    slack.setHandler('apps.connections.open', () => ({ body: { ok: true, url: link.url } }));
    app = await startKoersUnderTest(database(), { slack, config: { SLACK_APP_TOKEN: APP_TOKEN } });
    await link.waitForConnection(1);
  });
  afterAll(async () => {
    await app?.stop();
    await link?.close();
  });

  const envelopeId = () => `env-${randomBytes(6).toString('hex')}`;

  function command(text: string): SocketEnvelope {
    const fields = new URLSearchParams(
      slashCommandBody({ text, userId: 'UNL', responseUrl: slack.respondUrl() }),
    );
    return {
      envelope_id: envelopeId(),
      type: 'slash_commands',
      payload: Object.fromEntries(fields),
      accepts_response_payload: true,
    };
  }

  function homeOpened(userId: string, eventId: string, retryAttempt = 0): SocketEnvelope {
    const event = { type: 'app_home_opened', user: userId, channel: `D${userId.slice(1)}`, tab: 'home' };
    return {
      envelope_id: envelopeId(),
      type: 'events_api',
      payload: JSON.parse(
        eventBody({ event: { ...event, event_ts: (Date.now() / 1000).toFixed(6) }, eventId }),
      ),
      accepts_response_payload: false,
      retry_attempt: retryAttempt,
      retry_reason: retryAttempt > 0 ? 'timeout' : '',
    };
  }

  /** A command sent over the link; the answer in its ack. */
  async function ask(text: string): Promise<string> {
    const ack = await link.deliver(command(text));
    expect(ack.afterMs).toBeLessThan(SLACK_ACK_LIMIT_MS);
    return visibleText(ack.payload);
  }

  it('asks for its link at SLACK_API_URL with the app-level token', () => {
    const opened = slack.callsTo('apps.connections.open');
    expect(opened.length).toBeGreaterThanOrEqual(1);
    expect(opened[0]?.token).toBe(APP_TOKEN);
  });

  it('acks a slash command within 3 s with the answer in the ack', async () => {
    const answer = await ask('status');
    expect(answer).toContain('Effectmeting');
    expect(answer).toContain('Lopend');
  });

  it('acks an app_home_opened event and publishes the Home', async () => {
    const before = slack.callsTo('views.publish').length;
    const ack = await link.deliver(homeOpened('UHOME1', 'EvHOME1'));
    expect(ack.afterMs).toBeLessThan(SLACK_ACK_LIMIT_MS);
    const published = await slack.waitForCalls('views.publish', before + 1);
    expect(published.at(-1)?.args.user_id).toBe('UHOME1');
    expect(visibleText((published.at(-1)?.args.view as { blocks?: unknown[] }) ?? {})).toContain(
      'Effectmeting',
    );
  });

  it('handles nothing twice across a reconnect: an event Slack delivers again on the new link is acked, not redone', async () => {
    const before = slack.callsTo('views.publish').length;
    await link.deliver(homeOpened('UHOME2', 'EvHOME2'));
    await slack.waitForCalls('views.publish', before + 1);

    link.dropWithoutCloseFrame();
    await link.waitForConnection(2);
    // Slack did not see the first ack in time and sends the same event again, marked as a retry.
    const again = await link.deliver(homeOpened('UHOME2', 'EvHOME2', 1));
    expect(again.connection).toBe(2);
    // A command on the new link is answered once, and proves the retry above has been dealt with.
    await ask('status');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slack.callsTo('views.publish').filter((call) => call.args.user_id === 'UHOME2')).toHaveLength(1);
    const answered = link.acks.map((ack) => ack.envelope_id);
    expect(new Set(answered).size).toBe(answered.length);
  });
});
