import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { messages } from '../../../i18n/index.js';
import { decideOnIdea } from '../../../usecases/decideOnIdea.js';
import { userFacingError } from '../../errors.js';
import { publishHome } from '../../flows/homePublisher.js';
import type { SlackMessage } from '../../render/answerLayout.js';
import { renderIdeaDecided } from '../../render/ideaModal.js';
import type { SlackServices } from '../../services.js';
import { requestOf } from '../middleware/requestContext.js';
import { answerWithinBudget } from './withinBudget.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** The idea id a decision button carries: untrusted, like every button value. */
const ideaIdSchema = z
  .string()
  .regex(/^[1-9]\d{0,9}$/)
  .transform(Number)
  .pipe(z.number().int().max(2_147_483_647));

/**
 * An admin's approve or decline under an idea. The right to decide is checked here, where it is
 * written, whoever sent the click; the id is checked against the database. Only a proposed idea can
 * be decided, so a second click (or a second admin) changes nothing and is told so. The admin's
 * message is replaced by the decision, the other admins' messages are updated to show it, and the
 * proposer hears of it by direct message, through the outbox.
 */
export function ideaDecisionButton(services: SlackServices, decision: 'approved' | 'declined') {
  return async ({ ack, body, action, respond, client, context }: ButtonArgs) => {
    await ack();
    const userId = body.user.id;
    const { locale: localeLookup, log, receivedAt } = requestOf(context);
    const locale = await localeLookup;
    const m = messages(locale);
    // `respond` exists only when Slack sent a response_url (always, for a button in a message).
    const answer = async (message: SlackMessage, replaceOriginal: boolean) => {
      if (typeof respond !== 'function') return;
      // Replacing keeps the message where it is (a direct message); anything else is for this user only.
      const how = replaceOriginal
        ? { replace_original: true }
        : { response_type: 'ephemeral' as const, replace_original: false };
      await respond({ ...how, ...message }).catch((error: unknown) =>
        log.warn({ err: error }, 'answering an idea decision failed'),
      );
    };

    const work = async () => {
      try {
        const id = ideaIdSchema.safeParse(action.value ?? '');
        const outcome = await decideOnIdea(services, {
          userId,
          ideaId: id.success ? id.data : null,
          decision,
        });
        if (outcome.kind === 'refused') {
          log.warn({ value: action.value?.slice(0, 20) }, 'idea decision by a non-admin refused');
          await answer({ text: m.refusal[outcome.refusal] }, false);
          return;
        }
        if (outcome.kind === 'notFound') {
          log.warn({ value: action.value?.slice(0, 20) }, 'decision on an unknown idea');
          await answer({ text: m.ideaNotFound }, false);
          return;
        }
        const { idea, changed, libraryNames, sameName } = outcome;
        log.info({ idea: idea.id, status: idea.status, changed }, 'idea decided');
        // Decided from the admin's Home (its list of ideas waiting): the Home shows the list without it.
        if (body.container?.type === 'view') await publishHome(services, client, userId, locale);
        else await answer(renderIdeaDecided(idea, libraryNames, !changed, sameName, locale), true);
        if (!changed) return;
        // The proposer's direct message was written with the decision (the outbox): sent now, and retried.
        services.sendOwedMessages();

        // The other admins' messages lose their buttons and say who decided, each in its reader's language.
        const clicked = body.container?.message_ts;
        for (const message of idea.adminMessages.filter((message) => message.ts !== clicked)) {
          try {
            const readerLocale = await services.userLocales.forUser(client, message.userId);
            await client.chat.update({
              channel: message.channel,
              ts: message.ts,
              ...renderIdeaDecided(idea, libraryNames, false, sameName, readerLocale),
            });
          } catch (error) {
            log.warn(
              { err: error, idea: idea.id, admin: message.userId },
              'updating an admin message failed',
            );
          }
        }
      } catch (error) {
        log.error({ err: error }, 'deciding on an idea failed');
        await answer({ text: userFacingError(error, locale) }, false);
      }
    };
    const tell = (text: string) => answer({ text }, false);
    await answerWithinBudget({ receivedAt, locale, log, work, tell });
  };
}
