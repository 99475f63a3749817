import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { messages } from '../../../i18n/index.js';
import type { Logger } from '../../../logger.js';
import { decideOnIdea, type IdeaDecisionOutcome, ideaToDecide } from '../../../usecases/decideOnIdea.js';
import { userFacingError } from '../../errors.js';
import { publishHome } from '../../flows/homePublisher.js';
import { homePagesOf } from '../../homePages.js';
import type { SlackMessage } from '../../render/answerLayout.js';
import { renderFormProblem } from '../../render/feedbackModal.js';
import { renderIdeaDecided, renderIdeaDeclineModal } from '../../render/ideaModal.js';
import { IDEA_MENU } from '../../render/pendingIdeas.js';
import type { SlackServices } from '../../services.js';
import { sealView } from '../../viewSeal.js';
import { requestOf } from '../middleware/requestContext.js';
import { openIdeaAsProjectForm } from './adminActions.js';
import { answerWithinBudget } from './withinBudget.js';

type IdeaActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** The idea id a decision button carries: untrusted, like every button value. */
const ideaIdSchema = z
  .string()
  .regex(/^[1-9]\d{0,9}$/)
  .transform(Number)
  .pipe(z.number().int().max(2_147_483_647));

/** `choice|id`, as an idea's menu on the Home sends it (render/pendingIdeas.ts). */
const menuValue = z
  .string()
  .max(40)
  .transform((value) => value.split('|'))
  .pipe(z.tuple([z.enum(IDEA_MENU), ideaIdSchema]));

/**
 * An admin's approve or decline under an idea (its direct message). The right to decide is checked where
 * it is written, whoever sent the click; the id is checked against the database. Only a proposed idea
 * can be decided, so a second click (or a second admin) changes nothing and is told so.
 */
export function ideaDecisionButton(services: SlackServices, decision: 'approved' | 'declined') {
  return async (args: IdeaActionArgs) => {
    await args.ack();
    const value = 'value' in args.action ? args.action.value : undefined;
    await decideFromClick(services, args, value, decision);
  };
}

/**
 * An idea's menu on the admins' Home (or in `/project ideeën`): approve at once, the project form filled
 * in from the idea, or decline after a confirmation.
 */
export function ideaMenu(services: SlackServices) {
  return async (args: IdeaActionArgs) => {
    await args.ack();
    const { log } = requestOf(args.context);
    const value = 'selected_option' in args.action ? args.action.selected_option?.value : undefined;
    const parsed = menuValue.safeParse(value);
    if (!parsed.success) {
      log.warn({ value: String(value).slice(0, 40) }, 'an idea menu choice that is none of ours');
      return;
    }
    const [choice, ideaId] = parsed.data;
    if (choice === 'approve') await decideFromClick(services, args, String(ideaId), 'approved');
    else if (choice === 'project') await openIdeaAsProjectForm(services, args, ideaId);
    else await openDeclineConfirmation(services, args, ideaId);
  };
}

/**
 * A decision clicked: the admin's message is replaced by it (or, on the Home, the Home is shown without
 * the idea), the other admins' messages are updated to show it, and the proposer hears of it by direct
 * message, through the outbox.
 */
async function decideFromClick(
  services: SlackServices,
  { body, respond, client, context }: IdeaActionArgs,
  value: string | undefined,
  decision: 'approved' | 'declined',
): Promise<void> {
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
      const id = ideaIdSchema.safeParse(value ?? '');
      const outcome = await decideOnIdea(services, {
        userId,
        ideaId: id.success ? id.data : null,
        decision,
      });
      if (outcome.kind === 'refused') {
        log.warn({ value: value?.slice(0, 20) }, 'idea decision by a non-admin refused');
        await answer({ text: m.refusal[outcome.refusal] }, false);
        return;
      }
      if (outcome.kind === 'notFound') {
        log.warn({ value: value?.slice(0, 20) }, 'decision on an unknown idea');
        await answer({ text: m.ideaNotFound }, false);
        return;
      }
      const { idea, changed, libraryNames, sameName } = outcome;
      log.info({ idea: idea.id, status: idea.status, changed }, 'idea decided');
      // Decided from the admin's Home (its list of ideas waiting): the Home shows the list without it.
      if (body.container?.type === 'view') {
        await publishHome(services, client, userId, locale, homePagesOf(body));
      } else await answer(renderIdeaDecided(idea, libraryNames, !changed, sameName, locale), true);
      if (changed) await tellOfDecision(services, client, log, outcome, body.container?.message_ts);
    } catch (error) {
      log.error({ err: error }, 'deciding on an idea failed');
      await answer({ text: userFacingError(error, locale) }, false);
    }
  };
  const tell = (text: string) => answer({ text }, false);
  await answerWithinBudget({ receivedAt, locale, log, work, tell });
}

/**
 * After a decision that changed the idea: the proposer's direct message (written with the decision, in
 * the outbox) is sent now, and the other admins' messages lose their buttons and say who decided, each
 * in its reader's language. `clicked` is the message the decision was made in, answered already.
 */
export async function tellOfDecision(
  services: SlackServices,
  client: AllMiddlewareArgs['client'],
  log: Logger,
  decided: Extract<IdeaDecisionOutcome, { kind: 'decided' }>,
  clicked?: string,
): Promise<void> {
  services.sendOwedMessages();
  const { idea, libraryNames, sameName } = decided;
  for (const message of idea.adminMessages.filter((message) => message.ts !== clicked)) {
    try {
      const readerLocale = await services.userLocales.forUser(client, message.userId);
      await client.chat.update({
        channel: message.channel,
        ts: message.ts,
        ...renderIdeaDecided(idea, libraryNames, false, sameName, readerLocale),
      });
    } catch (error) {
      log.warn({ err: error, idea: idea.id, admin: message.userId }, 'updating an admin message failed');
    }
  }
}

/** "Decline…" in an idea's menu: a modal naming the idea asks first (views/idea.ts declines it). */
async function openDeclineConfirmation(
  services: SlackServices,
  { body, client, context }: IdeaActionArgs,
  ideaId: number,
): Promise<void> {
  const { locale: localeLookup, log } = requestOf(context);
  try {
    const locale = await localeLookup;
    const m = messages(locale);
    const outcome = await ideaToDecide(services, { userId: body.user.id, ideaId });
    if (outcome.kind !== 'open') log.warn({ idea: ideaId, outcome: outcome.kind }, 'idea decline not opened');
    const view =
      outcome.kind === 'open'
        ? renderIdeaDeclineModal(outcome.idea, homePagesOf(body), locale)
        : renderFormProblem(
            m.ideaDeclineTitle,
            outcome.kind === 'refused' ? m.refusal[outcome.refusal] : m.ideaAlreadyDecided,
            locale,
          );
    await client.views.open({
      trigger_id: body.trigger_id,
      view: sealView(services.viewSealKey, view, body.user.id),
    });
  } catch (error) {
    log.error({ err: error }, 'opening an idea decline failed');
  }
}
