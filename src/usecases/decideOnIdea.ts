import { decideIdea, type Idea } from '../db/ideaRepository.js';
import { projectsNamedLike } from '../domain/matching.js';
import { decide, type Refusal } from '../domain/permissions.js';
import { libraryNames, type Project } from '../domain/programme.js';
import type { UseCaseContext } from './context.js';

export interface IdeaDecisionRequest {
  userId: string;
  /** The idea the button carries; null when its value was not an idea id. */
  ideaId: number | null;
  decision: 'approved' | 'declined';
}

export type IdeaDecisionOutcome =
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'notFound' }
  /** `changed` is false when the idea had been decided already (a second click, a second admin). */
  /** `sameName`: the other projects called what the idea is called, to warn the deciding admin about. */
  | {
      kind: 'decided';
      idea: Idea;
      changed: boolean;
      libraryNames: ReadonlyMap<string, string>;
      sameName: Project[];
    };

/**
 * An admin approves or declines a proposed idea. Only a proposed idea can be decided, so a second
 * decision changes nothing and says so; an approved idea becomes a project of the programme.
 */
export async function decideOnIdea(
  context: UseCaseContext,
  request: IdeaDecisionRequest,
): Promise<IdeaDecisionOutcome> {
  const permission = decide(await context.actorFor(request.userId), { kind: 'decideIdea' });
  if (!permission.allowed) return { kind: 'refused', refusal: permission.refusal };
  const result =
    request.ideaId === null
      ? null
      : await decideIdea(context.db, request.ideaId, request.decision, request.userId, context.now());
  if (!result) return { kind: 'notFound' };
  const programme = await context.programmes.current().catch(() => null);
  return {
    kind: 'decided',
    idea: result.idea,
    changed: result.changed,
    libraryNames: libraryNames(programme),
    sameName: projectsNamedLike(programme?.projects ?? [], result.idea.title).filter(
      (project) => project.slug !== result.idea.projectSlug,
    ),
  };
}
