import type { webApi } from '@slack/bolt';
import { type Locale, messages } from '../../i18n/index.js';
import { openFeedbackForm } from '../../usecases/openFeedbackForm.js';
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
  const form = await openFeedbackForm(services, request);
  if (form.kind === 'noProgramme') return { text: messages(request.locale).noProgramme };
  if (form.kind === 'noPhase') return { text: messages(request.locale).noFeedbackPhase };

  const { programme, phase, window, libraryCode, previous } = form;
  const view = renderFeedbackModal({
    programme,
    phase,
    window,
    locale: request.locale,
    libraryCode,
    previous,
  });
  const slot = request.modal ?? new ModalSlot(request.client, request.triggerId);
  await slot.show(sealView(services.viewSealKey, view, request.userId));
  return null;
}
