import { lt } from 'drizzle-orm';
import type { Database } from './client.js';
import { processedEvents } from './schema.js';

/** Records an event id; false when some instance already had it (a retry from Slack). */
export async function markEventSeen(db: Database, eventId: string): Promise<boolean> {
  const inserted = await db
    .insert(processedEvents)
    .values({ eventId })
    .onConflictDoNothing()
    .returning({ eventId: processedEvents.eventId });
  return inserted.length > 0;
}

/** Slack stops retrying within the hour; older ids need not be kept. */
export async function forgetEventsBefore(db: Database, before: Date): Promise<void> {
  await db.delete(processedEvents).where(lt(processedEvents.receivedAt, before));
}
