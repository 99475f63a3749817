import { addProjectUpdate } from '../db/projectRepository.js';
import { decide, type Refusal } from '../domain/permissions.js';
import type { Project } from '../domain/programme.js';
import {
  type ProjectUpdateField,
  type ProjectUpdateFieldError,
  type ProjectUpdateValues,
  type RawProjectUpdate,
  validateProjectUpdate,
} from '../domain/projectForms.js';
import { dayInZone } from '../domain/timeline.js';
import type { UseCaseContext } from './context.js';

export interface ProjectUpdateSubmission {
  userId: string;
  /** The project the form was opened for, from its metadata; null when that was not what we sent. */
  slug: string | null;
  answers: RawProjectUpdate;
  /** Aborted when the caller stops waiting: nothing is stored from then on (the write rolls back). */
  signal?: AbortSignal;
}

export type ProjectUpdateOutcome =
  /** The form names no project of the programme (stale or forged), or there is no programme. */
  | { kind: 'outdated'; programmeMissing: boolean }
  | { kind: 'refused'; project: Project; refusal: Refusal }
  | { kind: 'invalid'; errors: Partial<Record<ProjectUpdateField, ProjectUpdateFieldError>> }
  /** Storing failed: nothing is lost, the user can send again. */
  | { kind: 'failed'; error: unknown }
  | { kind: 'stored'; project: Project; values: ProjectUpdateValues; linkedChannelId: string | null };

/**
 * A project update sent in. The project must still exist, the user must still be allowed to update
 * it, and every field must pass the form's rules; only then is it added to the project's history.
 */
export async function submitProjectUpdate(
  context: UseCaseContext,
  submission: ProjectUpdateSubmission,
): Promise<ProjectUpdateOutcome> {
  try {
    const programme = await context.programmes.current();
    const project = programme?.projects.find((candidate) => candidate.slug === submission.slug);
    if (!programme || !project) return { kind: 'outdated', programmeMissing: !programme };

    const decision = decide(await context.actorFor(submission.userId), { kind: 'updateProject', project });
    if (!decision.allowed) return { kind: 'refused', project, refusal: decision.refusal };

    const checked = validateProjectUpdate(
      submission.answers,
      dayInZone(context.now(), programme.info.timezone),
    );
    if (!checked.ok) return { kind: 'invalid', errors: checked.errors };

    const { linkedChannelId } = await addProjectUpdate(
      context.db,
      { slug: project.slug, ...checked.values, author: submission.userId },
      context.now(),
      submission.signal,
    );
    return { kind: 'stored', project, values: checked.values, linkedChannelId };
  } catch (error) {
    return { kind: 'failed', error };
  }
}
