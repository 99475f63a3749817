import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { proposeIdea, recordAdminMessage } from '../../../db/ideaRepository.js';
import { decide } from '../../../domain/permissions.js';
import { IDEA_FIELDS, type RawIdea, validateIdea } from '../../../domain/projectForms.js';
import { messages } from '../../../i18n/index.js';
import { SEARCH_OPTIONS_ACTION } from '../../render/feedbackModal.js';
import { IDEA_ACTION, renderIdeaForAdmin, renderIdeaSaved } from '../../render/ideaModal.js';
import type { SlackServices } from '../../services.js';
import { requestOf } from '../middleware/requestContext.js';
import { multiSelectState, readInput, textState, wordErrors } from './submission.js';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The idea form submitted. Every field is checked against the form's rules (the libraries against the
 * programme); a valid idea is stored as proposed, the modal turns into a confirmation, and every admin
 * gets a direct message with the idea and buttons to approve or decline it.
 */
export function ideaSubmitted(services: SlackServices) {
  return async ({ ack, body, view, client, context }: ViewArgs) => {
    const userId = body.user.id;
    const { locale: localeLookup, log } = requestOf(context);
    const locale = await localeLookup;
    const m = messages(locale);

    const decision = decide(await services.actorFor(userId), { kind: 'proposeIdea' });
    if (!decision.allowed) {
      await ack({ response_action: 'errors', errors: { title: m.refusal[decision.refusal] } });
      return;
    }
    const programme = await services.programmes.current().catch(() => null);
    const checked = validateIdea(readAnswers(view.state.values), {
      libraryCodes: new Set(programme?.libraries.map((library) => library.code)),
    });
    if (!checked.ok) {
      await ack({
        response_action: 'errors',
        errors: wordErrors(IDEA_FIELDS, checked.errors, m.ideaFieldError),
      });
      return;
    }

    let idea: Awaited<ReturnType<typeof proposeIdea>>;
    try {
      idea = await proposeIdea(services.db, { ...checked.values, proposedBy: userId });
    } catch (error) {
      log.error({ err: error }, 'storing an idea failed');
      await ack({ response_action: 'errors', errors: { title: m.saveFailed } });
      return;
    }
    log.info({ idea: idea.id }, 'idea proposed');
    const libraryNames = new Map(programme?.libraries.map((library) => [library.code, library.name]));
    await ack({ response_action: 'update', view: renderIdeaSaved(idea, libraryNames, locale) });

    const adminIds = await services.adminIds().catch((error: unknown) => {
      log.error({ err: error }, 'listing the admins failed');
      return [];
    });
    if (adminIds.length === 0) log.warn({ idea: idea.id }, 'no admin to decide on an idea');
    await Promise.all(
      adminIds.map(async (adminId) => {
        try {
          const adminLocale = await services.userLocales.forUser(client, adminId);
          const posted = await client.chat.postMessage({
            channel: adminId,
            ...renderIdeaForAdmin(idea, libraryNames, adminLocale),
          });
          if (posted.channel && posted.ts) {
            await recordAdminMessage(services.db, idea.id, {
              userId: adminId,
              channel: posted.channel,
              ts: posted.ts,
            });
          }
        } catch (error) {
          log.warn({ err: error, admin: adminId }, 'telling an admin about an idea failed');
        }
      }),
    );
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
