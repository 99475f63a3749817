import { resolveLibrary, type Unresolved } from '../domain/answers.js';
import { parseIamArgs } from '../domain/command.js';
import { decide, type Refusal } from '../domain/permissions.js';
import type { Library } from '../domain/programme.js';
import { chooseLibrary } from './chooseLibrary.js';
import type { UseCaseContext } from './context.js';

export interface IamRequest {
  userId: string;
  /** What followed `/project ik-ben`, as Slack sent it. */
  args: string;
}

export type IamOutcome =
  | { kind: 'usage' }
  | { kind: 'noProgramme' }
  | { kind: 'refused'; refusal: Refusal }
  /** An @name Koers cannot tell as a person: the admin picks it from Slack's list next time. */
  | { kind: 'unknownColleague'; text: string }
  | { kind: 'unresolved'; query: string; answer: Unresolved }
  | { kind: 'chosen'; library: Library; targetUserId: string; forOther: boolean };

/**
 * `/project ik-ben LIBRARY [@colleague]`: a user says which library they speak for, or an admin says it
 * for a colleague. Naming someone else is asked of `decide` before anything else, so a non-admin hears
 * that it is for admins, whatever the rest of the text.
 */
export async function sayWhichLibrary(context: UseCaseContext, request: IamRequest): Promise<IamOutcome> {
  const { query, colleague } = parseIamArgs(request.args);
  const targetUserId = colleague?.kind === 'user' ? colleague.userId : request.userId;
  // An @name Koers cannot tell is someone else all the same: the user would not name themselves so.
  if (colleague && (colleague.kind === 'unknown' || targetUserId !== request.userId)) {
    const decision = decide(await context.actorFor(request.userId), { kind: 'setLibraryOfOther' });
    if (!decision.allowed) return { kind: 'refused', refusal: decision.refusal };
  }
  if (colleague?.kind === 'unknown') return { kind: 'unknownColleague', text: colleague.text };
  if (!query) return { kind: 'usage' };

  const programme = await context.programmes.current();
  if (!programme) return { kind: 'noProgramme' };
  const resolution = resolveLibrary(programme, query);
  if (resolution.kind === 'unresolved') return { kind: 'unresolved', query, answer: resolution.answer };

  const outcome = await chooseLibrary(context, {
    userId: request.userId,
    targetUserId,
    libraryCode: resolution.item.code,
  });
  switch (outcome.kind) {
    case 'unknownLibrary':
      // The programme changed between the look-up and the choice.
      return {
        kind: 'unresolved',
        query,
        answer: { kind: 'notFound', subject: 'library', query, suggestions: [] },
      };
    case 'refused':
      return outcome;
    case 'chosen':
      return { kind: 'chosen', library: outcome.library, targetUserId, forOther: outcome.forOther };
  }
}
