import { z } from 'zod';
import { PROJECT_UPDATE_FIELDS, type RawProjectUpdate } from '../../../domain/projectForms.js';
import { messages } from '../../../i18n/index.js';
import { submitProjectUpdate } from '../../../usecases/submitProjectUpdate.js';
import { PROJECT_UPDATE_ACTION, renderProjectUpdateSaved } from '../../render/projectUpdateModal.js';
import type { SlackServices } from '../../services.js';
import { formInputs, parseJson, viewSubmitted, wordErrors } from './submission.js';

/** What the form carries in private_metadata: which project. Untrusted, like everything in it. */
export const projectUpdateMetadataSchema = z.object({ slug: z.string().min(1).max(200) });

/**
 * The update form submitted: its answers go to `submitProjectUpdate`, and each outcome becomes the
 * modal's answer. A stored update turns the modal into a confirmation and is posted in the project's
 * linked channel through the outbox.
 */
export function projectUpdateSubmitted(services: SlackServices) {
  return viewSubmitted(({ view, userId, log }) => ({
    subject: 'a project update',
    formBlock: 'note',
    save: (signal) =>
      submitProjectUpdate(services, {
        userId,
        slug: parseJson(view.private_metadata, projectUpdateMetadataSchema)?.slug ?? null,
        answers: readAnswers(view.state.values),
        signal,
      }),
    outdated: (m) => ({ title: m.updateModalTitle, text: m.updateFormOutdated }),
    answer: (outcome, locale) => {
      const m = messages(locale);
      switch (outcome.kind) {
        case 'refused':
          log.warn({ project: outcome.project.slug, refusal: outcome.refusal }, 'project update refused');
          return { ack: { response_action: 'errors', errors: { note: m.refusal[outcome.refusal] } } };
        case 'invalid': {
          const errors = wordErrors(PROJECT_UPDATE_FIELDS, outcome.errors, m.updateFieldError);
          return { ack: { response_action: 'errors', errors } };
        }
        case 'stored':
          break;
      }
      const { project, values, linkedChannelId } = outcome;
      log.info({ project: project.slug, status: values.status }, 'project update stored');
      return {
        ack: {
          response_action: 'update',
          view: renderProjectUpdateSaved(project, values, linkedChannelId, locale),
        },
        afterwards: () => {
          // The post in the linked channel was written with the update (the outbox); sent now, and retried.
          if (linkedChannelId) services.sendOwedMessages();
          // Each channel's overview shows the projects by status and the updates still due.
          services.refreshOverviews();
        },
      };
    },
  }));
}

function readAnswers(values: unknown): RawProjectUpdate {
  const inputs = formInputs(values, [PROJECT_UPDATE_ACTION]);
  return { status: inputs.choice('status'), note: inputs.text('note'), milestone: inputs.day('milestone') };
}
