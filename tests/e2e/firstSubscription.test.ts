import { afterAll, beforeAll, expect, it } from 'vitest';
import { listDeliveries } from '../../src/db/deliveryRepository.js';
import { runTick } from '../../src/scheduler/reminderWorker.js';
import { describeOnBothDatabases } from '../support/databases.js';
import { type KoersUnderTest, SIGNING_SECRET, startKoersUnderTest } from '../support/koersUnderTest.js';
import { visibleText } from '../support/messageText.js';
import { isOverviewPost } from '../support/overviews.js';
import { workerFor } from '../support/schedulerUnderTest.js';
import { postToSlackEndpoint, slashCommandBody } from '../support/slackRequests.js';

const ADMIN = 'UADMIN';
const CHANNEL = 'CNEW1';
/**
 * Thursday 28 September 2017, 09:30 in Amsterdam: half an hour after the feedback phase's reminder of the
 * day before its last day, and months after the phase reminders of June and July. No outage: the channel
 * is new.
 */
const SUBSCRIBED = new Date('2017-09-28T07:30:00Z');

describeOnBothDatabases("a channel's first subscription, months into the timeline", (database) => {
  let app: KoersUnderTest;

  beforeAll(async () => {
    app = await startKoersUnderTest(database(), {
      now: () => SUBSCRIBED,
      config: { ADMIN_USER_IDS: [ADMIN] },
    });
    app.slack.setHandler('conversations.info', (args) => ({
      body: { ok: true, channel: { id: String(args.channel), is_private: false, is_member: true } },
    }));
  });
  afterAll(async () => {
    await app?.stop();
  });

  async function ask(text: string): Promise<string> {
    const body = slashCommandBody({
      text,
      userId: ADMIN,
      channelId: CHANNEL,
      responseUrl: app.slack.respondUrl(),
    });
    const response = await postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    return visibleText(response.json);
  }

  it('posts the reminder it came in time for, saying why it comes now, and logs no outage', async () => {
    expect(await ask('aanmelden')).toContain('Dit kanaal krijgt nu de herinneringen');
    const report = await runTick(workerFor(database(), app.slack), SUBSCRIBED);

    // The reminder of this morning, half an hour before the subscription, still helps: it is posted, and says why now.
    // (Besides the channel's live overview, which the subscription posts and pins.)
    const posts = app.slack
      .callsTo('chat.postMessage')
      .filter((call) => call.args.channel === CHANNEL && !isOverviewPost(call));
    expect(posts).toHaveLength(1);
    const posted = visibleText(posts[0]!.args);
    expect(posted).toContain('Herinnering');
    expect(posted).toContain(
      'Deze herinnering stond gepland voor do 28 september 2017 09:00, voordat dit kanaal zich aanmeldde',
    );

    // What came due before the channel subscribed is not an outage: not called one, and not logged as one.
    // (The feedback nudge of the 26th is skipped too, for every library, as nobody is linked to one yet.)
    const ofChannel = report.skipped.filter((skipped) => skipped.channelId === CHANNEL);
    expect(ofChannel.length).toBeGreaterThan(0);
    for (const skipped of ofChannel) expect(skipped.reason).toMatch(/^before subscription/);
    const stored = await listDeliveries(database().handle.db, { channelId: CHANNEL });
    expect(stored.filter((delivery) => delivery.lastError?.startsWith('missed'))).toEqual([]);

    const log = await ask('herinneringen log');
    expect(log).not.toContain('te laat na een storing');
    expect(log).not.toContain('was al voorbij');
    expect(log).toContain('✅ verzonden');
    expect(log).not.toContain('eerdere');
  });
});
