import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listDeliveries } from '../../src/db/deliveryRepository.js';
import { deliveries } from '../../src/db/schema.js';
import { subscribe } from '../../src/db/subscriptionRepository.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../support/databases.js';
import { type FakeSlack, startFakeSlack } from '../support/fakeSlack.js';
import { BOT_TOKEN, importExample } from '../support/koersUnderTest.js';
import { environment, runCli } from '../support/processes.js';
import { proxyInFrontOf, type TcpProxy } from '../support/tcpProxy.js';

/** Long before the reminders the tests tick through: none of them came due before the channel subscribed. */
const SUBSCRIBED = new Date('2017-01-01T00:00:00Z');

const NO_STACK_TRACE = /^\s+at /m;
const AT = '2017-06-01T07:00:00Z';
const PDO_P7D = 'pdo-strategische-kaders/P7D';

/*
 * `koers reminders run` while the database goes away after Slack took the post. Only a database server
 * can be cut: the embedded PGlite runs inside the CLI's own process, where no TCP proxy comes between.
 */
describe.skipIf(!postgresAvailable)(
  'reminders run when the database goes away after a post [postgres]',
  () => {
    let server: TestDatabase;
    let proxy: TcpProxy;
    let slack: FakeSlack;
    let env: Record<string, string>;

    beforeAll(async () => {
      server = await createTestDatabase('postgres');
      await importExample(server);
      await subscribe(server.handle.db, 'C1', 'reminders', null, SUBSCRIBED);
      const front = await proxyInFrontOf(server.url!);
      proxy = front.proxy;
      slack = await startFakeSlack();
      env = environment({ DATABASE_URL: front.url, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: slack.apiUrl });
    });
    afterAll(async () => {
      await slack?.close();
      await proxy?.close();
      await server?.drop();
    });
    beforeEach(async () => {
      proxy.restore();
      await server.handle.db.delete(deliveries);
      slack.reset();
      slack.clearHandlers();
    });

    const messagesInC1 = () => slack.messagesIn('C1').length;

    it('records the post once the database is back, and says it was sent', async () => {
      slack.setHandler('chat.postMessage', () => ({
        afterReply: () => {
          proxy.cut();
          setTimeout(() => proxy.restore(), 2_000);
        },
      }));
      const run = await runCli(['reminders', 'run', '--at', AT], env, 90_000);
      expect(run.stderr).not.toMatch(NO_STACK_TRACE);
      expect(run.stderr).not.toContain('Failed query');
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`verstuurd: ${PDO_P7D} → C1`);
      expect(messagesInC1()).toBe(1);
      const [row] = await listDeliveries(server.handle.db);
      expect(row?.status).toBe('sent');
    }, 120_000);

    it('says in words what Slack has and the database lacks, exits 3, and a second run posts nothing twice', async () => {
      slack.setHandler('chat.postMessage', () => ({ afterReply: () => proxy.cut() }));
      const run = await runCli(['reminders', 'run', '--at', AT], env, 90_000);
      expect(run.stderr).not.toMatch(NO_STACK_TRACE);
      expect(run.stderr).not.toContain('Failed query');
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(3);
      expect(run.stderr).toContain('De database viel weg');
      expect(run.stderr).toContain(`${PDO_P7D} → C1: verstuurd, nog niet vastgelegd`);
      expect(messagesInC1()).toBe(1);

      proxy.restore();
      const again = await runCli(['reminders', 'run', '--at', AT, '--lang', 'en'], env, 90_000);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain('0 sent');
      expect(messagesInC1()).toBe(1);
    }, 180_000);
  },
);
