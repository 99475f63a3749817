import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { addProjectUpdate } from '../../../db/projectRepository.js';
import { decide } from '../../../domain/permissions.js';
import {
  PROJECT_UPDATE_FIELDS,
  type RawProjectUpdate,
  validateProjectUpdate,
} from '../../../domain/projectForms.js';
import { messages } from '../../../i18n/index.js';
import { renderFormProblem } from '../../render/feedbackModal.js';
import {
  PROJECT_UPDATE_ACTION,
  renderProjectUpdatePost,
  renderProjectUpdateSaved,
} from '../../render/projectUpdateModal.js';
import type { SlackServices } from '../../services.js';
import { requestOf } from '../middleware/requestContext.js';
import { dateState, parseJson, readInput, selectState, textState, wordErrors } from './submission.js';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** What the form carries in private_metadata: which project. Untrusted, like everything in it. */
export const projectUpdateMetadataSchema = z.object({ slug: z.string().min(1).max(200) });

/**
 * The update form submitted. The project named in private_metadata must still exist, the user must
 * still be allowed to update it, and every field must pass the form's rules; only then is the update
 * added to the project's history (its status set), the modal turned into a confirmation, and the
 * update posted in the project's linked channel.
 */
export function projectUpdateSubmitted(services: SlackServices) {
  return async ({ ack, body, view, client, context }: ViewArgs) => {
    const userId = body.user.id;
    const { locale: localeLookup, log } = requestOf(context);
    const locale = await localeLookup;
    const m = messages(locale);

    const programme = await services.programmes.current().catch(() => null);
    const metadata = parseJson(view.private_metadata, projectUpdateMetadataSchema);
    const project = programme?.projects.find((candidate) => candidate.slug === metadata?.slug);
    if (!programme || !project) {
      log.warn(
        { metadata: view.private_metadata?.slice(0, 200) },
        'project update for no known project refused',
      );
      await ack({
        response_action: 'update',
        view: renderFormProblem(m.updateModalTitle, programme ? m.updateFormOutdated : m.saveFailed, locale),
      });
      return;
    }

    const decision = decide(await services.actorFor(userId), { kind: 'updateProject', project });
    if (!decision.allowed) {
      log.warn({ project: project.slug, refusal: decision.refusal }, 'project update refused');
      await ack({ response_action: 'errors', errors: { note: m.refusal[decision.refusal] } });
      return;
    }

    const checked = validateProjectUpdate(readAnswers(view.state.values));
    if (!checked.ok) {
      const errors = wordErrors(PROJECT_UPDATE_FIELDS, checked.errors, m.updateFieldError);
      await ack({ response_action: 'errors', errors });
      return;
    }

    let linkedChannelId: string | null;
    try {
      ({ linkedChannelId } = await addProjectUpdate(services.db, {
        slug: project.slug,
        ...checked.values,
        author: userId,
      }));
    } catch (error) {
      // The modal stays open with everything typed: the user can send again.
      log.error({ err: error }, 'storing a project update failed');
      await ack({ response_action: 'errors', errors: { note: m.saveFailed } });
      return;
    }
    log.info({ project: project.slug, status: checked.values.status }, 'project update stored');
    await ack({
      response_action: 'update',
      view: renderProjectUpdateSaved(project, checked.values, linkedChannelId, locale),
    });

    if (!linkedChannelId) return;
    try {
      await client.chat.postMessage({
        channel: linkedChannelId,
        ...renderProjectUpdatePost(project, checked.values, userId, services.defaultLocale),
      });
    } catch (error) {
      // Stored and confirmed already; the channel post is a courtesy.
      log.warn({ err: error, channel: linkedChannelId }, 'posting a project update in its channel failed');
    }
  };
}

function readAnswers(values: unknown): RawProjectUpdate {
  return {
    status: readInput(values, 'status', PROJECT_UPDATE_ACTION, selectState)?.selected_option?.value ?? null,
    note: readInput(values, 'note', PROJECT_UPDATE_ACTION, textState)?.value ?? null,
    milestone: readInput(values, 'milestone', PROJECT_UPDATE_ACTION, dateState)?.selected_date ?? null,
  };
}
