import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildAnswerMessage } from '../../answerMessage.js';
import { userFacingError } from '../../errors.js';
import { openFeedbackModal } from '../../feedbackModalOpener.js';
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

/** "Give feedback" under a feedback reminder: the feedback form for that phase. */
export function reminderFeedbackButton(services: SlackServices) {
  return async ({ ack, body, action, respond, client, context }: ButtonArgs) => {
    await ack();
    const { locale: localeLookup, log, receivedAt } = requestOf(context);
    const locale = await localeLookup;
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const work = async () => {
      try {
        const reply = await openFeedbackModal(services, {
          userId: body.user.id,
          triggerId: body.trigger_id,
          phaseQuery: String(action.value ?? '').slice(0, 100),
          locale,
          client,
        });
        if (reply) await respond({ response_type: 'ephemeral', replace_original: false, ...reply });
      } catch (error) {
        log.error({ err: error }, 'opening the feedback form failed');
        await tell(userFacingError(error, locale));
      }
    };
    await answerWithinBudget({ receivedAt, locale, log, work, tell });
  };
}
