import { feedbackHistory, type StoredFeedback } from '../db/feedbackRepository.js';
import { chooseFeedbackPhase, type FeedbackWindow, feedbackWindow } from '../domain/feedbackForm.js';
import type { Phase, Programme } from '../domain/programme.js';
import type { UseCaseContext } from './context.js';

export interface FeedbackFormRequest {
  userId: string;
  /** A phase id or title; empty for "the feedback phase that matters now". */
  phaseQuery: string;
}

export type FeedbackFormOutcome =
  | { kind: 'noProgramme' }
  | { kind: 'noPhase' }
  /** The form to show: the phase, whether it still takes answers, and the user's newest answer. */
  | {
      kind: 'open';
      programme: Programme;
      phase: Phase;
      window: FeedbackWindow;
      /** The user's own library, chosen by default. */
      libraryCode: string | null;
      previous: { feedback: StoredFeedback; version: number } | null;
    };

/**
 * Which feedback form a user is shown (`/project feedback`, the Home's and a reminder's button),
 * starting from their previous answer when there is one. Whether they may send it is asked when it
 * comes back (submitFeedback).
 */
export async function openFeedbackForm(
  context: UseCaseContext,
  request: FeedbackFormRequest,
): Promise<FeedbackFormOutcome> {
  const programme = await context.programmes.current();
  if (!programme) return { kind: 'noProgramme' };
  const phase = chooseFeedbackPhase(programme, request.phaseQuery, context.now());
  if (!phase) return { kind: 'noPhase' };

  const actor = await context.actorFor(request.userId);
  const history = await feedbackHistory(context.db, phase.id, request.userId);
  const newest = history.at(-1);
  return {
    kind: 'open',
    programme,
    phase,
    window: feedbackWindow(phase, programme.info.timezone, context.now()),
    libraryCode: actor.libraryCode,
    previous: newest ? { feedback: newest, version: history.length } : null,
  };
}
