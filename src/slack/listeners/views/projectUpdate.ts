import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { PROJECT_UPDATE_FIELDS, type RawProjectUpdate } from '../../../domain/projectForms.js';
import { messages } from '../../../i18n/index.js';
import { submitProjectUpdate } from '../../../usecases/submitProjectUpdate.js';
import { saveWithinBudget } from '../../ackBudget.js';
import { renderFormProblem } from '../../render/feedbackModal.js';
import { PROJECT_UPDATE_ACTION, renderProjectUpdateSaved } from '../../render/projectUpdateModal.js';
import type { SlackServices } from '../../services.js';
import { requestOf } from '../middleware/requestContext.js';
import { dateState, parseJson, readInput, selectState, textState, wordErrors } from './submission.js';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** What the form carries in private_metadata: which project. Untrusted, like everything in it. */
export const projectUpdateMetadataSchema = z.object({ slug: z.string().min(1).max(200) });

/**
 * The update form submitted: its answers go to `submitProjectUpdate`, and each outcome becomes the
 * modal's answer. A stored update turns the modal into a confirmation and is posted in the project's
 * linked channel through the outbox.
 */
export function projectUpdateSubmitted(services: SlackServices) {
  return async ({ ack, body, view, context }: ViewArgs) => {
    const userId = body.user.id;
    const { locale: localeLookup, log } = requestOf(context);
    // The save starts at once: the user's language is looked up meanwhile, not before it.
    const saving = saveWithinBudget((signal) =>
      submitProjectUpdate(services, {
        userId,
        slug: parseJson(view.private_metadata, projectUpdateMetadataSchema)?.slug ?? null,
        answers: readAnswers(view.state.values),
        signal,
      }),
    );
    const locale = await localeLookup;
    const m = messages(locale);
    const saved = await saving;
    if (saved.kind !== 'done') {
      // The database did not answer in time: the modal stays open with everything typed.
      log.warn(
        saved.kind === 'late' ? {} : { err: saved.error },
        'project update could not be saved in time',
      );
      await ack({ response_action: 'errors', errors: { note: m.saveFailed } });
      return;
    }
    const outcome = saved.value;
    switch (outcome.kind) {
      case 'outdated':
        log.warn(
          { metadata: view.private_metadata?.slice(0, 200) },
          'project update for no known project refused',
        );
        await ack({
          response_action: 'update',
          view: renderFormProblem(
            m.updateModalTitle,
            outcome.programmeMissing ? m.databaseUnavailable : m.updateFormOutdated,
            locale,
          ),
        });
        return;
      case 'refused':
        log.warn({ project: outcome.project.slug, refusal: outcome.refusal }, 'project update refused');
        await ack({ response_action: 'errors', errors: { note: m.refusal[outcome.refusal] } });
        return;
      case 'invalid': {
        const errors = wordErrors(PROJECT_UPDATE_FIELDS, outcome.errors, m.updateFieldError);
        await ack({ response_action: 'errors', errors });
        return;
      }
      case 'failed':
        // The modal stays open with everything typed: the user can send again.
        log.error({ err: outcome.error }, 'storing a project update failed');
        await ack({ response_action: 'errors', errors: { note: m.saveFailed } });
        return;
      case 'stored':
        break;
    }
    const { project, values, linkedChannelId } = outcome;
    log.info({ project: project.slug, status: values.status }, 'project update stored');
    await ack({
      response_action: 'update',
      view: renderProjectUpdateSaved(project, values, linkedChannelId, locale),
    });

    // The post in the linked channel was written with the update (the outbox); sent now, and retried.
    if (linkedChannelId) services.sendOwedMessages();
    // Each channel's overview shows the projects by status and the updates still due.
    services.refreshOverviews();
  };
}

function readAnswers(values: unknown): RawProjectUpdate {
  return {
    status: readInput(values, 'status', PROJECT_UPDATE_ACTION, selectState)?.selected_option?.value ?? null,
    note: readInput(values, 'note', PROJECT_UPDATE_ACTION, textState)?.value ?? null,
    milestone: readInput(values, 'milestone', PROJECT_UPDATE_ACTION, dateState)?.selected_date ?? null,
  };
}
