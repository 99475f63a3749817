import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { type Locale, messages } from '../../../i18n/index.js';
import { type RetryResult, retryDelivery } from '../../../usecases/deliveryLog.js';
import { userFacingError } from '../../errors.js';
import { deliveryLogMessage } from '../../flows/deliveryLogMessage.js';
import { publishHome } from '../../flows/homePublisher.js';
import { recipientLink } from '../../render/deliveryLog.js';
import type { SlackServices } from '../../services.js';
import { requestOf } from '../middleware/requestContext.js';
import { answerWithinBudget } from './withinBudget.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * "Retry" beside a failed delivery, in the admins' App Home or in `/project reminders log`. Answers
 * where it was pressed: the Home is republished, the log message is replaced by the log as it is now
 * with what the retry did on top.
 */
export function deliveryRetryButton(services: SlackServices) {
  return async ({ ack, body, action, respond, client, context }: ButtonArgs) => {
    await ack();
    const userId = body.user.id;
    const log = services.logger.child({ requestId: context.requestId, user: userId });
    const locale = await services.userLocales.forUser(client, userId);
    const onHome = body.container?.type === 'view';
    const { receivedAt } = requestOf(context);
    const work = async () => {
      try {
        const result = await retryDelivery(
          await services.actorFor(userId),
          action.value,
          services.retryDelivery,
        );
        log.info({ deliveryId: action.value, result }, 'delivery retry');
        if (onHome) {
          await publishHome(services, client, userId);
          return;
        }
        if (result.kind === 'refused') {
          await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: messages(locale).deliveryLogAdminsOnly,
          });
          return;
        }
        const message = await deliveryLogMessage(services, userId, locale, retryNotice(result, locale));
        await respond({ response_type: 'ephemeral', replace_original: true, ...message });
      } catch (error) {
        log.error({ err: error }, 'retrying a delivery failed');
        if (!onHome) {
          await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: userFacingError(error, locale),
          });
        }
      }
    };
    // The Home has no response_url: there the retry's outcome is the republished Home.
    const tell = onHome
      ? undefined
      : (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    await answerWithinBudget({ receivedAt, locale, log, work, ...(tell ? { tell } : {}) });
  };
}

function retryNotice(result: Exclude<RetryResult, { kind: 'refused' }>, locale: Locale): string {
  const m = messages(locale);
  switch (result.kind) {
    case 'sent':
      return m.retrySent(recipientLink(result.channelId));
    case 'failed':
      return m.retryFailed(recipientLink(result.channelId), result.error);
    case 'retrying':
      return m.retryQueued(recipientLink(result.channelId));
    case 'invalid':
    case 'notFailed':
      return m.retryNotFailed;
  }
}
