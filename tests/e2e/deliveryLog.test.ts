import { afterAll, beforeAll, expect, it } from 'vitest';
import { listDeliveries } from '../../src/db/deliveryRepository.js';
import { deliveries } from '../../src/db/schema.js';
import { subscribe } from '../../src/db/subscriptionRepository.js';
import { runTick, type Worker } from '../../src/scheduler/reminderWorker.js';
import { SLACK_LIMITS } from '../../src/slack/blocks/index.js';
import { findLimitViolations } from '../support/blockLimits.js';
import { describeOnBothDatabases } from '../support/databases.js';
import { type KoersUnderTest, SIGNING_SECRET, startKoersUnderTest } from '../support/koersUnderTest.js';
import { visibleText } from '../support/messageText.js';
import { workerFor } from '../support/schedulerUnderTest.js';
import {
  blockActionBody,
  eventBody,
  postToSlackEndpoint,
  slashCommandBody,
} from '../support/slackRequests.js';

/** 1 June 2017, 09:00 in Amsterdam: the first reminder of the example (PDO, 7 days before) is due. */
const PDO_DUE = new Date('2017-06-01T07:00:00Z');
/** 10 June: the PDO's reminders of 1 day before and of the day itself were missed by far. */
const AFTER_OUTAGE = new Date('2017-06-10T07:00:00Z');
const ADMIN = 'UADMIN';
const GOOD = 'CGOOD1';
const GONE = 'CGONE1';
const UNSURE = 'CUNSURE1';
const RETRY_ACTION = 'delivery_retry';

interface Message {
  text: string;
  blocks?: unknown[];
  response_type?: string;
  replace_original?: boolean;
}

describeOnBothDatabases("the admins' delivery log in Slack", (database) => {
  let app: KoersUnderTest;
  let worker: Worker;
  let clock = PDO_DUE;

  beforeAll(async () => {
    app = await startKoersUnderTest(database(), {
      now: () => clock,
      config: { ADMIN_USER_IDS: [ADMIN, 'UADMINEN'] },
    });
    app.slack.setUserLocale('UEN', 'en-US');
    app.slack.setUserLocale('UADMINEN', 'en-US');
    worker = workerFor(database(), app.slack);
    const db = database().handle.db;
    await subscribe(db, GOOD, 'reminders', ADMIN, new Date('2017-01-01T00:00:00Z'));
    await subscribe(db, GONE, 'reminders', ADMIN, new Date('2017-01-01T00:00:00Z'));
    // The channel GONE was archived: Slack refuses every post to it.
    app.slack.setHandler('chat.postMessage', (args) =>
      args.channel === GONE ? { body: { ok: false, error: 'channel_not_found' } } : undefined,
    );
    await runTick(worker, PDO_DUE);
    clock = AFTER_OUTAGE;
    await runTick(worker, AFTER_OUTAGE);
  });
  afterAll(async () => {
    await app?.stop();
  });

  async function command(text: string, userId: string): Promise<Message> {
    const body = slashCommandBody({ text, userId, channelId: GOOD, responseUrl: app.slack.respondUrl() });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    return response.json as Message;
  }

  function retryButtonValue(payload: unknown): string {
    const found: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const record = node as Record<string, unknown>;
        if (record.action_id === RETRY_ACTION && typeof record.value === 'string') found.push(record.value);
        Object.values(record).forEach(walk);
      }
    };
    walk(payload);
    expect(found.length).toBeGreaterThan(0);
    return found[0]!;
  }

  /** An admin (or someone else) clicks "retry" under the log in a channel. */
  const clickRetry = (deliveryId: string, userId: string, responseUrl = app.slack.respondUrl()) =>
    postToSlackEndpoint(
      app.baseUrl,
      blockActionBody({ actionId: RETRY_ACTION, value: deliveryId, userId, channelId: GOOD, responseUrl }),
      { signingSecret: SIGNING_SECRET },
    );

  const postsTo = (channel: string) =>
    app.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === channel);

  it('/project reminders log shows an admin, per channel, what was sent, what failed with Slack’s error and what was skipped', async () => {
    const answer = await command('herinneringen log', ADMIN);
    expect(answer.response_type).toBe('ephemeral');
    expect(findLimitViolations(answer)).toEqual([]);
    const text = visibleText(answer);
    expect(text).toContain('Verzonden herinneringen en weekoverzichten');
    expect(text).toContain(`*<#${GOOD}>*`);
    expect(text).toContain(`*<#${GONE}>*`);
    expect(text).toMatch(
      /1 juni 2017 09:00 · Herinnering \*Provinciaal Directieoverleg[^*]*\* \(7 dagen ervoor\) · ✅ verzonden/,
    );
    expect(text).toContain('❌ mislukt: `channel_not_found`');
    expect(text).toContain('⏭️ overgeslagen: te laat na een storing');
    expect(text).toContain('Opnieuw proberen');
  });

  it('answers an English-speaking admin in English', async () => {
    const text = visibleText(await command('reminders log', 'UADMINEN'));
    expect(text).toContain('Reminders and digests sent');
    expect(text).toContain('❌ failed: `channel_not_found`');
    expect(text).toContain('Retry');
  });

  it('refuses someone who is not an admin, in their language, and shows them nothing of the log', async () => {
    const dutch = await command('herinneringen log', 'UNOBODY');
    expect(dutch.text).toContain('Alleen beheerders van het programma zien wat Koers verzond');
    expect(visibleText(dutch)).not.toContain('channel_not_found');
    const english = await command('reminders log', 'UEN');
    expect(english.text).toContain("Only the programme's admins see what Koers sent");
  });

  it('the admins’ App Home shows the log with a retry button; others’ Home does not', async () => {
    app.slack.reset();
    for (const user of [ADMIN, 'UNOBODY']) {
      const body = eventBody({
        event: {
          type: 'app_home_opened',
          user,
          channel: 'D1',
          tab: 'home',
          event_ts: `${Date.now() / 1000}`,
        },
      });
      expect((await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET })).status).toBe(
        200,
      );
    }
    const publishes = await app.slack.waitForCalls('views.publish', 2);
    const homeOf = (user: string) => publishes.find((call) => call.args.user_id === user)?.args.view;
    const adminHome = homeOf(ADMIN);
    expect(findLimitViolations(adminHome)).toEqual([]);
    expect(visibleText(adminHome)).toContain('Verzonden herinneringen en weekoverzichten');
    expect(visibleText(adminHome)).toContain('❌ mislukt: `channel_not_found`');
    retryButtonValue(adminHome);
    expect(visibleText(homeOf('UNOBODY'))).not.toContain('Verzonden herinneringen');
  });

  it('a retry posts exactly once: two clicks at the same time, while the scheduler ticks', async () => {
    const failedBefore = (await listDeliveries(database().handle.db, { channelId: GONE })).filter(
      (delivery) => delivery.status === 'failed',
    );
    expect(failedBefore.length).toBeGreaterThan(0);
    const log = await command('herinneringen log', ADMIN);
    const deliveryId = retryButtonValue(log);

    // The channel is back (unarchived): Slack takes posts to it again.
    app.slack.setHandler('chat.postMessage', () => undefined);
    app.slack.reset();
    const click = (responseUrl: string) => clickRetry(deliveryId, ADMIN, responseUrl);
    const [first, second] = await Promise.all([
      click(app.slack.respondUrl('first')),
      click(app.slack.respondUrl('second')),
      runTick(worker, AFTER_OUTAGE),
    ]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    const responses = await app.slack.waitForResponses(2);

    expect(postsTo(GONE)).toHaveLength(1);
    const answers = responses.map((response) => visibleText(response.body));
    expect(answers.filter((answer) => answer.includes(`Opnieuw verzonden naar <#${GONE}>.`))).toHaveLength(1);
    expect(answers.filter((answer) => answer.includes('staat niet (meer) op mislukt'))).toHaveLength(1);
    for (const response of responses) expect((response.body as Message).replace_original).toBe(true);

    const row = (await listDeliveries(database().handle.db, { channelId: GONE })).find(
      (delivery) => String(delivery.id) === deliveryId,
    );
    expect(row?.status).toBe('sent');
    expect(row?.messageTs).toBeTruthy();

    // A third click, later, finds it sent: nothing is posted again.
    await click(app.slack.respondUrl('third'));
    await app.slack.waitForResponses(3);
    expect(postsTo(GONE)).toHaveLength(1);
  });

  it('a retry that fails again says so with Slack’s error, and the delivery stays failed', async () => {
    const log = await command('herinneringen log', ADMIN);
    const deliveryId = retryButtonValue(log);
    app.slack.setHandler('chat.postMessage', () => ({ body: { ok: false, error: 'is_archived' } }));
    app.slack.reset();
    await clickRetry(deliveryId, ADMIN);
    const [response] = await app.slack.waitForResponses(1);
    expect(visibleText(response?.body)).toContain(
      `Opnieuw proberen naar <#${GONE}> mislukte weer: \`is_archived\``,
    );
    expect(visibleText(response?.body)).toContain('❌ mislukt: `is_archived`');
    app.slack.setHandler('chat.postMessage', () => undefined);
  });

  it('a retry clicked by someone who is not an admin (a forged click) posts nothing', async () => {
    const log = await command('herinneringen log', ADMIN);
    const deliveryId = retryButtonValue(log);
    app.slack.reset();
    await clickRetry(deliveryId, 'UNOBODY');
    const [response] = await app.slack.waitForResponses(1);
    expect(visibleText(response?.body)).toContain(
      'Alleen beheerders van het programma zien wat Koers verzond',
    );
    expect(app.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('a delivery given up because Slack may have had it is shown as such, and its retry looks in the channel instead of posting again', async () => {
    const db = database().handle.db;
    await subscribe(db, UNSURE, 'reminders', ADMIN, new Date('2017-01-01T00:00:00Z'));
    app.slack.reset();
    // Slack takes the post but the answer is lost, and its channel cannot be read either.
    app.slack.setHandler('chat.postMessage', (args) =>
      args.channel === UNSURE ? { hangUp: true } : undefined,
    );
    app.slack.setHandler('conversations.history', () => ({ status: 503 }));
    const report = await runTick(workerFor(database(), app.slack, { maxAttempts: 1 }), AFTER_OUTAGE);
    expect(report.failed.filter((failed) => failed.channelId === UNSURE)).toHaveLength(1);

    const log = visibleText(await command('herinneringen log', ADMIN));
    expect(log).toContain(`*<#${UNSURE}>*`);
    expect(log).toContain(
      '❌ opgegeven: Slack kreeg het bericht misschien, maar het kanaal kon niet worden nagekeken',
    );
    expect(visibleText(await command('reminders log', 'UADMINEN'))).toContain(
      '❌ given up: Slack may have had the message, but its channel could not be checked',
    );

    // Slack's history answers again: the retry finds the message there and posts nothing.
    app.slack.clearHandlers();
    const [row] = (await listDeliveries(db, { channelId: UNSURE })).filter((d) => d.status === 'failed');
    await clickRetry(String(row!.id), ADMIN);
    const [response] = await app.slack.waitForResponses(1);
    expect(visibleText(response?.body)).toContain(`Opnieuw verzonden naar <#${UNSURE}>.`);
    expect(postsTo(UNSURE)).toHaveLength(1);
    expect(app.slack.messagesIn(UNSURE)).toHaveLength(1);
    const settled = (await listDeliveries(db, { channelId: UNSURE })).find((d) => d.id === row!.id);
    expect(settled).toMatchObject({ status: 'sent', messageTs: app.slack.messagesIn(UNSURE)[0]?.ts });
  });

  it('many channels: the message and the Home stay within Slack’s limits and count the channels left out', async () => {
    const db = database().handle.db;
    const many = Array.from({ length: 60 }, (_, i) => ({
      kind: 'reminder' as const,
      key: `pdo-strategische-kaders/P7D`,
      channelId: `CMANY${String(i).padStart(3, '0')}`,
      phaseId: 'pdo-strategische-kaders',
      offset: 'P7D',
      dueAt: PDO_DUE,
      status: 'failed' as const,
      lastError: 'not_in_channel',
      attempts: 1,
    }));
    await db.insert(deliveries).values(many);

    const answer = await command('herinneringen log', ADMIN);
    expect(findLimitViolations(answer)).toEqual([]);
    expect(answer.blocks?.length).toBeLessThanOrEqual(SLACK_LIMITS.messageBlocks);
    expect(visibleText(answer)).toMatch(/Nog \d+ kanalen niet getoond\./);

    app.slack.reset();
    const body = eventBody({
      event: {
        type: 'app_home_opened',
        user: ADMIN,
        channel: 'D1',
        tab: 'home',
        event_ts: `${Date.now() / 1000}`,
      },
    });
    await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    const [publish] = await app.slack.waitForCalls('views.publish', 1);
    const home = publish?.args.view as { blocks: unknown[] };
    expect(findLimitViolations(home)).toEqual([]);
    expect(home.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.viewBlocks);
    expect(visibleText(home)).toMatch(/Nog \d+ kanalen niet getoond\./);
  });
});
