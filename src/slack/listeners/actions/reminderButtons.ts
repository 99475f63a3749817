import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { messages } from '../../../i18n/index.js';
import { userFacingError } from '../../errors.js';
import { buildAnswerMessage } from '../../flows/answerMessage.js';
import { openFeedbackModal } from '../../flows/feedbackModalOpener.js';
import { ModalSlot } from '../../modalSlot.js';
import { renderNoticeModal } from '../../render/noticeViews.js';
import type { SlackServices } from '../../services.js';
import { requestOf } from '../middleware/requestContext.js';
import { answerWithinBudget } from './withinBudget.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** "View timeline" under a reminder: the timeline, privately, for whoever pressed it. */
export function reminderTimelineButton(services: SlackServices) {
  return async ({ ack, respond, context }: ButtonArgs) => {
    await ack();
    const { locale: localeLookup, log, receivedAt } = requestOf(context);
    const locale = await localeLookup;
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const work = async () => {
      try {
        const message = await buildAnswerMessage(services, { text: 'timeline', locale, page: 0 });
        await respond({ response_type: 'ephemeral', replace_original: false, ...message });
      } catch (error) {
        await tell(userFacingError(error, locale));
      }
    };
    await answerWithinBudget({ receivedAt, locale, log, work, tell });
  };
}

/**
 * "Give feedback" under a feedback reminder: the feedback form for that phase. When the form is slow,
 * a notice opens the modal within the trigger's 3 seconds and the form follows into it.
 */
export function reminderFeedbackButton(services: SlackServices) {
  return async ({ ack, body, action, respond, client, context }: ButtonArgs) => {
    await ack();
    const { locale: localeLookup, log, receivedAt } = requestOf(context);
    const locale = await localeLookup;
    const modal = new ModalSlot(client, body.trigger_id);
    const title = messages(locale).feedbackModalTitle;
    const tell = (text: string) => modal.notice(renderNoticeModal(title, text, locale));
    const work = async () => {
      try {
        const reply = await openFeedbackModal(services, {
          userId: body.user.id,
          triggerId: body.trigger_id,
          phaseQuery: String(action.value ?? '').slice(0, 100),
          locale,
          client,
          modal,
        });
        if (reply) await respond({ response_type: 'ephemeral', replace_original: false, ...reply });
      } catch (error) {
        log.error({ err: error }, 'opening the feedback form failed');
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: userFacingError(error, locale),
        });
      }
    };
    await answerWithinBudget({ receivedAt, locale, log, work, tell });
  };
}
