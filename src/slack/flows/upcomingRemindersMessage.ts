import { parseOffsetDays } from '../../domain/reminderPlan.js';
import { formatInstant, type Locale, messages } from '../../i18n/index.js';
import { esc } from '../../present/mrkdwn.js';
import { listUpcomingReminders } from '../../usecases/listUpcomingReminders.js';
import type { SlackMessage } from '../render/answerLayout.js';
import type { SlackServices } from '../services.js';

/** `/project reminders`: the channel's upcoming reminders, private to the asker. */
export async function upcomingRemindersMessage(
  services: SlackServices,
  channelId: string,
  locale: Locale,
): Promise<SlackMessage> {
  const m = messages(locale);
  const outcome = await listUpcomingReminders(services, { channelId, reminderHour: services.reminderHour });
  switch (outcome.kind) {
    case 'notSubscribed':
      return { text: m.notSubscribed(false) };
    case 'digestOnly':
      return { text: m.digestOnly };
    case 'noProgramme':
      return { text: m.noProgramme };
    case 'upcoming': {
      const { programme } = outcome;
      const titles = new Map(programme.phases.map((phase) => [phase.id, phase.title]));
      const lines = outcome.reminders.map((reminder) =>
        m.reminderLine(
          formatInstant(reminder.dueAt.toISOString(), programme.info.timezone, locale),
          esc(titles.get(reminder.phaseId) ?? reminder.phaseId),
          m.daysBefore(parseOffsetDays(reminder.offset)),
        ),
      );
      const body = lines.length > 0 ? lines.join('\n') : m.noUpcomingReminders;
      const digestNote = outcome.digestToo ? `\n\n${m.digestAlsoOn}` : '';
      return { text: `*${m.upcomingRemindersTitle}*\n${body}${digestNote}` };
    }
  }
}
