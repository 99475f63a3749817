import type { Database } from './client.js';
import { importExampleProgramme } from './exampleProgramme.js';
import {
  admins,
  calendarFeed,
  channelOverviews,
  deliveries,
  dmMutes,
  feedbackResponses,
  ideas,
  outbox,
  processedEvents,
  programmeChangeLog,
  programmeUploads,
  subscriptions,
  userLibraries,
} from './schema.js';

/**
 * The playground starting anew on its own database: everything people did there (subscriptions, the
 * reminders and nudges sent or skipped, who muted Koers, feedback, ideas, who speaks for which library, the calendar's address) is
 * forgotten, and the programme is the example again (an import with prune, so its version moves on and
 * every answer sees the change at once). `programmeFile` is the workspace's own (default: the example).
 */
export async function startPlaygroundDataAnew(
  db: Database,
  now: Date,
  programmeFile?: string,
): Promise<void> {
  await db.transaction(async (t) => {
    for (const table of [
      deliveries,
      dmMutes,
      channelOverviews,
      subscriptions,
      feedbackResponses,
      ideas,
      outbox,
      userLibraries,
      admins,
      calendarFeed,
      processedEvents,
      programmeChangeLog,
      programmeUploads,
    ]) {
      await t.delete(table);
    }
  });
  await importExampleProgramme(db, now, { prune: true, ...(programmeFile && { file: programmeFile }) });
}
