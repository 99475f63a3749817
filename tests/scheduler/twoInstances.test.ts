import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listDeliveries } from '../../src/db/deliveryRepository.js';
import { addFeedback } from '../../src/db/feedbackRepository.js';
import { setLibraryOf } from '../../src/db/peopleRepository.js';
import { subscribe } from '../../src/db/subscriptionRepository.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../support/databases.js';
import { type FakeSlack, startFakeSlack } from '../support/fakeSlack.js';
import { importExample } from '../support/koersUnderTest.js';

const run = promisify(execFile);

/*
 * Several instances share one PostgreSQL server; PGlite is single-process by design, so this test
 * has only a PostgreSQL half. Two real processes tick over the same minutes around the PDO reminder
 * of 1 June 2017 09:00 and the consultation reminder of 8 June 09:00.
 */
describe.skipIf(!postgresAvailable)('two scheduler processes on one PostgreSQL [postgres]', () => {
  let database: TestDatabase;
  let slack: FakeSlack;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    slack = await startFakeSlack();
    await importExample(database);
    for (const channel of ['C1', 'C2', 'C3'])
      await subscribe(database.handle.db, channel, 'reminders', null, new Date('2017-01-01T00:00:00Z'));
  });
  afterAll(async () => {
    await slack?.close();
    await database?.drop();
  });

  // Four processes, each started from the run's bundle of schedulerProcess.ts (tests/support/globalSetup.ts):
  // under tsx, each compiled the TypeScript first, which on a busy machine alone took tens of seconds.
  it('post every reminder exactly once between them', async () => {
    const instance = (from: string, to: string) =>
      run(process.execPath, [inject('koersBundle').scheduler], {
        env: { ...process.env, DATABASE_URL: database.url, SLACK_API_URL: slack.apiUrl, FROM: from, TO: to },
        timeout: 120_000,
      });
    const windows: [string, string][] = [
      ['2017-06-01T06:55:00Z', '2017-06-01T07:10:00Z'],
      ['2017-06-08T06:55:00Z', '2017-06-08T07:10:00Z'],
    ];
    // The first post of each window hangs for seconds, as Slack sometimes does: whoever claimed it holds
    // it while the other process ticks on through later minutes, past the lease as the ticks count time.
    const reports: string[][] = [];
    for (const [from, to] of windows) {
      slack.setHandler('chat.postMessage', (_args, callIndex) =>
        callIndex === 0 ? { delayMs: 4_000 } : undefined,
      );
      const [a, b] = await Promise.all([instance(from, to), instance(from, to)]);
      reports.push(JSON.parse(a.stdout).sent, JSON.parse(b.stdout).sent);
    }
    const claimedBySomeone = reports.flat();
    // No reminder was reported sent by both processes …
    expect(new Set(claimedBySomeone).size).toBe(claimedBySomeone.length);
    // … Slack received exactly one post per reminder and channel …
    expect(slack.callsTo('chat.postMessage')).toHaveLength(claimedBySomeone.length);
    // … and these are the ones due in the two windows, for each of the three channels.
    for (const channel of ['C1', 'C2', 'C3']) {
      expect(claimedBySomeone).toContain(`pdo-strategische-kaders/P7D→${channel}`);
      expect(claimedBySomeone).toContain(`gesprekken-visie/P7D→${channel}`);
    }
    const sent = (await listDeliveries(database.handle.db)).filter((delivery) => delivery.status === 'sent');
    expect(sent).toHaveLength(claimedBySomeone.length);
  }, 120_000);

  it('send each nudge exactly once between them, and none again after a restart', async () => {
    const db = database.handle.db;
    // Of the 7 libraries AVV and HGH answered; one person is linked to each library.
    const people = ['AVV', 'HGH', 'IDEA', 'EEM', 'LEK', 'ZOUT', 'UTR'].map(
      (code) => [`U${code}`, code] as const,
    );
    for (const [userId, code] of people)
      await setLibraryOf(db, userId, code, userId, new Date('2017-09-01T00:00:00Z'));
    for (const [userId, code] of people.slice(0, 2)) {
      await addFeedback(
        db,
        {
          phaseId: 'feedback-visie',
          libraryCode: code,
          userId,
          judgement: 'agree',
          remarks: '',
          priorities: [],
          mayContact: false,
          late: false,
        },
        new Date('2017-09-20T10:00:00Z'),
      );
    }
    const instance = (from: string, to: string) =>
      run(process.execPath, [inject('koersBundle').scheduler], {
        env: { ...process.env, DATABASE_URL: database.url, SLACK_API_URL: slack.apiUrl, FROM: from, TO: to },
        timeout: 120_000,
      });
    slack.reset();
    slack.setHandler('chat.postMessage', (_args, callIndex) =>
      callIndex === 0 ? { delayMs: 4_000 } : undefined,
    );
    // The nudge is due Tuesday 26 September 2017 09:00 in Amsterdam (07:00Z).
    const [a, b] = await Promise.all([
      instance('2017-09-26T06:58:00Z', '2017-09-26T07:08:00Z'),
      instance('2017-09-26T06:58:00Z', '2017-09-26T07:08:00Z'),
    ]);
    const nudged = [...JSON.parse(a.stdout).sent, ...JSON.parse(b.stdout).sent].filter((entry: string) =>
      entry.startsWith('nudge/'),
    );
    const owing = ['UIDEA', 'UEEM', 'ULEK', 'UZOUT', 'UUTR'];
    expect(nudged.sort()).toEqual(owing.map((userId) => `nudge/feedback-visie/2017-09-29→${userId}`).sort());
    const dms = () =>
      slack
        .callsTo('chat.postMessage')
        .map((call) => String(call.args.channel))
        // A nudge goes to the person's direct message, which the fake opens as D<user>.
        .filter((channel) => channel.startsWith('DU'))
        .map((channel) => channel.slice(1));
    expect(dms().sort()).toEqual([...owing].sort());
    // A restart: a new process over the next minutes sends no nudge again.
    const restarted = await instance('2017-09-26T07:08:00Z', '2017-09-26T07:12:00Z');
    expect(JSON.parse(restarted.stdout).sent.filter((entry: string) => entry.startsWith('nudge/'))).toEqual(
      [],
    );
    expect(dms()).toHaveLength(owing.length);
  }, 120_000);
});
