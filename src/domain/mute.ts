/**
 * `/project stil 2w`, `/project quiet until 2028-08-31`, `/project stil uit`: what a person asks when
 * they mute Koers's direct messages for themselves. Pure: the day is passed in.
 */

import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { format } from 'date-fns/format';
import type { IsoDate } from './programme.js';
import { foldCaseAndAccents } from './text.js';

/** The longest mute: a year and a day, so "until the same day next year" fits and a typo of 2208 does not. */
export const MAX_MUTE_DAYS = 366;

export type MuteRequest =
  /** Muted through the end of `lastDay` (in the programme's time zone). */
  | { kind: 'mute'; lastDay: IsoDate }
  | { kind: 'off' }
  | { kind: 'invalid'; reason: 'shape' | 'past' | 'tooLong' };

const OFF = new Set(['uit', 'off', 'aan', 'on', 'stop']);
const UNTIL = new Set(['tot', 'until', 'till', 'tm', 't/m']);
const UNITS: Record<string, number> = {
  d: 1,
  dag: 1,
  dagen: 1,
  day: 1,
  days: 1,
  w: 7,
  wk: 7,
  week: 7,
  weken: 7,
  weeks: 7,
};
const DURATION = /^(\d{1,3})\s*([a-z]+)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function shiftDay(day: IsoDate, days: number): IsoDate {
  return format(addDays(new TZDate(day, 'UTC'), days), 'yyyy-MM-dd');
}

function isRealDay(day: IsoDate): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

/** Reads the arguments of `/project stil` on `today`: a duration (2w, 10 dagen), `tot DATE`, or `uit`. */
export function parseMuteRequest(args: string, today: IsoDate): MuteRequest {
  const words = foldCaseAndAccents(args.trim()).split(/\s+/).filter(Boolean);
  if (words.length === 1 && OFF.has(words[0]!)) return { kind: 'off' };
  let lastDay: IsoDate | null = null;
  if (words.length === 2 && UNTIL.has(words[0]!) && DATE.test(words[1]!)) {
    if (!isRealDay(words[1]!)) return { kind: 'invalid', reason: 'shape' };
    lastDay = words[1]!;
  } else {
    const duration = DURATION.exec(words.join(''));
    const unit = duration ? UNITS[duration[2]!] : undefined;
    if (!duration || unit === undefined) return { kind: 'invalid', reason: 'shape' };
    const days = Number(duration[1]) * unit;
    if (days === 0) return { kind: 'invalid', reason: 'shape' };
    lastDay = shiftDay(today, days);
  }
  const ahead = differenceInCalendarDays(new TZDate(lastDay, 'UTC'), new TZDate(today, 'UTC'));
  if (ahead < 0) return { kind: 'invalid', reason: 'past' };
  if (ahead > MAX_MUTE_DAYS) return { kind: 'invalid', reason: 'tooLong' };
  return { kind: 'mute', lastDay };
}

/** The instant a mute through `lastDay` ends: the start of the next day in `timezone`. */
export function muteEndsAt(lastDay: IsoDate, timezone: string): Date {
  const next = new TZDate(shiftDay(lastDay, 1), 'UTC');
  return new Date(new TZDate(next.getFullYear(), next.getMonth(), next.getDate(), 0, 0, timezone).getTime());
}
