import { type Idea, proposeIdea as storeIdea } from '../db/ideaRepository.js';
import { projectsNamedLike } from '../domain/matching.js';
import { decide, type Refusal } from '../domain/permissions.js';
import { libraryNames, type Project } from '../domain/programme.js';
import { type IdeaField, type IdeaFieldError, type RawIdea, validateIdea } from '../domain/projectForms.js';
import type { UseCaseContext } from './context.js';

export type IdeaProposalOutcome =
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'invalid'; errors: Partial<Record<IdeaField, IdeaFieldError>> }
  /** Storing failed: nothing is lost, the user can send again. */
  | { kind: 'failed'; error: unknown }
  /**
   * `sameName`: the projects already called what the idea is called (to warn about, not to refuse);
   * `adminsTold`: how many admins are owed a direct message about it (none: nobody to decide yet).
   */
  | {
      kind: 'stored';
      idea: Idea;
      libraryNames: ReadonlyMap<string, string>;
      sameName: Project[];
      adminsTold: number;
    };

/** A new project idea sent in: checked against the form's rules (the libraries against the programme), stored as proposed. */
export async function proposeIdea(
  context: UseCaseContext,
  /** `signal` is aborted when the caller stops waiting: nothing is stored from then on. */
  proposal: { userId: string; answers: RawIdea; signal?: AbortSignal },
): Promise<IdeaProposalOutcome> {
  try {
    const decision = decide(await context.actorFor(proposal.userId), { kind: 'proposeIdea' });
    if (!decision.allowed) return { kind: 'refused', refusal: decision.refusal };
    const programme = await context.programmes.current();
    const checked = validateIdea(proposal.answers, {
      libraryCodes: new Set(programme?.libraries.map((library) => library.code)),
    });
    if (!checked.ok) return { kind: 'invalid', errors: checked.errors };
    // The admins' direct messages are written with the idea (the outbox) and sent after the answer.
    const adminIds = await context.adminIds();
    const idea = await storeIdea(
      context.db,
      { ...checked.values, proposedBy: proposal.userId },
      adminIds,
      context.now(),
      proposal.signal,
    );
    return {
      kind: 'stored',
      idea,
      libraryNames: libraryNames(programme),
      sameName: projectsNamedLike(programme?.projects ?? [], idea.title),
      adminsTold: adminIds.length,
    };
  } catch (error) {
    return { kind: 'failed', error };
  }
}
