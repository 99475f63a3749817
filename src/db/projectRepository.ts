import { eq } from 'drizzle-orm';
import type { ProjectStatus } from '../domain/programme.js';
import type { Database, DatabaseOrTransaction } from './client.js';
import { throwIfAbandoned } from './deadline.js';
import { announceProgrammeChange } from './programmeChanges.js';
import { projects, statusUpdates } from './schema.js';

export interface ProjectUpdateInput {
  slug: string;
  status: ProjectStatus;
  note: string;
  nextMilestone: string | null;
  author: string;
}

/**
 * Appends an update to a project's history and sets its status, in one transaction; the programme
 * version moves so every instance's cached answers pick it up. Returns the linked channel, if any.
 */
export async function addProjectUpdate(
  db: Database,
  input: ProjectUpdateInput,
  signal?: AbortSignal,
): Promise<{ linkedChannelId: string | null }> {
  return db.transaction(async (tx) => {
    throwIfAbandoned(signal);
    const [project] = await tx
      .update(projects)
      .set({ status: input.status, updatedAt: new Date() })
      .where(eq(projects.slug, input.slug))
      .returning({ id: projects.id, linkedChannelId: projects.linkedChannelId });
    if (!project) throw new Error(`project ${input.slug} does not exist`);
    await tx.insert(statusUpdates).values({
      projectId: project.id,
      status: input.status,
      note: input.note,
      nextMilestone: input.nextMilestone,
      author: input.author,
      source: 'slack',
    });
    await bumpProgrammeVersion(tx);
    throwIfAbandoned(signal);
    return { linkedChannelId: project.linkedChannelId };
  });
}

/** Links a project to the channel its updates are posted in; returns false for an unknown project. */
export async function linkProjectChannel(db: Database, slug: string, channelId: string): Promise<boolean> {
  const updated = await db
    .update(projects)
    .set({ linkedChannelId: channelId })
    .where(eq(projects.slug, slug))
    .returning({ id: projects.id });
  return updated.length > 0;
}

/** Inside a transaction that changed what answers show: a new version, announced to every instance. */
export async function bumpProgrammeVersion(db: DatabaseOrTransaction): Promise<void> {
  await announceProgrammeChange(db);
}
