import { and, eq, or, sql } from 'drizzle-orm';
import type { Database } from './client.js';
import { bumpProgrammeVersion } from './projectRepository.js';
import {
  admins,
  deliveries,
  dmMutes,
  feedbackResponses,
  ideas,
  libraries,
  outbox,
  programmeChangeLog,
  programmeUploads,
  statusUpdates,
  subscriptions,
  userLibraries,
} from './schema.js';

export interface ForgetReport {
  [what: string]: number;
}

/**
 * Removes what Koers stores about one Slack user: their library choice, admin role, feedback, mute, nudges and the
 * messages still owed to them (or carrying their update notes) are deleted; their name is taken off updates, ideas, subscriptions
 * and the libraries they were a contact of, which stay as the programme's
 * history without it. One transaction: all or nothing.
 */
export async function forgetUser(db: Database, userId: string, now: Date): Promise<ForgetReport> {
  return db.transaction(async (tx) => {
    const count = (rows: unknown[]) => rows.length;
    const report: ForgetReport = {
      'feedback responses deleted': count(
        await tx
          .delete(feedbackResponses)
          .where(eq(feedbackResponses.userId, userId))
          .returning({ id: feedbackResponses.id }),
      ),
      'library choice deleted': count(
        await tx
          .delete(userLibraries)
          .where(eq(userLibraries.userId, userId))
          .returning({ id: userLibraries.userId }),
      ),
      'programme files sent deleted': count(
        await tx
          .delete(programmeUploads)
          .where(eq(programmeUploads.userId, userId))
          .returning({ id: programmeUploads.id }),
      ),
      'admin role deleted': count(
        await tx.delete(admins).where(eq(admins.userId, userId)).returning({ id: admins.userId }),
      ),
      'status updates anonymised': count(
        await tx
          .update(statusUpdates)
          .set({ author: null })
          .where(eq(statusUpdates.author, userId))
          .returning({ id: statusUpdates.id }),
      ),
      'ideas anonymised': count(
        await tx
          .update(ideas)
          .set({ proposedBy: 'forgotten' })
          .where(eq(ideas.proposedBy, userId))
          .returning({ id: ideas.id }),
      ),
      'programme changes anonymised': count(
        await tx
          .update(programmeChangeLog)
          .set({ actor: 'forgotten' })
          .where(eq(programmeChangeLog.actor, userId))
          .returning({ id: programmeChangeLog.id }),
      ),
      'idea decisions anonymised': count(
        await tx
          .update(ideas)
          .set({ decidedBy: 'forgotten' })
          .where(eq(ideas.decidedBy, userId))
          .returning({ id: ideas.id }),
      ),
      'admin messages about ideas forgotten': count(
        await tx
          .update(ideas)
          .set({
            adminMessages: sql`(select coalesce(jsonb_agg(m), '[]'::jsonb) from jsonb_array_elements(${ideas.adminMessages}) m where m->>'userId' <> ${userId})`,
          })
          .where(sql`${ideas.adminMessages} @> ${JSON.stringify([{ userId }])}::jsonb`)
          .returning({ id: ideas.id }),
      ),
      // Messages still owed to them, or carrying their words (an update's note): not sent any more.
      'owed messages deleted': count(
        await tx
          .delete(outbox)
          .where(or(eq(outbox.recipient, userId), sql`${outbox.payload}->>'authorId' = ${userId}`))
          .returning({ id: outbox.id }),
      ),
      'mute deleted': count(
        await tx.delete(dmMutes).where(eq(dmMutes.userId, userId)).returning({ id: dmMutes.userId }),
      ),
      // A nudge's row names its recipient: the log of who was nudged goes with them.
      'nudges deleted': count(
        await tx
          .delete(deliveries)
          .where(and(eq(deliveries.kind, 'nudge'), eq(deliveries.channelId, userId)))
          .returning({ id: deliveries.id }),
      ),
      // Named as a library's contact by an admin: taken off the list (the library stays).
      'library contacts removed': count(
        await tx
          .update(libraries)
          .set({ contacts: sql`${libraries.contacts} - ${userId}::text` })
          .where(sql`${libraries.contacts} ? ${userId}::text`)
          .returning({ code: libraries.code }),
      ),
      'subscriptions anonymised': count(
        await tx
          .update(subscriptions)
          .set({ createdBy: null })
          .where(eq(subscriptions.createdBy, userId))
          .returning({ id: subscriptions.channelId }),
      ),
    };
    await bumpProgrammeVersion(tx, now);
    return report;
  });
}

/**
 * Removes a library: its feedback, its members' library choice, its place in projects and ideas, and
 * the library itself. A programme file that still lists it brings the library (not its data) back.
 */
export async function forgetLibrary(db: Database, code: string, now: Date): Promise<ForgetReport | null> {
  return db.transaction(async (tx) => {
    const [library] = await tx.select().from(libraries).where(eq(libraries.code, code));
    if (!library) return null;
    const report: ForgetReport = {
      'feedback responses deleted': (
        await tx
          .delete(feedbackResponses)
          .where(eq(feedbackResponses.libraryCode, code))
          .returning({ id: feedbackResponses.id })
      ).length,
      'ideas updated': (
        await tx
          .update(ideas)
          .set({ libraryCodes: sql`${ideas.libraryCodes} - ${code}` })
          .where(sql`${ideas.libraryCodes} ? ${code}`)
          .returning({ id: ideas.id })
      ).length,
    };
    // Partner rows and members' library choices go with the library (foreign keys cascade).
    await tx.delete(libraries).where(eq(libraries.code, code));
    report['library deleted'] = 1;
    await bumpProgrammeVersion(tx, now);
    return report;
  });
}
