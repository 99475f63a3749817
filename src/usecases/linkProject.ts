import { linkProjectChannel } from '../db/projectRepository.js';
import { MAX_QUERY_LENGTH, resolveProject, type Unresolved } from '../domain/answers.js';
import { isChannelId } from '../domain/channels.js';
import { decide, type Refusal } from '../domain/permissions.js';
import type { Programme, Project } from '../domain/programme.js';
import type { UseCaseContext } from './context.js';

export interface ProjectLink {
  userId: string;
  channelId: string;
  /** The project as typed: a name, an alias or a slug. */
  query: string;
}

export type ProjectLinkOutcome =
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'notAChannel' }
  | { kind: 'noQuery' }
  | { kind: 'queryTooLong' }
  | { kind: 'noProgramme' }
  /** Not exactly one project: the candidates, or the closest, to ask again with. */
  | { kind: 'unresolved'; programme: Programme; answer: Unresolved }
  /** Koers cannot post in the channel (private, and not invited): nothing linked. */
  | { kind: 'cannotPost' }
  /** The project went with an import between the question and the link. */
  | { kind: 'gone' }
  | { kind: 'linked'; project: Project };

/**
 * An admin links a project to the channel `/project link QUERY` is typed in: the project's status
 * updates are posted there from then on, so Koers must be able to post in it (`canPostIn`).
 */
export async function linkProject(
  context: UseCaseContext,
  request: ProjectLink,
  canPostIn: (channelId: string) => Promise<boolean>,
): Promise<ProjectLinkOutcome> {
  const decision = decide(await context.actorFor(request.userId), { kind: 'linkProject' });
  if (!decision.allowed) return { kind: 'refused', refusal: decision.refusal };
  if (!isChannelId(request.channelId)) return { kind: 'notAChannel' };
  const query = request.query.trim();
  if (!query) return { kind: 'noQuery' };
  if (request.query.length > MAX_QUERY_LENGTH) return { kind: 'queryTooLong' };
  const programme = await context.programmes.current();
  if (!programme) return { kind: 'noProgramme' };
  const resolution = resolveProject(programme, request.query);
  if (resolution.kind === 'unresolved') return { kind: 'unresolved', programme, answer: resolution.answer };
  if (!(await canPostIn(request.channelId))) return { kind: 'cannotPost' };
  const project = resolution.item;
  if (!(await linkProjectChannel(context.db, project.slug, request.channelId))) return { kind: 'gone' };
  return { kind: 'linked', project };
}
