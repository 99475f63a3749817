import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database, DatabaseOrTransaction } from './client.js';
import { throwIfAbandoned } from './deadline.js';
import { oweMessages } from './outboxRepository.js';
import { type IdeaAdminMessage, ideas } from './schema.js';

export type Idea = typeof ideas.$inferSelect;

export interface IdeaProposal {
  title: string;
  description: string;
  theme: string;
  libraryCodes: string[];
  proposedBy: string;
}

/**
 * Stores a proposed idea and, in the same transaction, the direct message owed to each admin: once the
 * proposer is told the idea is received, its messages exist too, whatever happens to Slack or the process.
 */
export async function proposeIdea(
  db: Database,
  proposal: IdeaProposal,
  adminIds: string[],
  now: Date,
  /** Aborted when the caller gave up waiting: a rollback instead of a late commit. */
  signal?: AbortSignal,
): Promise<Idea> {
  return db.transaction(async (tx) => {
    throwIfAbandoned(signal);
    const [idea] = await tx
      .insert(ideas)
      .values({ ...proposal, createdAt: now })
      .returning();
    await oweMessages(
      tx,
      adminIds.map((adminId) => ({
        kind: 'idea_to_admin' as const,
        recipient: adminId,
        payload: { ideaId: idea!.id },
        dedupeKey: `idea/${idea!.id}/admin/${adminId}`,
      })),
    );
    throwIfAbandoned(signal);
    return idea!;
  });
}

/** The ideas still waiting for an admin's decision, oldest first. */
export async function proposedIdeas(db: DatabaseOrTransaction): Promise<Idea[]> {
  return db
    .select()
    .from(ideas)
    .where(eq(ideas.status, 'proposed'))
    .orderBy(asc(ideas.createdAt), asc(ideas.id));
}

/** Remembers the direct message that asked an admin to decide; appended in one statement, so concurrent ones all stay. */
export async function recordAdminMessage(db: Database, id: number, message: IdeaAdminMessage): Promise<void> {
  await db
    .update(ideas)
    .set({ adminMessages: sql`${ideas.adminMessages} || ${JSON.stringify([message])}::jsonb` })
    .where(eq(ideas.id, id));
}

export async function findIdea(db: DatabaseOrTransaction, id: number): Promise<Idea | null> {
  const [idea] = await db.select().from(ideas).where(eq(ideas.id, id));
  return idea ?? null;
}

/**
 * An admin declines an idea. Only a proposed idea can be decided, so a second click (or a second admin)
 * changes nothing. Approval makes the idea a project, which is a programme change: it goes through
 * usecases/changeProgramme (see markIdeaTurnedIntoProject below).
 */
export async function declineIdea(
  db: Database,
  id: number,
  decidedBy: string,
  now: Date,
): Promise<{ idea: Idea; changed: boolean } | null> {
  return db.transaction(async (tx) => {
    const [decided] = await tx
      .update(ideas)
      .set({ status: 'declined', decidedBy, decidedAt: now })
      .where(and(eq(ideas.id, id), eq(ideas.status, 'proposed')))
      .returning();
    if (!decided) {
      const current = await findIdea(tx, id);
      return current ? { idea: current, changed: false } : null;
    }
    // The proposer is owed the decision from the moment it is made.
    await oweMessages(tx, [
      {
        kind: 'idea_decision_to_proposer',
        recipient: decided.proposedBy,
        payload: { ideaId: decided.id },
        dedupeKey: `idea/${decided.id}/decision`,
      },
    ]);
    return { idea: decided, changed: true };
  });
}

/**
 * A proposed idea an admin made into a project through the programme's forms (usecases/changeProgramme,
 * in its transaction): approved, naming that project, and its proposer owed the decision. False when the
 * idea is no longer waiting (decided meanwhile): then nothing changes.
 */
export async function markIdeaTurnedIntoProject(
  tx: DatabaseOrTransaction,
  id: number,
  slug: string,
  decidedBy: string,
  now: Date,
): Promise<boolean> {
  const [decided] = await tx
    .update(ideas)
    .set({ status: 'approved', decidedBy, decidedAt: now, projectSlug: slug })
    .where(and(eq(ideas.id, id), eq(ideas.status, 'proposed')))
    .returning();
  if (!decided) return false;
  await oweMessages(tx, [
    {
      kind: 'idea_decision_to_proposer',
      recipient: decided.proposedBy,
      payload: { ideaId: decided.id },
      dedupeKey: `idea/${decided.id}/decision`,
    },
  ]);
  return true;
}
