import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { setLibraryOf } from '../../src/db/peopleRepository.js';
import { feedbackResponses, slackRequestFingerprints } from '../../src/db/schema.js';
import { describeOnBothDatabases, type TestDatabase } from '../support/databases.js';
import { DURING_FEEDBACK, feedbackSubmissionBody } from '../support/feedbackForm.js';
import { type KoersUnderTest, SIGNING_SECRET, startKoersUnderTest } from '../support/koersUnderTest.js';
import { postToSlackEndpoint, slashCommandBody } from '../support/slackRequests.js';

/*
 * A request captured once (from a log, a proxy) and sent again, byte for byte, within Slack's five
 * minutes: refused by the instance that served it, by every other instance on the same database, and
 * by that instance after a restart. On PostgreSQL a second instance has a database connection of its
 * own, as a second process would; an embedded database has one instance at a time, so there only the
 * restart applies.
 */
describeOnBothDatabases('a replayed Slack request', (database) => {
  let first: KoersUnderTest;
  const running: KoersUnderTest[] = [];
  const nowSec = () => Math.floor(Date.now() / 1000);

  /** Another instance of Koers on the same database: a new process has nothing in memory. */
  async function anotherInstance(): Promise<KoersUnderTest> {
    const shared = database();
    const handle = shared.url ? await openDatabase({ databaseUrl: shared.url, dataDir: '' }) : shared.handle;
    const instance = await startKoersUnderTest({ ...shared, handle } as TestDatabase, {
      now: () => DURING_FEEDBACK,
      withExample: false,
    });
    running.push(instance);
    if (shared.url) {
      const stop = instance.stop;
      instance.stop = async () => {
        await stop();
        await handle.close();
      };
    }
    return instance;
  }

  beforeAll(async () => {
    first = await startKoersUnderTest(database(), { now: () => DURING_FEEDBACK });
    running.push(first);
  });
  afterAll(async () => {
    for (const instance of running) await instance.stop().catch(() => {});
  });
  beforeEach(async () => {
    const db = database().handle.db;
    await db.delete(feedbackResponses);
    await setLibraryOf(db, 'UAVV', 'AVV', 'test', new Date());
  });

  const storedVersions = async () => (await database().handle.db.select().from(feedbackResponses)).length;

  const send = (app: KoersUnderTest, body: string, timestampSec: number) =>
    postToSlackEndpoint(app.baseUrl, body, { signingSecret: SIGNING_SECRET, timestampSec });

  it('stores a feedback form once, however often and wherever its signed bytes arrive', async () => {
    const body = feedbackSubmissionBody('UAVV', { library: 'AVV', judgement: 'agree', remarks: 'Eens.' });
    const timestampSec = nowSec();
    expect((await send(first, body, timestampSec)).status).toBe(200);
    expect(await storedVersions()).toBe(1);

    expect((await send(first, body, timestampSec)).status).toBe(401);
    if (database().kind === 'postgres') {
      const second = await anotherInstance();
      expect((await send(second, body, timestampSec)).status).toBe(401);
    }
    // The first instance restarts: its memory of the request is gone, the database's is not.
    await first.stop();
    first = await anotherInstance();
    expect((await send(first, body, timestampSec)).status).toBe(401);
    expect(await storedVersions()).toBe(1);
  });

  it('refuses a replayed question on another instance within seconds, and after a restart', async () => {
    const body = slashCommandBody({ text: 'status', userId: 'UAVV', responseUrl: first.slack.respondUrl() });
    const timestampSec = nowSec();
    const answered = await send(first, body, timestampSec);
    expect(answered.status).toBe(200);
    expect(answered.text).toContain('Effectmeting');

    if (database().kind === 'postgres') {
      const second = await anotherInstance();
      // The question's answer did not wait for the database; the others learn of it within a second or two.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect((await send(second, body, timestampSec)).status).toBe(401);
    }
    await first.stop();
    first = await anotherInstance();
    expect((await send(first, body, timestampSec)).status).toBe(401);
  });

  it('forgets the fingerprints of requests too old to be replayed', async () => {
    const db = database().handle.db;
    await db.insert(slackRequestFingerprints).values({
      fingerprint: 'f'.repeat(32),
      expiresAt: new Date(Date.now() - 1_000),
      instance: 'an instance long gone',
    });
    await first.stop();
    first = await anotherInstance();
    const body = slashCommandBody({ text: 'help', userId: 'UAVV', responseUrl: first.slack.respondUrl() });
    expect((await send(first, body, nowSec())).status).toBe(200);
    await expect
      .poll(async () => (await db.select().from(slackRequestFingerprints)).map((row) => row.fingerprint), {
        timeout: 5_000,
      })
      .not.toContain('f'.repeat(32));
    const nowMs = Date.now();
    for (const row of await db.select().from(slackRequestFingerprints)) {
      expect(row.expiresAt.getTime()).toBeGreaterThan(nowMs);
      expect(row.expiresAt.getTime()).toBeLessThanOrEqual(nowMs + 6 * 60_000);
    }
  });
});
