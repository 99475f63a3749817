import { z } from 'zod';
import { FEEDBACK_FIELDS, priorityChoices, type RawFeedback } from '../../../domain/feedbackForm.js';
import { messages } from '../../../i18n/index.js';
import { submitFeedback } from '../../../usecases/submitFeedback.js';
import { publishHome } from '../../flows/homePublisher.js';
import { FEEDBACK_ACTION, renderFeedbackThanks, SEARCH_OPTIONS_ACTION } from '../../render/feedbackModal.js';
import type { SlackServices } from '../../services.js';
import { formInputs, parseJson, viewSubmitted, wordErrors } from './submission.js';

const metadataSchema = z.object({ phaseId: z.string().min(1).max(100) });

/**
 * The feedback form submitted: its answers go to `submitFeedback`, and each outcome becomes the
 * modal's answer. Field errors keep the modal open with the user's input; only a stored submission
 * turns it into a confirmation.
 */
export function feedbackSubmitted(services: SlackServices) {
  return viewSubmitted(({ view, userId, client, log }) => ({
    subject: 'feedback',
    formBlock: 'remarks',
    save: (signal) =>
      submitFeedback(services, {
        userId,
        phaseId: parseJson(view.private_metadata, metadataSchema)?.phaseId ?? null,
        answers: readAnswers(view.state.values),
        signal,
      }),
    outdated: (m) => ({ title: m.feedbackModalTitle, text: m.formOutdated }),
    answer: (outcome, locale) => {
      const m = messages(locale);
      switch (outcome.kind) {
        case 'closed': {
          const { phase } = outcome;
          const closed = m.feedbackClosed(phase.title, phase.end ?? phase.date ?? '');
          return { ack: { response_action: 'errors', errors: { remarks: closed } } };
        }
        case 'invalid':
          return {
            ack: {
              response_action: 'errors',
              errors: wordErrors(FEEDBACK_FIELDS, outcome.errors, m.fieldError),
            },
          };
        case 'refused':
          return { ack: { response_action: 'errors', errors: { library: m.refusal[outcome.refusal] } } };
        case 'stored':
          break;
      }
      const { programme, phase, values, version, late } = outcome;
      log.info({ phase: phase.id, library: values.libraryCode, version }, 'feedback stored');
      const names = new Map(priorityChoices(programme).map((choice) => [choice.slug, choice.name]));
      const library =
        programme.libraries.find((candidate) => candidate.code === values.libraryCode)?.name ??
        values.libraryCode;
      return {
        ack: {
          response_action: 'update',
          view: renderFeedbackThanks(
            {
              library,
              phase: phase.title,
              version,
              late,
              judgement: m.judgementName[values.judgement],
              remarks: values.remarks,
              priorities: values.priorities.map((slug) => names.get(slug) ?? slug),
            },
            locale,
          ),
        },
        afterwards: async () => {
          // Each channel's overview shows which libraries still owe feedback.
          services.refreshOverviews();
          // The Home shows what this user and their library answered: publish it anew.
          await publishHome(services, client, userId).catch((error: unknown) =>
            log.warn({ err: error }, 'republishing Home failed'),
          );
        },
      };
    },
  }));
}

function readAnswers(values: unknown): RawFeedback {
  // Past Slack's 100 options the library and priorities are searched as the user types.
  const inputs = formInputs(values, [FEEDBACK_ACTION, SEARCH_OPTIONS_ACTION]);
  return {
    libraryCode: inputs.choice('library'),
    judgement: inputs.choice('judgement'),
    remarks: inputs.text('remarks'),
    priorities: inputs.choices('priorities'),
    mayContact: inputs.choices('contact').includes('yes'),
  };
}
