import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnBothDatabases } from '../support/databases.js';
import { type FakeSlack, startFakeSlack } from '../support/fakeSlack.js';
import { type FakeSocketMode, type SocketEnvelope, startFakeSocketMode } from '../support/fakeSocketMode.js';
import { type KoersUnderTest, startKoersUnderTest } from '../support/koersUnderTest.js';
import { visibleText } from '../support/messageText.js';
import { slashCommandBody } from '../support/slackRequests.js';

const APP_TOKEN = 'xapp-1-A1-socket-test-3f9c0d';

/*
 * Koers in Socket Mode loses its link and makes a new one: when Slack asks it to, and when the link
 * drops without a close frame. Each waits seconds on the Socket Mode client and measures no time limit,
 * so it runs beside the other files (the 3 s acks over the link are socketMode.test.ts, timed).
 */
describeOnBothDatabases('Socket Mode, reconnecting', (database) => {
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

  it('reconnects when Slack asks it to (disconnect, refresh_requested) and answers on the new link', async () => {
    const opened = slack.callsTo('apps.connections.open').length;
    link.askToReconnect('refresh_requested');
    await link.waitForConnection(2);
    expect(slack.callsTo('apps.connections.open').length).toBe(opened + 1);
    const ack = await link.deliver(command('timeline'));
    expect(ack.connection).toBe(2);
    expect(visibleText(ack.payload)).toMatch(/\d{4}/);
  });

  it('reconnects after the link drops without a close frame, and answers on the new link', async () => {
    link.dropWithoutCloseFrame();
    await link.waitForConnection(3);
    const ack = await link.deliver(command('partners'));
    expect(ack.connection).toBe(3);
    expect(visibleText(ack.payload)).toContain('AVV');
  });
});
