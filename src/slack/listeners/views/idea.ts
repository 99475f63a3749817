import { z } from 'zod';
import { IDEA_FIELDS, type RawIdea } from '../../../domain/projectForms.js';
import { type Locale, messages } from '../../../i18n/index.js';
import { decideOnIdea, type IdeaDecisionOutcome } from '../../../usecases/decideOnIdea.js';
import { proposeIdea } from '../../../usecases/proposeIdea.js';
import { publishHome } from '../../flows/homePublisher.js';
import { homePagesSchema } from '../../homePages.js';
import { SEARCH_OPTIONS_ACTION } from '../../render/feedbackModal.js';
import { IDEA_ACTION, renderIdeaSaved } from '../../render/ideaModal.js';
import type { SlackServices } from '../../services.js';
import { tellOfDecision } from '../actions/ideaDecision.js';
import { formInputs, parseJson, problemAnswer, viewSubmitted, wordErrors } from './submission.js';

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

/** What the decline's confirmation carries (render/ideaModal.ts); untrusted like everything submitted. */
const declineMetadataSchema = z.object({
  idea: z.number().int().positive().max(2_147_483_647),
  pages: homePagesSchema.optional(),
});

/**
 * The confirmation of declining an idea, from the admins' Home: declined through the same use case as
 * the direct message's button, the Home shown again without it, and everyone told as after a click.
 */
export function ideaDeclineSubmitted(services: SlackServices) {
  return viewSubmitted<IdeaDecisionOutcome>(({ view, userId, client, log }) => {
    const meta = parseJson(view.private_metadata, declineMetadataSchema);
    const problem = (locale: Locale, text: string) =>
      problemAnswer(messages(locale).ideaDeclineTitle, text, locale);
    return {
      subject: 'an idea decision',
      // A confirmation has no inputs: what goes wrong replaces it.
      formBlock: '',
      before: (locale) => (meta ? null : problem(locale, messages(locale).updateFormOutdated)),
      unsaved: (locale) => problem(locale, messages(locale).saveFailed),
      save: () => decideOnIdea(services, { userId, ideaId: meta?.idea ?? null, decision: 'declined' }),
      answer: (outcome, locale) => {
        const m = messages(locale);
        if (outcome.kind === 'refused') return { ack: problem(locale, m.refusal[outcome.refusal]) };
        if (outcome.kind === 'notFound') return { ack: problem(locale, m.ideaNotFound) };
        log.info(
          { idea: outcome.idea.id, status: outcome.idea.status, changed: outcome.changed },
          'idea decided',
        );
        if (!outcome.changed) return { ack: problem(locale, m.ideaAlreadyDecided) };
        return {
          ack: { response_action: 'clear' },
          afterwards: async () => {
            await tellOfDecision(services, client, log, outcome);
            await publishHome(services, client, userId, locale, meta?.pages ?? {}).catch((error: unknown) =>
              log.warn({ err: error }, 'republishing Home failed'),
            );
          },
        };
      },
    };
  });
}
