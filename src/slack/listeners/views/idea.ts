import { IDEA_FIELDS, type RawIdea } from '../../../domain/projectForms.js';
import { messages } from '../../../i18n/index.js';
import { proposeIdea } from '../../../usecases/proposeIdea.js';
import { SEARCH_OPTIONS_ACTION } from '../../render/feedbackModal.js';
import { IDEA_ACTION, renderIdeaSaved } from '../../render/ideaModal.js';
import type { SlackServices } from '../../services.js';
import { formInputs, viewSubmitted, wordErrors } from './submission.js';

/**
 * The idea form submitted: its answers go to `proposeIdea`; a stored idea turns the modal into a
 * confirmation, and every admin gets a direct message with the idea and buttons to approve or decline
 * it, through the outbox (written with the idea, so a message is never lost after the confirmation).
 */
export function ideaSubmitted(services: SlackServices) {
  return viewSubmitted(({ view, userId, log }) => ({
    subject: 'an idea',
    formBlock: 'title',
    save: (signal) => proposeIdea(services, { userId, answers: readAnswers(view.state.values), signal }),
    answer: (outcome, locale) => {
      const m = messages(locale);
      switch (outcome.kind) {
        case 'refused':
          return { ack: { response_action: 'errors', errors: { title: m.refusal[outcome.refusal] } } };
        case 'invalid':
          return {
            ack: {
              response_action: 'errors',
              errors: wordErrors(IDEA_FIELDS, outcome.errors, m.ideaFieldError),
            },
          };
        case 'stored':
          break;
      }
      const { idea, libraryNames, sameName, adminsTold } = outcome;
      log.info({ idea: idea.id, adminsTold }, 'idea proposed');
      if (adminsTold === 0) log.warn({ idea: idea.id }, 'no admin to decide on an idea');
      return {
        ack: { response_action: 'update', view: renderIdeaSaved(idea, libraryNames, sameName, locale) },
        // The admins' direct messages were written with the idea; sent now, and retried until they go.
        afterwards: () => services.sendOwedMessages(),
      };
    },
  }));
}

function readAnswers(values: unknown): RawIdea {
  // Past Slack's 100 options the libraries are searched as the user types.
  const inputs = formInputs(values, [IDEA_ACTION, SEARCH_OPTIONS_ACTION]);
  return {
    title: inputs.text('title'),
    description: inputs.text('description'),
    theme: inputs.text('theme'),
    libraries: inputs.choices('libraries'),
  };
}
