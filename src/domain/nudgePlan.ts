/**
 * When Koers nudges those who still owe something: n working days before a deadline, on the
 * programme's working days and around its quiet periods. Whom it nudges is domain/owed.ts's answer.
 * Pure planning: the clock is always passed in.
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { subDays } from 'date-fns/subDays';
import { type IsoDate, type Phase, type PhaseKind, type Programme, phaseSpan } from './programme.js';
import { isWorkingDay, shiftForQuietPeriods } from './reminderPlan.js';

/**
 * Working days before the deadline a phase nudges when it names none: a feedback phase three, so a
 * library has a few days left to answer; other kinds none (a deadline phase nudges about project
 * updates only when its `nudge_days` asks for it).
 */
export const DEFAULT_NUDGE_DAYS: Record<PhaseKind, number | null> = {
  feedback: 3,
  deadline: null,
  meeting: null,
  consultation: null,
};

/** What a nudge asks for: feedback on a feedback phase's plan, or a project update before a deadline. */
export type NudgeSubject = 'feedback' | 'update';

export interface PlannedNudge {
  phaseId: string;
  subject: NudgeSubject;
  /** The day owed by: a feedback phase's last day, a deadline phase's day. */
  targetDay: IsoDate;
  /** The day it is sent, after moving off weekends, holidays and quiet periods. */
  dueDay: IsoDate;
  dueAt: Date;
  movedFrom?: { day: IsoDate; period: string };
  /** Set when a quiet period lasts beyond the phase: not sent, and why. */
  skip?: string;
}

/** The nudge days a phase uses: its own, else its kind's default; null when it nudges no one. */
export function nudgeDaysOf(phase: Phase): number | null {
  return phase.nudgeDays ?? DEFAULT_NUDGE_DAYS[phase.kind];
}

/** `days` working days before `day` (0: `day` itself, or the working day before it if it is none). */
export function workingDaysBefore(day: IsoDate, days: number, holidays: IsoDate[]): IsoDate {
  const step = (from: IsoDate) => format(subDays(new TZDate(from, 'UTC'), 1), 'yyyy-MM-dd');
  let candidate = day;
  while (!isWorkingDay(candidate, holidays)) candidate = step(candidate);
  for (let left = days; left > 0; left--) {
    candidate = step(candidate);
    while (!isWorkingDay(candidate, holidays)) candidate = step(candidate);
  }
  return candidate;
}

function wallClock(day: IsoDate, hour: number, timezone: string): Date {
  const date = new TZDate(day, 'UTC');
  return new Date(
    new TZDate(date.getFullYear(), date.getMonth(), date.getDate(), hour, 0, timezone).getTime(),
  );
}

/** The programme's nudges, one per phase that nudges, in sending order. */
export function planNudges(
  programme: Pick<Programme, 'phases' | 'holidays' | 'info' | 'quietPeriods'>,
  hour: number,
): PlannedNudge[] {
  const { holidays } = programme;
  return programme.phases
    .flatMap((phase): PlannedNudge[] => {
      const days = nudgeDaysOf(phase);
      if (days === null || (phase.kind !== 'feedback' && phase.kind !== 'deadline')) return [];
      const { first, last } = phaseSpan(phase);
      const targetDay = phase.kind === 'feedback' ? last : first;
      const planned = workingDaysBefore(targetDay, days, holidays);
      const { dueDay, ...shift } = shiftForQuietPeriods(planned, phase, {
        quietPeriods: programme.quietPeriods ?? [],
        holidays,
      });
      return [
        {
          phaseId: phase.id,
          subject: phase.kind === 'feedback' ? 'feedback' : 'update',
          targetDay,
          dueDay,
          dueAt: wallClock(dueDay, hour, programme.info.timezone),
          ...shift,
        },
      ];
    })
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.phaseId.localeCompare(b.phaseId));
}
