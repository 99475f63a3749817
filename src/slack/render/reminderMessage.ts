import type { KnownBlock } from '@slack/types';
import type { Digest } from '../../domain/digest.js';
import { type Phase, phaseSpan } from '../../domain/programme.js';
import { formatDay, formatInstant, formatSpan, type Locale, messages } from '../../i18n/index.js';
import { esc } from '../../present/mrkdwn.js';
import { actions, button, context, header, SLACK_LIMITS, section, truncate } from '../blocks/index.js';
import type { SlackMessage } from './answerLayout.js';

export const REMINDER_ACTIONS = { timeline: 'reminder_timeline', feedback: 'reminder_feedback' } as const;

export interface ReminderContent {
  phase: Phase;
  /** Calendar days from the posting day to the day the reminder counts down to. */
  daysLeft: number;
  programmeName: string;
  /** The organisation behind the programme (the file's `programme.organisation`). */
  organisation: string;
  /** Libraries that have not answered a feedback phase yet; null when no responses exist at all. */
  missingLibraries: string[] | null;
  /** Set when the reminder was due before the channel subscribed: it is posted late, and says why. */
  plannedBeforeSubscribing?: { dueAt: Date; timezone: string } | null;
}

/** A phase reminder as posted in a subscribed channel, in the programme's language. */
export function renderReminderMessage(content: ReminderContent, locale: Locale): SlackMessage {
  const m = messages(locale);
  const { phase } = content;
  const { first, last } = phaseSpan(phase);
  const when = `${phase.label ? `${esc(phase.label)}: ` : ''}${formatSpan(first, last, locale)}`;
  const blocks: KnownBlock[] = [
    header(m.reminderTitle(phase.title)),
    section(`*${when}*\n${m.daysLeft(content.daysLeft)}`),
    section(esc(phase.description) || m.expectedByKind[phase.kind](esc(content.organisation))),
  ];
  if (phase.kind === 'feedback' && content.missingLibraries && content.missingLibraries.length > 0) {
    blocks.push(section(m.notYetResponded(content.missingLibraries.map(esc).join(', '))));
  }
  const late = content.plannedBeforeSubscribing;
  if (late) {
    blocks.push(
      context([m.reminderAfterSubscribing(formatInstant(late.dueAt.toISOString(), late.timezone, locale))]),
    );
  }
  blocks.push(context([esc(content.programmeName)]));
  const buttons = [button({ text: m.viewTimeline, actionId: REMINDER_ACTIONS.timeline, value: phase.id })];
  if (phase.kind === 'feedback') {
    buttons.push(
      button({
        text: m.giveFeedback,
        actionId: REMINDER_ACTIONS.feedback,
        value: phase.id,
        style: 'primary',
      }),
    );
  }
  blocks.push(actions(buttons));
  const deadline = phase.kind === 'feedback' ? formatDay(last, locale) : formatDay(first, locale);
  return {
    text: truncate(`${m.reminderTitle(phase.title)} (${deadline})`, SLACK_LIMITS.sectionText),
    blocks,
  };
}

/** The Monday digest: what changed last week, and what comes next. */
export function renderDigestMessage(digest: Digest, programmeName: string, locale: Locale): SlackMessage {
  const m = messages(locale);
  const blocks: KnownBlock[] = [header(m.digestTitle(programmeName))];
  const changes =
    digest.changes.length === 0
      ? m.noChangesThisWeek
      : digest.changes
          .map(
            ({ project, update }) =>
              `• *${esc(project.name)}*${update.status ? ` · ${m.status[update.status]}` : ''}: ${esc(update.note)}`,
          )
          .join('\n');
  blocks.push(section(`*${m.changesThisWeek}*\n${changes}`));
  const phases = digest.phases
    .map(
      (entry) =>
        `• *${esc(entry.phase.title)}* · ${formatSpan(entry.first, entry.last, locale)} · _${m.phaseState[entry.state]}_`,
    )
    .join('\n');
  blocks.push(section(`*${m.comingUp}*\n${phases || m.noDeadline}`));
  for (const entry of digest.coverage) {
    blocks.push(
      section(`*${m.coverageTitle(esc(entry.phase.title))}*\n${m.coverageLine(entry.answered, entry.total)}`),
    );
  }
  if (digest.nextDeadline) {
    const deadline = digest.nextDeadline;
    blocks.push(
      context([
        m.countdown(
          deadline.daysLeft,
          esc(deadline.phase.title),
          formatDay(phaseSpan(deadline.phase).last, locale),
        ),
      ]),
    );
  }
  return { text: m.digestTitle(programmeName), blocks };
}
