import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { parseISO } from 'date-fns/parseISO';
import type { Database } from '../db/client.js';
import { librariesThatAnswered } from '../db/feedbackRepository.js';
import { loadProgramme } from '../db/programmeRepository.js';
import { chooseFeedbackPhase } from '../domain/feedbackForm.js';
import { targetDayOf } from '../domain/reminderPlan.js';
import { dayInZone } from '../domain/timeline.js';
import type { Locale } from '../i18n/index.js';
import { renderReminderMessage } from '../slack/render/reminderMessage.js';
import { BOT, type PlaygroundTeam } from './personas.js';
import type { Workspace } from './workspace.js';

/** The channel a newcomer opens on, with the welcome above its messages (the page draws that). */
export function welcomeChannelOf(team: PlaygroundTeam): string {
  return team.channels[0]?.id ?? '';
}

/**
 * A first look at what Koers posts: the reminder of the feedback phase that matters now, drawn by
 * Koers's own renderer as the scheduler would post it, so its "Geef feedback" button works. It is a
 * sample, not a delivery: nothing is stored, and the scheduler still posts the real one when it is due.
 */
export async function postSampleReminder(
  db: Database,
  workspace: Workspace,
  now: Date,
  locale: Locale,
): Promise<void> {
  const programme = await loadProgramme(db, { updatesPerProject: 0 });
  const phase = programme ? chooseFeedbackPhase(programme, '', now) : null;
  if (!programme || !phase) return;
  const today = dayInZone(now, programme.info.timezone);
  const answered = await librariesThatAnswered(db, phase.id);
  const message = renderReminderMessage(
    {
      phase,
      daysLeft: differenceInCalendarDays(parseISO(targetDayOf(phase)), parseISO(today)),
      programmeName: programme.info.name,
      organisation: programme.info.organisation,
      missingLibraries:
        answered.size === 0
          ? null
          : programme.libraries.filter((l) => !answered.has(l.code)).map((l) => l.name),
    },
    locale,
  );
  workspace.post({
    channel: welcomeChannelOf(workspace.team),
    userId: BOT.userId,
    text: message.text,
    blocks: message.blocks,
  });
}
