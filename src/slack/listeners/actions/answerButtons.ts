import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { messages } from '../../../i18n/index.js';
import { shareAnswer } from '../../../usecases/shareAnswer.js';
import { userFacingError } from '../../errors.js';
import { buildAnswerMessage } from '../../flows/answerMessage.js';
import { parseAnswerButtonValue } from '../../render/answerLayout.js';
import type { SlackServices } from '../../services.js';
import { requestOf } from '../middleware/requestContext.js';
import { answerWithinBudget } from './withinBudget.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * The buttons under an answer. "Share" posts the same answer visibly in the channel, with who shared
 * it, once however often it is clicked; "more" replaces the answer on screen with its next page. Either way the answer is rebuilt from
 * the command text in the button, so it is current, and a forged value can only ask a question the
 * user could have typed.
 */
export function answerButton(services: SlackServices, mode: 'share' | 'more') {
  return async ({ ack, action, body, respond, context }: ButtonArgs) => {
    await ack();
    const { locale: localeLookup, log, receivedAt } = requestOf(context);
    const locale = await localeLookup;
    const value = parseAnswerButtonValue(action.value);
    const tellUser = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    if (!value) {
      await tellUser(messages(locale).somethingWentWrong);
      return;
    }
    const work = async () => {
      try {
        if (mode === 'share') {
          const outcome = await shareAnswer(services, {
            userId: body.user.id,
            channelId: body.channel?.id ?? body.container?.channel_id ?? '',
            messageTs: body.container?.message_ts ?? null,
            value: action.value ?? '',
          });
          if (outcome.kind === 'alreadyShared') {
            await tellUser(messages(locale).alreadyShared);
            return;
          }
          const message = await buildAnswerMessage(services, { ...value, locale, sharedBy: body.user.id });
          await respond({ response_type: 'in_channel', replace_original: false, ...message });
        } else {
          const message = await buildAnswerMessage(services, { ...value, locale });
          await respond({ response_type: 'ephemeral', replace_original: true, ...message });
        }
      } catch (error) {
        log.error({ err: error, mode }, 'answer button failed');
        await tellUser(userFacingError(error, locale));
      }
    };
    await answerWithinBudget({ receivedAt, locale, log, work, tell: tellUser });
  };
}
