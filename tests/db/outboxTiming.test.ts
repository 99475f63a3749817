import { sql } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { claimOwedMessages, markOwedSent, nextOwedInMs, oweMessages } from '../../src/db/outboxRepository.js';
import { outbox } from '../../src/db/schema.js';
import { describeOnBothDatabases } from '../support/databases.js';

/*
 * When the outbox's drainer next looks: at once for a message due, later for one backing off, and never
 * while nothing is owed (an idle Koers does not poll its database every 20 ms).
 */
describeOnBothDatabases('when the outbox is next due', (database) => {
  beforeEach(async () => {
    await database().handle.db.delete(outbox);
  });

  it('is never while nothing is owed, also once everything was sent', async () => {
    const db = database().handle.db;
    expect(await nextOwedInMs(db)).toBeNull();
    await oweMessages(db, [{ kind: 'project_update_post', recipient: 'C1', payload: {}, dedupeKey: 'k1' }]);
    const [claimed] = await claimOwedMessages(db, { instanceId: 'i1', leaseMs: 60_000, limit: 10 });
    await markOwedSent(db, claimed!.id, 'i1', { channel: 'C1', ts: '1.1' });
    expect(await nextOwedInMs(db)).toBeNull();
  });

  it('is now for a message due, and later for one that backs off', async () => {
    const db = database().handle.db;
    await oweMessages(db, [{ kind: 'project_update_post', recipient: 'C1', payload: {}, dedupeKey: 'k2' }]);
    expect(await nextOwedInMs(db)).toBe(0);
    await db.update(outbox).set({ nextAttemptAt: sql`now() + interval '30 seconds'` });
    const wait = await nextOwedInMs(db);
    expect(wait).toBeGreaterThan(25_000);
    expect(wait).toBeLessThanOrEqual(30_000);
  });
});
