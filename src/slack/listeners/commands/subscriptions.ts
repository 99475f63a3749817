import type { webApi } from '@slack/bolt';
import { listDeliveries } from '../../../db/deliveryRepository.js';
import { loadProgramme } from '../../../db/programmeRepository.js';
import { topicsOf } from '../../../db/subscriptionRepository.js';
import { parseOffsetDays, planProgrammeReminders } from '../../../domain/reminderPlan.js';
import { upcomingReminders } from '../../../domain/upcomingReminders.js';
import { formatInstant, type Locale, messages } from '../../../i18n/index.js';
import { esc } from '../../../present/mrkdwn.js';
import { changeSubscription } from '../../../usecases/changeSubscription.js';
import { ensureBotInChannel } from '../../channelAccess.js';
import { deliveryLogMessage } from '../../flows/deliveryLogMessage.js';
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

/** Upcoming reminders listed per channel; enough to see what is coming without a wall of text. */
const UPCOMING_SHOWN = 10;

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
    return { text: await listUpcomingReminders(services, request) };
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

async function listUpcomingReminders(services: SlackServices, request: SubscriptionRequest): Promise<string> {
  const m = messages(request.locale);
  const topics = await topicsOf(services.db, request.channelId);
  if (!topics.includes('reminders')) return topics.includes('digest') ? m.digestOnly : m.notSubscribed(false);
  const programme = await loadProgramme(services.db, { updatesPerProject: 0 });
  if (!programme) return m.noProgramme;

  const done = new Set(
    (await listDeliveries(services.db, { channelId: request.channelId }))
      .filter((delivery) => delivery.status !== 'pending')
      .map((delivery) => delivery.key),
  );
  const titles = new Map(programme.phases.map((phase) => [phase.id, phase.title]));
  const now = services.now();
  const upcoming = upcomingReminders(
    planProgrammeReminders(programme, services.reminderHour),
    done,
    now,
    UPCOMING_SHOWN,
  );

  const lines = upcoming.map((reminder) =>
    m.reminderLine(
      formatInstant(reminder.dueAt.toISOString(), programme.info.timezone, request.locale),
      esc(titles.get(reminder.phaseId) ?? reminder.phaseId),
      m.daysBefore(parseOffsetDays(reminder.offset)),
    ),
  );
  const body = lines.length > 0 ? lines.join('\n') : m.noUpcomingReminders;
  const digestNote = topics.includes('digest') ? `\n\n${m.digestAlsoOn}` : '';
  return `*${m.upcomingRemindersTitle}*\n${body}${digestNote}`;
}
