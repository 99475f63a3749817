/**
 * When Koers posts timeline reminders: which days, at which instant, and whether a reminder that
 * comes due late (after downtime) is still worth posting. Pure planning: the clock is always passed in.
 */
import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { format } from 'date-fns/format';
import { isWeekend } from 'date-fns/isWeekend';
import { subDays } from 'date-fns/subDays';
import {
  type IsoDate,
  type Phase,
  type PhaseKind,
  type Programme,
  phaseSpan,
  type QuietPeriod,
} from './programme.js';
import { dayInZone } from './timeline.js';

/** The offsets a phase gets when it names none: the harder the date, the earlier and more often we nudge. */
export const DEFAULT_REMINDER_OFFSETS: Record<PhaseKind, string[]> = {
  deadline: ['P14D', 'P7D', 'P1D', 'P0D'],
  feedback: ['P7D', 'P1D', 'P0D'],
  meeting: ['P7D', 'P1D'],
  consultation: ['P7D'],
};

const DEFAULT_HOUR = 9;
const HOUR_MS = 3_600_000;

/** Days before the phase from an ISO 8601 offset; only whole days (`P<n>D`) make sense for a plan. */
export function parseOffsetDays(offset: string): number {
  const match = /^P(\d+)D$/.exec(offset);
  if (!match) {
    throw new Error(`Invalid reminder offset "${offset}": expected days before the phase as P<n>D, e.g. P7D`);
  }
  return Number(match[1]);
}

export interface PlanOptions {
  /** IANA time zone the days and the hour are read in, e.g. Europe/Amsterdam. */
  timezone: string;
  /** Local hour of the day to post at; default 9. */
  hour?: number;
  /** Local minute; default 0. */
  minute?: number;
  /** Non-working days besides weekends. */
  holidays: IsoDate[];
  /** Spans in which nothing is posted: a reminder in one moves to the first working day after it. */
  quietPeriods?: QuietPeriod[];
}

export interface PlannedReminder {
  phaseId: string;
  /** The offset as planned, e.g. P7D; with phaseId the stable key of a reminder across re-plans. */
  offset: string;
  /** The day the reminder counts down to: the phase's first day, or a feedback phase's last day. */
  targetDay: IsoDate;
  /** The day it is posted, after moving off weekends and holidays. */
  dueDay: IsoDate;
  /** The instant it is posted: dueDay at hour:minute in the time zone. */
  dueAt: Date;
  /** Set when a quiet period moved it: the day it would have been posted, and the period. */
  movedFrom?: { day: IsoDate; period: string };
  /**
   * Set when it fell in a quiet period that lasts beyond its phase: it is not posted, and this is why
   * (the delivery log shows it). dueDay and dueAt are then the day it would have been posted.
   */
  skip?: string;
}

/** How the reason of a delivery skipped for a quiet period starts; the delivery log words it. */
export const QUIET_PERIOD = 'quiet period';

/** The reason a delivery is skipped: the quiet period it fell in lasts beyond the end of its phase. */
export function quietSkipReason(period: QuietPeriod, phaseEnd: IsoDate, firstDayAfter: IsoDate): string {
  return `${QUIET_PERIOD} "${period.name}" (${period.from} to ${period.to}): the first working day after it, ${firstDayAfter}, is after the phase ended on ${phaseEnd}`;
}

/** The quiet period's name in a reason written by quietSkipReason; null for any other reason. */
export function quietPeriodNamed(reason: string): string | null {
  const match = /^quiet period "(.*)" \(/.exec(reason);
  return match ? match[1]! : null;
}

function daysAfter(day: IsoDate, days: number): IsoDate {
  return format(addDays(calendarDay(day), days), 'yyyy-MM-dd');
}

/**
 * The first working day on or after `day` that lies in no quiet period, with the period it was moved
 * out of (the first one it fell in); `quiet` is null when `day` was in none. Quiet periods that follow
 * one another are all passed over.
 */
export function outOfQuietPeriods(
  day: IsoDate,
  quietPeriods: readonly QuietPeriod[],
  holidays: IsoDate[],
): { day: IsoDate; quiet: QuietPeriod | null } {
  let quiet: QuietPeriod | null = null;
  let candidate = day;
  for (;;) {
    const within = quietPeriods.find((period) => period.from <= candidate && candidate <= period.to);
    if (within) {
      quiet ??= within;
      candidate = daysAfter(within.to, 1);
    } else if (quiet && !isWorkingDay(candidate, holidays)) {
      candidate = daysAfter(candidate, 1);
    } else {
      return { day: candidate, quiet };
    }
  }
}

/**
 * A planned day put through the quiet periods: kept; moved to the first working day after its period;
 * or, when that day is after the phase has ended, kept where it was and marked as skipped with why.
 */
export function shiftForQuietPeriods(
  dueDay: IsoDate,
  phase: Phase,
  options: { quietPeriods?: readonly QuietPeriod[]; holidays: IsoDate[] },
): { dueDay: IsoDate; movedFrom?: { day: IsoDate; period: string }; skip?: string } {
  const { day, quiet } = outOfQuietPeriods(dueDay, options.quietPeriods ?? [], options.holidays);
  if (!quiet) return { dueDay };
  const { last } = phaseSpan(phase);
  if (day > last) return { dueDay, skip: quietSkipReason(quiet, last, day) };
  return { dueDay: day, movedFrom: { day: dueDay, period: quiet.name } };
}

/**
 * A calendar day as midnight UTC, so day arithmetic never depends on the server's own time zone
 * (a local midnight can be skipped or repeated by a daylight-saving change).
 */
function calendarDay(day: IsoDate): TZDate {
  return new TZDate(day, 'UTC');
}

function daysBefore(day: IsoDate, days: number): IsoDate {
  return format(subDays(calendarDay(day), days), 'yyyy-MM-dd');
}

export function isWorkingDay(day: IsoDate, holidays: IsoDate[]): boolean {
  return !isWeekend(calendarDay(day)) && !holidays.includes(day);
}

/** The day itself when it is a working day, otherwise the working day before it. */
function onOrBeforeWorkingDay(day: IsoDate, holidays: IsoDate[]): IsoDate {
  let candidate = day;
  while (!isWorkingDay(candidate, holidays)) candidate = daysBefore(candidate, 1);
  return candidate;
}

/** `day` at hour:minute on the wall clock of `timezone`; TZDate applies the offset in force on that day. */
function wallClockInstant(day: IsoDate, hour: number, minute: number, timezone: string): Date {
  const date = calendarDay(day);
  const instant = new TZDate(date.getFullYear(), date.getMonth(), date.getDate(), hour, minute, timezone);
  if (Number.isNaN(instant.getTime())) throw new Error(`Unknown time zone "${timezone}"`);
  return new Date(instant.getTime());
}

/**
 * The day a phase's reminders count down to. Usually its first day: a range such as "medio juni/juli"
 * is announced before it starts. A feedback phase, though, is about its due date: "feedback due end of
 * September" is what people must act on, so its reminders count down to its last day.
 */
export function targetDayOf(phase: Phase): IsoDate {
  const { first, last } = phaseSpan(phase);
  return phase.kind === 'feedback' ? last : first;
}

function isClockValue(value: number, max: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= max;
}

function offsetDaysOf(phase: Phase, offset: string): number {
  try {
    return parseOffsetDays(offset);
  } catch (error) {
    throw new Error(`Phase ${phase.id}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Every reminder of every phase, in posting order (by dueAt, then phaseId, then the earlier offset first).
 * Shifting off weekends can put two offsets of a phase on the same day (P1D and P0D of a Monday holiday
 * both land on Friday); both are kept, as each says something different.
 */
export function planReminders(phases: Phase[], options: PlanOptions): PlannedReminder[] {
  const { timezone, hour = DEFAULT_HOUR, minute = 0, holidays } = options;
  if (!isClockValue(hour, 23) || !isClockValue(minute, 59)) {
    throw new Error(`Invalid reminder time ${hour}:${minute}: expected an hour 0-23 and a minute 0-59`);
  }

  const planned = phases.flatMap((phase) => {
    const targetDay = targetDayOf(phase);
    return (phase.reminders ?? DEFAULT_REMINDER_OFFSETS[phase.kind]).map((offset): PlannedReminder => {
      const planned = onOrBeforeWorkingDay(daysBefore(targetDay, offsetDaysOf(phase, offset)), holidays);
      const { dueDay, ...shift } = shiftForQuietPeriods(planned, phase, options);
      return {
        phaseId: phase.id,
        offset,
        targetDay,
        dueDay,
        dueAt: wallClockInstant(dueDay, hour, minute, timezone),
        ...shift,
      };
    });
  });
  return planned.sort(
    (a, b) =>
      a.dueAt.getTime() - b.dueAt.getTime() ||
      a.phaseId.localeCompare(b.phaseId) ||
      parseOffsetDays(b.offset) - parseOffsetDays(a.offset),
  );
}

/** A programme's reminders, each day read in its own time zone and around its own holidays. */
export function planProgrammeReminders(
  programme: Pick<Programme, 'phases' | 'holidays' | 'info' | 'quietPeriods'>,
  hour: number,
): PlannedReminder[] {
  return planReminders(programme.phases, {
    timezone: programme.info.timezone,
    hour,
    holidays: programme.holidays,
    quietPeriods: programme.quietPeriods ?? [],
  });
}

export interface DueDecision {
  action: 'send' | 'skip' | 'wait';
  /** Why a reminder is posted late or not at all, for the log. */
  reason?: string;
}

/**
 * Whether to post a reminder now. On time or within the grace period: send. Later than that (Koers was
 * down) it is still useful while the day it counts down to lies ahead; once that day has begun, a
 * "one week to go" would only confuse, so it is skipped.
 */
export function decideDue(
  reminder: { dueAt: Date; targetDay: IsoDate; skip?: string },
  now: Date,
  options: { timezone: string; graceMs: number },
): DueDecision {
  if (reminder.skip)
    return now < reminder.dueAt ? { action: 'wait' } : { action: 'skip', reason: reminder.skip };
  const lateMs = now.getTime() - reminder.dueAt.getTime();
  if (lateMs < 0) return { action: 'wait' };
  if (lateMs <= options.graceMs) return { action: 'send' };

  const late = `due ${reminder.dueAt.toISOString()}, ${Math.round(lateMs / HOUR_MS)} h late`;
  if (dayInZone(now, options.timezone) < reminder.targetDay) {
    return { action: 'send', reason: `late: ${late}, but ${reminder.targetDay} is still ahead` };
  }
  return { action: 'skip', reason: `missed: ${late}, after the grace period` };
}

/** A reminder that is due for one channel, identified by the caller's own id. */
export interface DueReminderRef<Id> {
  id: Id;
  phaseId: string;
  offset: string;
  channelId: string;
}

/**
 * After downtime several reminders of one phase can be due for a channel at once (P14D, P7D and P1D).
 * Posting them all would be a burst of stale news, so per phase and channel only the most recent one
 * (the smallest offset) is sent. Returns the ids of the others, which the caller marks as skipped.
 */
export function supersededReminders<Id>(due: DueReminderRef<Id>[]): Set<Id> {
  const newest = new Map<string, DueReminderRef<Id>>();
  for (const reminder of due) {
    const key = JSON.stringify([reminder.phaseId, reminder.channelId]);
    const current = newest.get(key);
    if (!current || parseOffsetDays(reminder.offset) < parseOffsetDays(current.offset)) {
      newest.set(key, reminder);
    }
  }
  const kept = new Set([...newest.values()].map((reminder) => reminder.id));
  return new Set(due.filter((reminder) => !kept.has(reminder.id)).map((reminder) => reminder.id));
}
