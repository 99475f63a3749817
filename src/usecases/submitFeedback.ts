import { addFeedback } from '../db/feedbackRepository.js';
import {
  type FeedbackField,
  type FeedbackFieldError,
  type FeedbackValues,
  feedbackWindow,
  priorityChoices,
  type RawFeedback,
  validateFeedback,
} from '../domain/feedbackForm.js';
import { decide, type Refusal } from '../domain/permissions.js';
import type { Phase, Programme } from '../domain/programme.js';
import type { UseCaseContext } from './context.js';

export interface FeedbackSubmission {
  userId: string;
  /** The phase the form was opened for, from its metadata; null when that was not what we sent. */
  phaseId: string | null;
  answers: RawFeedback;
  /** Aborted when the caller stops waiting: nothing is stored from then on (the write rolls back). */
  signal?: AbortSignal;
}

export type FeedbackOutcome =
  /** The form names no feedback phase of the programme (stale or forged), or there is no programme. */
  | { kind: 'outdated'; programmeMissing: boolean }
  | { kind: 'closed'; phase: Phase }
  | { kind: 'invalid'; errors: Partial<Record<FeedbackField, FeedbackFieldError>> }
  | { kind: 'refused'; refusal: Refusal }
  /** Storing failed: nothing is lost, the user can send again. */
  | { kind: 'failed'; error: unknown }
  | {
      kind: 'stored';
      programme: Programme;
      phase: Phase;
      values: FeedbackValues;
      /** 1 for the user's first answer to this phase, then 2, 3, … */
      version: number;
      late: boolean;
    };

/**
 * A feedback form sent in. Everything in it is untrusted: the phase is checked against the programme
 * again, the deadline, every field against the form's rules, and the user's right to speak for the
 * chosen library; only then is it stored, as a new version.
 */
export async function submitFeedback(
  context: UseCaseContext,
  submission: FeedbackSubmission,
): Promise<FeedbackOutcome> {
  let programme: Programme | null;
  try {
    programme = await context.programmes.current();
  } catch (error) {
    // The database did not answer: the form stays open with everything typed.
    return { kind: 'failed', error };
  }
  const phase = programme?.phases.find(
    (candidate) => candidate.id === submission.phaseId && candidate.kind === 'feedback',
  );
  if (!programme || !phase) return { kind: 'outdated', programmeMissing: !programme };
  // One reading of the clock: the submission is late, or not, as of the time it is stored with.
  const now = context.now();
  const window = feedbackWindow(phase, programme.info.timezone, now);
  if (window === 'closed') return { kind: 'closed', phase };

  const checked = validateFeedback(submission.answers, {
    libraryCodes: new Set(programme.libraries.map((library) => library.code)),
    priorities: new Set(priorityChoices(programme).map((choice) => choice.slug)),
  });
  if (!checked.ok) return { kind: 'invalid', errors: checked.errors };
  const late = window === 'late';
  try {
    const decision = decide(await context.actorFor(submission.userId), {
      kind: 'submitFeedback',
      libraryCode: checked.values.libraryCode,
    });
    if (!decision.allowed) return { kind: 'refused', refusal: decision.refusal };
    const version = await addFeedback(
      context.db,
      { phaseId: phase.id, userId: submission.userId, late, ...checked.values },
      now,
      submission.signal,
    );
    return { kind: 'stored', programme, phase, values: checked.values, version, late };
  } catch (error) {
    return { kind: 'failed', error };
  }
}
