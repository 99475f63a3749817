import { describe } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { createTestDatabase, postgresAvailable } from '../support/databases.js';
import { DURING_FEEDBACK } from '../support/feedbackForm.js';
import { captured, hungFormSuite } from '../support/hungDatabaseSuite.js';
import { startKoersUnderTest } from '../support/koersUnderTest.js';
import { proxyInFrontOf } from '../support/tcpProxy.js';

// The suite is in tests/support/hungDatabaseSuite.ts; the embedded half is hungDatabase.test.ts.

describe.skipIf(!postgresAvailable)('a feedback form while the database server hangs [postgres]', () => {
  hungFormSuite('postgres', async () => {
    const direct = await createTestDatabase('postgres');
    const { proxy, url } = await proxyInFrontOf(direct.url!);
    // As the app opens its database: with the timeouts for answering Slack.
    const handle = await openDatabase({ databaseUrl: url, dataDir: '', requestTimeouts: true });
    const logs: Record<string, unknown>[] = [];
    const app = await startKoersUnderTest(
      { ...direct, url, handle },
      { now: () => DURING_FEEDBACK, logger: captured(logs) },
    );
    return {
      app,
      direct,
      logs,
      hang: { start: async () => proxy.hang(), end: async () => proxy.restore() },
      cleanUp: async () => {
        await app.stop();
        await handle.close();
        await proxy.close();
        await direct.drop();
      },
    };
  });
});
