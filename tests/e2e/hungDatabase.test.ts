import { sql } from 'drizzle-orm';
import { describe } from 'vitest';
import { createTestDatabase } from '../support/databases.js';
import { DURING_FEEDBACK } from '../support/feedbackForm.js';
import { captured, hungFormSuite } from '../support/hungDatabaseSuite.js';
import { startKoersUnderTest } from '../support/koersUnderTest.js';

// The suite is in tests/support/hungDatabaseSuite.ts; the PostgreSQL half is hungDatabaseServer.test.ts,
// a file of its own so that the two halves, which mostly wait, run side by side in the timed group.

describe('a feedback form while the embedded database is held [pglite]', () => {
  hungFormSuite('pglite', async () => {
    const direct = await createTestDatabase('pglite');
    const logs: Record<string, unknown>[] = [];
    const app = await startKoersUnderTest(direct, { now: () => DURING_FEEDBACK, logger: captured(logs) });
    let release: (() => void) | null = null;
    let holding: Promise<unknown> = Promise.resolve();
    return {
      app,
      direct,
      logs,
      hang: {
        start: async () => {
          let began!: () => void;
          const begun = new Promise<void>((resolve) => {
            began = resolve;
          });
          holding = direct.handle.db.transaction(async (tx) => {
            await tx.execute(sql`select 1`);
            began();
            await new Promise<void>((resolve) => {
              release = resolve;
            });
          });
          await begun;
        },
        end: async () => {
          release?.();
          await holding;
        },
      },
      cleanUp: async () => {
        await app.stop();
        await direct.drop();
      },
    };
  });
});
