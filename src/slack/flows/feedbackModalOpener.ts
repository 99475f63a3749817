import type { webApi } from '@slack/bolt';
import { feedbackHistory } from '../../db/feedbackRepository.js';
import { chooseFeedbackPhase, feedbackWindow } from '../../domain/feedbackForm.js';
import { type Locale, messages } from '../../i18n/index.js';
import { ModalSlot } from '../modalSlot.js';
import type { SlackMessage } from '../render/answerLayout.js';
import { renderFeedbackModal } from '../render/feedbackModal.js';
import type { SlackServices } from '../services.js';
import { sealView } from '../viewSeal.js';

export interface OpenFeedbackRequest {
  userId: string;
  triggerId: string;
  /** A phase id or title; empty for "the feedback phase that matters now". */
  phaseQuery: string;
  locale: Locale;
  client: webApi.WebClient;
  /** The modal this click opened already (a notice while the form was slow); else the form opens one. */
  modal?: ModalSlot;
}

/**
 * Opens the feedback form for a phase, starting from the user's previous answer when there is one.
 * Returns a private message instead when there is no such phase; null when the modal is open.
 */
export async function openFeedbackModal(
  services: SlackServices,
  request: OpenFeedbackRequest,
): Promise<SlackMessage | null> {
  const programme = await services.programmes.current();
  if (!programme) return { text: messages(request.locale).noProgramme };
  const phase = chooseFeedbackPhase(programme, request.phaseQuery, services.now());
  if (!phase) return { text: messages(request.locale).noFeedbackPhase };

  const actor = await services.actorFor(request.userId);
  const history = await feedbackHistory(services.db, phase.id, request.userId);
  const newest = history.at(-1);
  const view = renderFeedbackModal({
    programme,
    phase,
    window: feedbackWindow(phase, programme.info.timezone, services.now()),
    locale: request.locale,
    libraryCode: actor.libraryCode,
    previous: newest ? { feedback: newest, version: history.length } : null,
  });
  const slot = request.modal ?? new ModalSlot(request.client, request.triggerId);
  await slot.show(sealView(services.viewSealKey, view, request.userId));
  return null;
}
