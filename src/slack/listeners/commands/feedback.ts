import { openFeedbackModal } from '../../flows/feedbackModalOpener.js';
import type { CommandHandler } from './commandHandler.js';

/** `/project feedback [PHASE]`: the feedback form for that phase, or the one that matters now. */
export const feedbackCommand: CommandHandler = (services, request) =>
  openFeedbackModal(services, { ...request, phaseQuery: request.args });
