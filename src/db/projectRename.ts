import { eq, sql } from 'drizzle-orm';
import { SLUG } from '../domain/programmeFileSchema.js';
import type { Database } from './client.js';
import { bumpProgrammeVersion } from './projectRepository.js';
import { feedbackResponses, ideas, projects } from './schema.js';

export type ProjectRenameResult =
  | { kind: 'renamed' }
  | { kind: 'invalidSlug' }
  | { kind: 'unknownProject' }
  | { kind: 'slugTaken' };

/**
 * Gives a project a new slug and keeps everything attached to it: its history, partners and linked
 * channel hang on the project's row id, and the feedback priorities and approved ideas that name the
 * old slug are rewritten. An import of a file with the new slug then finds the same project.
 */
export async function renameProject(
  db: Database,
  from: string,
  to: string,
  now: Date,
): Promise<ProjectRenameResult> {
  if (!SLUG.test(to)) return { kind: 'invalidSlug' };
  return db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: projects.id }).from(projects).where(eq(projects.slug, to));
    if (taken) return { kind: 'slugTaken' };
    const renamed = await tx
      .update(projects)
      .set({ slug: to, updatedAt: now })
      .where(eq(projects.slug, from))
      .returning({ id: projects.id });
    if (renamed.length === 0) return { kind: 'unknownProject' };
    await tx
      .update(feedbackResponses)
      .set({
        priorities: sql`(select coalesce(jsonb_agg(case when item = to_jsonb(${from}::text) then to_jsonb(${to}::text) else item end order by position), '[]'::jsonb) from jsonb_array_elements(${feedbackResponses.priorities}) with ordinality as entry(item, position))`,
      })
      .where(sql`${feedbackResponses.priorities} @> jsonb_build_array(${from}::text)`);
    await tx.update(ideas).set({ projectSlug: to }).where(eq(ideas.projectSlug, from));
    await bumpProgrammeVersion(tx, now);
    return { kind: 'renamed' };
  });
}
