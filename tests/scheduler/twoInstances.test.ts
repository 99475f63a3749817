import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listDeliveries } from '../../src/db/deliveryRepository.js';
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
});
