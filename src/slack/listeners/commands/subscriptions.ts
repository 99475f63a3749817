import type { webApi } from '@slack/bolt';
import { type Locale, messages } from '../../../i18n/index.js';
import { changeSubscription } from '../../../usecases/changeSubscription.js';
import { ensureBotInChannel } from '../../channelAccess.js';
import { deliveryLogMessage } from '../../flows/deliveryLogMessage.js';
import { upcomingRemindersMessage } from '../../flows/upcomingRemindersMessage.js';
import type { SlackMessage } from '../../render/answerLayout.js';
import type { SlackServices } from '../../services.js';

export interface SubscriptionRequest {
  name: 'subscribe' | 'unsubscribe' | 'reminders';
  args: string;
  userId: string;
  channelId: string;
  locale: Locale;
  client: webApi.WebClient;
}

/** `/project subscribe|unsubscribe [digest]` (admins) and `/project reminders` (anyone). */
export async function handleSubscriptionCommand(
  services: SlackServices,
  request: SubscriptionRequest,
): Promise<SlackMessage> {
  const m = messages(request.locale);
  if (request.name === 'reminders') {
    const args = request.args.trim();
    if (/^(log|logboek)$/i.test(args)) return deliveryLogMessage(services, request.userId, request.locale);
    if (args !== '') return { text: m.deliveryLogUsage };
    return upcomingRemindersMessage(services, request.channelId, request.locale);
  }

  const digest = /^(digest|weekoverzicht|overzicht)$/i.test(request.args.trim());
  const topic = digest ? 'digest' : 'reminders';
  const outcome = await changeSubscription(
    services,
    { userId: request.userId, channelId: request.channelId, topic, change: request.name },
    async (channelId) => (await ensureBotInChannel(request.client, channelId)) === 'member',
  );
  switch (outcome.kind) {
    // Subscriptions keep their own wording of the refusal: it names what only admins may change.
    case 'refused':
      return { text: m.onlyAdmins };
    case 'notAChannel':
      return { text: m.onlyChannels };
    case 'cannotPost':
      return { text: m.inviteBot };
    case 'done':
      // The channel's overview is posted and pinned (or, after the last subscription ended, unpinned).
      if (outcome.changed) services.refreshOverviews();
      if (request.name === 'unsubscribe') {
        return { text: outcome.changed ? m.unsubscribed(digest) : m.notSubscribed(digest) };
      }
      services.logger.info(
        { channel: request.channelId, topic, by: request.userId, added: outcome.changed },
        'channel subscribed',
      );
      return { text: outcome.changed ? m.subscribed(digest) : m.alreadySubscribed(digest) };
  }
}
