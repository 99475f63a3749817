import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { IDEA_FIELDS, type RawIdea } from '../../../domain/projectForms.js';
import { messages } from '../../../i18n/index.js';
import { proposeIdea } from '../../../usecases/proposeIdea.js';
import { saveWithinBudget } from '../../ackBudget.js';
import { SEARCH_OPTIONS_ACTION } from '../../render/feedbackModal.js';
import { IDEA_ACTION, renderIdeaSaved } from '../../render/ideaModal.js';
import type { SlackServices } from '../../services.js';
import { requestOf } from '../middleware/requestContext.js';
import { multiSelectState, readInput, textState, wordErrors } from './submission.js';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The idea form submitted: its answers go to `proposeIdea`; a stored idea turns the modal into a
 * confirmation, and every admin gets a direct message with the idea and buttons to approve or decline
 * it, through the outbox (written with the idea, so a message is never lost after the confirmation).
 */
export function ideaSubmitted(services: SlackServices) {
  return async ({ ack, body, view, context }: ViewArgs) => {
    const userId = body.user.id;
    const { locale: localeLookup, log } = requestOf(context);
    // The save starts at once: the user's language is looked up meanwhile, not before it.
    const saving = saveWithinBudget((signal) =>
      proposeIdea(services, { userId, answers: readAnswers(view.state.values), signal }),
    );
    const locale = await localeLookup;
    const m = messages(locale);
    const saved = await saving;
    if (saved.kind !== 'done') {
      // The database did not answer in time: the modal stays open with everything typed.
      log.warn(saved.kind === 'late' ? {} : { err: saved.error }, 'idea could not be saved in time');
      await ack({ response_action: 'errors', errors: { title: m.saveFailed } });
      return;
    }
    const outcome = saved.value;
    switch (outcome.kind) {
      case 'refused':
        await ack({ response_action: 'errors', errors: { title: m.refusal[outcome.refusal] } });
        return;
      case 'invalid':
        await ack({
          response_action: 'errors',
          errors: wordErrors(IDEA_FIELDS, outcome.errors, m.ideaFieldError),
        });
        return;
      case 'failed':
        log.error({ err: outcome.error }, 'storing an idea failed');
        await ack({ response_action: 'errors', errors: { title: m.saveFailed } });
        return;
      case 'stored':
        break;
    }
    const { idea, libraryNames, sameName, adminsTold } = outcome;
    log.info({ idea: idea.id, adminsTold }, 'idea proposed');
    if (adminsTold === 0) log.warn({ idea: idea.id }, 'no admin to decide on an idea');
    await ack({ response_action: 'update', view: renderIdeaSaved(idea, libraryNames, sameName, locale) });
    // The admins' direct messages were written with the idea; sent now, and retried until they go.
    services.sendOwedMessages();
  };
}

function readAnswers(values: unknown): RawIdea {
  const text = (blockId: string) => readInput(values, blockId, IDEA_ACTION, textState)?.value ?? null;
  return {
    title: text('title'),
    description: text('description'),
    theme: text('theme'),
    libraries: (
      (
        readInput(values, 'libraries', IDEA_ACTION, multiSelectState) ??
        readInput(values, 'libraries', SEARCH_OPTIONS_ACTION, multiSelectState)
      )?.selected_options ?? []
    ).map((selected) => selected.value),
  };
}
