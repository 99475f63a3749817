import { findIdea, type Idea } from '../db/ideaRepository.js';
import { decide, type Refusal } from '../domain/permissions.js';
import type { Programme } from '../domain/programme.js';
import { type EditedEntity, entryFields } from '../domain/programmeEdits.js';
import { slugify } from '../domain/text.js';
import type { UseCaseContext } from './context.js';

export type OpenEntryOutcome =
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'noProgramme' }
  | { kind: 'gone' }
  /** `opened`: the entry's fingerprints, which the form carries so a save can tell it changed meanwhile. */
  | { kind: 'open'; programme: Programme; opened: Record<string, string> | null };

/**
 * An admin opens a programme entry's form (or an empty one, `key` null, to add one). Refused for anyone
 * else here as at the save: the form is a courtesy, the save decides again.
 */
export async function openProgrammeEntry(
  context: Pick<UseCaseContext, 'actorFor' | 'programmes'>,
  request: { userId: string; entity: EditedEntity; key: string | null },
): Promise<OpenEntryOutcome> {
  const decision = decide(await context.actorFor(request.userId), { kind: 'changeProgramme' });
  if (!decision.allowed) return { kind: 'refused', refusal: decision.refusal };
  const programme = await context.programmes.current();
  if (!programme) return { kind: 'noProgramme' };
  if (request.key === null) return { kind: 'open', programme, opened: null };
  const opened = entryFields(programme, request.entity, request.key);
  return opened ? { kind: 'open', programme, opened } : { kind: 'gone' };
}

export type OpenIdeaOutcome =
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'noProgramme' }
  /** No such idea, or it is no longer waiting for a decision. */
  | { kind: 'notWaiting' }
  /** The new project's form, prefilled from the idea: a free slug, its title, description and libraries. */
  | { kind: 'open'; programme: Programme; idea: Idea; slug: string; libraryCodes: string[] };

/** An admin makes a proposed idea a project: the project form, filled in from the idea. */
export async function openIdeaAsProject(
  context: Pick<UseCaseContext, 'actorFor' | 'programmes' | 'db'>,
  request: { userId: string; ideaId: number },
): Promise<OpenIdeaOutcome> {
  const decision = decide(await context.actorFor(request.userId), { kind: 'changeProgramme' });
  if (!decision.allowed) return { kind: 'refused', refusal: decision.refusal };
  const programme = await context.programmes.current();
  if (!programme) return { kind: 'noProgramme' };
  const idea = await findIdea(context.db, request.ideaId);
  if (idea?.status !== 'proposed') return { kind: 'notWaiting' };
  const taken = new Set(programme.projects.map((project) => project.slug));
  const base = slugify(idea.title) || `idee-${idea.id}`;
  let slug = base;
  for (let suffix = 2; taken.has(slug); suffix++) slug = `${base}-${suffix}`;
  const known = new Set(programme.libraries.map((library) => library.code));
  return {
    kind: 'open',
    programme,
    idea,
    slug,
    libraryCodes: idea.libraryCodes.filter((code) => known.has(code)),
  };
}
