import { type Locale, messages } from '../../i18n/index.js';
import { showDeliveryLog } from '../../usecases/deliveryLog.js';
import { composeMessage, context, SLACK_LIMITS, section } from '../blocks/index.js';
import type { SlackMessage } from '../render/answerLayout.js';
import { deliveryLogBlocks } from '../render/deliveryLog.js';
import type { SlackServices } from '../services.js';

/**
 * `/project reminders log` and the same message after a retry: the admins' delivery log, private to
 * the asker; a non-admin is told it is for admins. `notice` says what a retry did.
 */
export async function deliveryLogMessage(
  services: SlackServices,
  userId: string,
  locale: Locale,
  notice?: string,
): Promise<SlackMessage> {
  const m = messages(locale);
  const log = await showDeliveryLog(services.db, await services.actorFor(userId));
  if (log.kind === 'refused') return { text: m.deliveryLogAdminsOnly };
  const programme = await services.programmes.current();
  const top = [...(notice ? [context([notice])] : []), section(`*${m.deliveryLogTitle}*`)];
  const maxBlocks = SLACK_LIMITS.messageBlocks - top.length;
  return composeMessage({
    text: notice ?? m.deliveryLogTitle,
    blocks: [...top, ...deliveryLogBlocks(log.channels, { locale, programme, maxBlocks })],
  });
}
