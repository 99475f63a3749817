import { TZDate } from '@date-fns/tz';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { format } from 'date-fns/format';
import { parseISO } from 'date-fns/parseISO';
import { type IsoDate, type Phase, phaseSpan } from './programme.js';

export type PhaseState = 'past' | 'current' | 'next' | 'upcoming';

export interface TimelineEntry {
  phase: Phase;
  first: IsoDate;
  last: IsoDate;
  state: PhaseState;
}

export interface Countdown {
  phase: Phase;
  /** Calendar days from today to the phase's last day, in the programme's time zone; 0 = today. */
  daysLeft: number;
}

export interface Timeline {
  today: IsoDate;
  entries: TimelineEntry[];
  /** The nearest deadline or feedback due date that has not passed, if any. */
  nextDeadline: Countdown | null;
}

/** The calendar day an instant falls on in a time zone, e.g. 23:30 UTC is already tomorrow in Amsterdam. */
export function dayInZone(instant: Date, timezone: string): IsoDate {
  return format(new TZDate(instant.getTime(), timezone), 'yyyy-MM-dd');
}

/** Marks every phase past, current, next or upcoming as of `now`, read in the programme's time zone. */
export function buildTimeline(phases: Phase[], timezone: string, now: Date): Timeline {
  const today = dayInZone(now, timezone);
  let nextSeen = false;
  const entries = phases.map((phase): TimelineEntry => {
    const { first, last } = phaseSpan(phase);
    let state: PhaseState;
    if (last < today) state = 'past';
    else if (first <= today) state = 'current';
    else if (!nextSeen) {
      state = 'next';
      nextSeen = true;
    } else state = 'upcoming';
    return { phase, first, last, state };
  });

  const deadline = entries.find(
    (entry) => (entry.phase.kind === 'deadline' || entry.phase.kind === 'feedback') && entry.last >= today,
  );
  return {
    today,
    entries,
    nextDeadline: deadline
      ? {
          phase: deadline.phase,
          daysLeft: differenceInCalendarDays(parseISO(deadline.last), parseISO(today)),
        }
      : null,
  };
}
