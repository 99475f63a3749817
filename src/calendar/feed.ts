import ical, {
  ICalAlarmRelatesTo,
  ICalAlarmType,
  ICalEventBusyStatus,
  ICalEventTransparency,
} from 'ical-generator';
import type { PhaseRevision } from '../db/calendarFeedRepository.js';
import { type IsoDate, type Phase, type Programme, phaseSpan } from '../domain/programme.js';
import { planReminders } from '../domain/reminderPlan.js';
import { type Locale, messages } from '../i18n/index.js';

export interface FeedInput {
  programme: Pick<Programme, 'info' | 'phases' | 'holidays'>;
  /** SEQUENCE and LAST-MODIFIED per phase id, as the database keeps them. */
  revisions: ReadonlyMap<string, PhaseRevision>;
  /** Makes event UIDs unique to this Koers; kept across token rotations. */
  uidNamespace: string;
  /** Local hour the alarms go off, the hour Slack reminders are posted. */
  reminderHour: number;
  locale: Locale;
  /** Only for a phase added after its revision was read (the next poll has the real one). */
  now: Date;
}

const DAY_SECONDS = 86_400;
const HOUR_SECONDS = 3_600;
/** Calendar clients poll; once an hour keeps a moved phase from lingering long. */
const REFRESH_SECONDS = HOUR_SECONDS;

/**
 * The programme as an iCalendar feed: one all-day VEVENT per phase. Every value in it is a date or a UTC
 * instant (DTSTAMP, LAST-MODIFIED), so no VTIMEZONE is needed and neither of ical-generator's time-zone
 * pitfalls (a native Date written in the process's local time under a TZID; DTSTAMP losing its Z when
 * the calendar has a time zone) can arise: no calendar or event time zone is ever set.
 *
 * DTSTAMP is the phase's last modification, as RFC 5545 defines it for a feed without METHOD; so the same
 * programme always gives the same bytes, which the ETag relies on.
 */
export function composeCalendarFeed(input: FeedInput): string {
  const { programme, locale } = input;
  const m = messages(locale);
  const calendar = ical({
    name: programme.info.name,
    description: m.calendarDescription(programme.info.organisation),
    prodId: { company: 'Koers', product: 'Programme calendar', language: locale.toUpperCase() },
    ttl: REFRESH_SECONDS,
  });
  // The alarms fall on the days Slack's reminders are posted (weekends and holidays moved to the day before).
  const reminders = planReminders(programme.phases, {
    timezone: programme.info.timezone,
    hour: input.reminderHour,
    holidays: programme.holidays,
  });

  for (const phase of programme.phases) {
    const { first, last } = phaseSpan(phase);
    const revision = input.revisions.get(phase.id) ?? { sequence: 0, modifiedAt: input.now };
    const event = calendar.createEvent({
      id: `${phase.id}.${input.uidNamespace}@koers`,
      sequence: revision.sequence,
      stamp: revision.modifiedAt,
      lastModified: revision.modifiedAt,
      allDay: true,
      start: utcMidnight(first),
      // DTEND of an all-day event is exclusive: the day after the last.
      end: utcMidnight(dayAfter(last)),
      summary: phase.title,
      description: describePhase(phase, programme.info.organisation, locale),
      // A month-long consultation must not mark its subscribers busy for a month.
      transparency: ICalEventTransparency.TRANSPARENT,
      busystatus: ICalEventBusyStatus.FREE,
    });
    for (const reminder of reminders.filter((planned) => planned.phaseId === phase.id)) {
      // From the first day's midnight to the reminder's day at the reminder hour, in the subscriber's own
      // wall-clock time (an all-day event is floating). RELATED=START must be set explicitly: without it
      // ical-generator writes a positive trigger as relative to the END.
      event
        .createAlarm({
          type: ICalAlarmType.display,
          triggerAfter: daysBetween(first, reminder.dueDay) * DAY_SECONDS + input.reminderHour * HOUR_SECONDS,
          description: m.reminderTitle(phase.title),
        })
        .relatesTo(ICalAlarmRelatesTo.start);
    }
  }
  // RFC 5545 ends every content line with CRLF, the last one too; ical-generator leaves it off.
  const text = calendar.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}

function describePhase(phase: Phase, organisation: string, locale: Locale): string {
  const m = messages(locale);
  return [
    phase.label ? m.calendarPlanLabel(phase.label) : null,
    m.calendarKind(m.phaseKind[phase.kind]),
    phase.description || null,
    m.expectedByKind[phase.kind](organisation),
    phase.kind === 'feedback' ? m.calendarHowToFeedback(phase.id) : null,
  ]
    .filter((line): line is string => line !== null)
    .join('\n');
}

/**
 * A calendar day as a Date at midnight UTC. With no time zone set, ical-generator writes a date-only
 * value from the UTC fields, so the day never depends on the server's own time zone.
 */
function utcMidnight(day: IsoDate): Date {
  return new Date(`${day}T00:00:00Z`);
}

function dayAfter(day: IsoDate): IsoDate {
  return new Date(utcMidnight(day).getTime() + DAY_SECONDS * 1000).toISOString().slice(0, 10);
}

function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((utcMidnight(to).getTime() - utcMidnight(from).getTime()) / (DAY_SECONDS * 1000));
}
