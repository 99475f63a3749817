import { MAX_QUERY_LENGTH, resolveProject, type Unresolved } from '../domain/answers.js';
import { decide, type Refusal } from '../domain/permissions.js';
import type { Programme, Project } from '../domain/programme.js';
import type { UseCaseContext } from './context.js';

export interface ProjectUpdateRequest {
  userId: string;
  /** The project as typed: a name, an alias or a slug. */
  query: string;
}

export type ProjectUpdateFormOutcome =
  | { kind: 'noQuery' }
  | { kind: 'noProgramme' }
  | { kind: 'queryTooLong' }
  /** Not exactly one project: the candidates, or the closest, to ask again with. */
  | { kind: 'unresolved'; programme: Programme; answer: Unresolved }
  | { kind: 'refused'; refusal: Refusal }
  /** The user may update this project: show them its form. */
  | { kind: 'open'; project: Project };

/**
 * `/project update QUERY`: which project's update form to open for the user, who may update it as a
 * partner library's member or as an admin. The same right is asked again when the form comes back
 * (submitProjectUpdate).
 */
export async function openProjectUpdate(
  context: UseCaseContext,
  request: ProjectUpdateRequest,
): Promise<ProjectUpdateFormOutcome> {
  if (!request.query.trim()) return { kind: 'noQuery' };
  const programme = await context.programmes.current();
  if (!programme) return { kind: 'noProgramme' };
  if (request.query.length > MAX_QUERY_LENGTH) return { kind: 'queryTooLong' };
  const resolution = resolveProject(programme, request.query);
  if (resolution.kind !== 'found') return { kind: 'unresolved', programme, answer: resolution.answer };
  const project = resolution.item;
  const decision = decide(await context.actorFor(request.userId), { kind: 'updateProject', project });
  if (!decision.allowed) return { kind: 'refused', refusal: decision.refusal };
  return { kind: 'open', project };
}
