import { declineIdea, findIdea, type Idea } from '../db/ideaRepository.js';
import { projectsNamedLike } from '../domain/matching.js';
import { decide, type Refusal } from '../domain/permissions.js';
import { libraryNames, type Programme, type Project } from '../domain/programme.js';
import { slugify } from '../domain/text.js';
import { changeProgramme } from './changeProgramme.js';
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
      : request.decision === 'approved'
        ? await approveAsProject(context, request.userId, request.ideaId)
        : await declineIdea(context.db, request.ideaId, request.userId, context.now());
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

export type IdeaToDecideOutcome =
  | { kind: 'refused'; refusal: Refusal }
  /** No such idea, or it is no longer waiting for a decision. */
  | { kind: 'notWaiting' }
  | { kind: 'open'; idea: Idea };

/** The idea an admin is about to decide on (the confirmation of a decline names it): admins only. */
export async function ideaToDecide(
  context: Pick<UseCaseContext, 'actorFor' | 'db'>,
  request: { userId: string; ideaId: number },
): Promise<IdeaToDecideOutcome> {
  const permission = decide(await context.actorFor(request.userId), { kind: 'decideIdea' });
  if (!permission.allowed) return { kind: 'refused', refusal: permission.refusal };
  const idea = await findIdea(context.db, request.ideaId);
  return idea?.status === 'proposed' ? { kind: 'open', idea } : { kind: 'notWaiting' };
}

/**
 * Approval makes the idea a project (status idea, its interested libraries as partners) through the one
 * path every programme change takes (changeProgramme): checked by the file's rules, recorded in the
 * change history, and the idea decided in the same transaction. A second approval changes nothing.
 */
async function approveAsProject(
  context: UseCaseContext,
  userId: string,
  ideaId: number,
): Promise<{ idea: Idea; changed: boolean } | null> {
  const idea = await findIdea(context.db, ideaId);
  if (!idea) return null;
  if (idea.status !== 'proposed') return { idea, changed: false };
  const programme = await context.programmes.current();
  const known = new Set(programme?.libraries.map((library) => library.code));
  const outcome = await changeProgramme(context, {
    userId,
    source: 'modal',
    edit: {
      kind: 'project.add',
      slug: freeSlug(programme, idea),
      fields: {
        name: idea.title,
        status: 'idea',
        description: idea.description,
        lead: null,
        partners: idea.libraryCodes.filter((code) => known.has(code)),
      },
    },
    fromIdea: idea.id,
  });
  const now = await findIdea(context.db, ideaId);
  if (outcome.kind === 'changed') return now && { idea: now, changed: true };
  if (outcome.kind === 'ideaDecided') return now && { idea: now, changed: false };
  throw new Error(`the approved idea ${ideaId} could not become a project: ${outcome.kind}`);
}

/** The idea's title as a slug, with -2, -3 … when a project has it already. */
function freeSlug(programme: Programme | null, idea: Idea): string {
  const taken = new Set(programme?.projects.map((project) => project.slug));
  // The file's slug rule: words of letters and digits joined by single hyphens.
  const base = slugify(idea.title).replace(/-+/g, '-').replace(/^-/, '') || `idee-${idea.id}`;
  let slug = base;
  for (let suffix = 2; taken.has(slug); suffix++) slug = `${base}-${suffix}`;
  return slug;
}
