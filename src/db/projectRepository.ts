import { eq } from 'drizzle-orm';
import type { ProjectStatus } from '../domain/programme.js';
import type { Database, DatabaseOrTransaction } from './client.js';
import { throwIfAbandoned } from './deadline.js';
import { oweMessages } from './outboxRepository.js';
import { announceProgrammeChange } from './programmeChanges.js';
import { projects, statusUpdates } from './schema.js';

/** What an update's post in the linked channel is rendered from (the outbox payload). */
export interface ProjectUpdatePost {
  projectName: string;
  status: ProjectStatus;
  note: string;
  nextMilestone: string | null;
  authorId: string;
}

export interface ProjectUpdateInput {
  slug: string;
  status: ProjectStatus;
  note: string;
  nextMilestone: string | null;
  author: string;
}

/**
 * Appends an update to a project's history as of `now` (Koers's clock, the playground's in the playground)
 * and sets its status, in one transaction; the programme version moves so every instance's cached answers
 * pick it up. The post owed to the project's linked channel, if it has one, is written in the same
 * transaction. Returns the linked channel.
 */
export async function addProjectUpdate(
  db: Database,
  input: ProjectUpdateInput,
  now: Date,
  signal?: AbortSignal,
): Promise<{ linkedChannelId: string | null }> {
  return db.transaction(async (tx) => {
    throwIfAbandoned(signal);
    const [project] = await tx
      .update(projects)
      .set({ status: input.status, updatedAt: now })
      .where(eq(projects.slug, input.slug))
      .returning({ id: projects.id, name: projects.name, linkedChannelId: projects.linkedChannelId });
    if (!project) throw new Error(`project ${input.slug} does not exist`);
    const [update] = await tx
      .insert(statusUpdates)
      .values({
        projectId: project.id,
        status: input.status,
        note: input.note,
        nextMilestone: input.nextMilestone,
        author: input.author,
        source: 'slack',
        createdAt: now,
      })
      .returning({ publicId: statusUpdates.publicId });
    if (project.linkedChannelId) {
      const post: ProjectUpdatePost = {
        projectName: project.name,
        status: input.status,
        note: input.note,
        nextMilestone: input.nextMilestone,
        authorId: input.author,
      };
      await oweMessages(tx, [
        {
          kind: 'project_update_post',
          recipient: project.linkedChannelId,
          payload: { ...post },
          dedupeKey: `update/${update!.publicId}/channel/${project.linkedChannelId}`,
        },
      ]);
    }
    await bumpProgrammeVersion(tx, now);
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
export async function bumpProgrammeVersion(db: DatabaseOrTransaction, now: Date): Promise<void> {
  await announceProgrammeChange(db, now);
}
