import type { Database } from './client.js';
import { importExampleProgramme } from './exampleProgramme.js';
import {
  admins,
  calendarFeed,
  deliveries,
  feedbackResponses,
  ideas,
  outbox,
  processedEvents,
  programmeUploads,
  subscriptions,
  userLibraries,
} from './schema.js';

/**
 * The playground starting anew on its own database: everything people did there (subscriptions, the
 * reminders sent or skipped, feedback, ideas, who speaks for which library, the calendar's address) is
 * forgotten, and the programme is the example again (an import with prune, so its version moves on and
 * every answer sees the change at once).
 */
export async function startPlaygroundDataAnew(db: Database, now: Date): Promise<void> {
  await db.transaction(async (t) => {
    for (const table of [
      deliveries,
      subscriptions,
      feedbackResponses,
      ideas,
      outbox,
      userLibraries,
      admins,
      calendarFeed,
      processedEvents,
      programmeUploads,
    ]) {
      await t.delete(table);
    }
  });
  await importExampleProgramme(db, now, { prune: true });
}
