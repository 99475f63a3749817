import { setLibraryOf } from '../db/peopleRepository.js';
import { decide, type Refusal } from '../domain/permissions.js';
import type { Library } from '../domain/programme.js';
import type { UseCaseContext } from './context.js';

export interface LibraryChoice {
  /** Who chooses. */
  userId: string;
  /** Whose library it becomes: the chooser's own, or (an admin's choice) a colleague's. */
  targetUserId: string;
  libraryCode: string;
}

export type LibraryChoiceOutcome =
  /** No library of the programme has that code (or no programme is loaded). */
  | { kind: 'unknownLibrary' }
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'chosen'; library: Library; forOther: boolean };

/**
 * A user says which library they speak for, from `/project ik-ben` or the App Home's picker; an admin
 * may say it for a colleague. A user picks their own once: a later change is an admin's.
 */
export async function chooseLibrary(
  context: UseCaseContext,
  choice: LibraryChoice,
): Promise<LibraryChoiceOutcome> {
  const programme = await context.programmes.current();
  const library = programme?.libraries.find((candidate) => candidate.code === choice.libraryCode);
  if (!library) return { kind: 'unknownLibrary' };
  const forOther = choice.targetUserId !== choice.userId;
  const decision = decide(
    await context.actorFor(choice.userId),
    forOther ? { kind: 'setLibraryOfOther' } : { kind: 'chooseOwnLibrary' },
  );
  if (!decision.allowed) return { kind: 'refused', refusal: decision.refusal };
  await setLibraryOf(context.db, choice.targetUserId, library.code, choice.userId, context.now());
  return { kind: 'chosen', library, forOther };
}
