import { TZDate } from '@date-fns/tz';
import type { Month } from 'date-fns';
import { format } from 'date-fns/format';
import { enGB } from 'date-fns/locale/en-GB';
import { nl as nlDates } from 'date-fns/locale/nl';
import { parseISO } from 'date-fns/parseISO';
import { MUTED, NOBODY_TO_REMIND } from '../domain/deliveryKeys.js';
import type { IsoDate } from '../domain/programme.js';
import { quietPeriodNamed } from '../domain/reminderPlan.js';
import { en } from './en.js';
import { type Catalogue, nl } from './nl.js';

export const LOCALES = ['nl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const catalogues: Record<Locale, Catalogue> = { nl, en };

export function messages(locale: Locale): Catalogue {
  return catalogues[locale];
}

/** Slack's user locale (`nl-NL`, `en-US`, …) to one we speak; anything else gets the fallback. */
export function localeFromSlack(slackLocale: string | undefined | null, fallback: Locale): Locale {
  const language = slackLocale?.slice(0, 2).toLowerCase();
  return LOCALES.find((locale) => locale === language) ?? fallback;
}

const dateLocales = { nl: nlDates, en: enGB };

/** "8 juni 2017" / "8 June 2017": a calendar day, written out. */
export function formatDay(day: IsoDate, locale: Locale): string {
  return `${dayAndMonth(day, locale)} ${day.slice(0, 4)}`;
}

/**
 * "15–29 september 2017", "15 juni – 15 juli 2017", "18 december 2017 – 5 januari 2018": what two days
 * share is written once.
 */
export function formatSpan(first: IsoDate, last: IsoDate, locale: Locale): string {
  if (first === last) return formatDay(first, locale);
  if (first.slice(0, 7) === last.slice(0, 7)) return `${Number(first.slice(8))}–${formatDay(last, locale)}`;
  const sameYear = first.slice(0, 4) === last.slice(0, 4);
  const start = sameYear ? dayAndMonth(first, locale) : formatDay(first, locale);
  return `${start} – ${formatDay(last, locale)}`;
}

const WHOLE_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * "8 juni": read straight off the ISO day, with date-fns's month names. A status answer writes a day per
 * update, and parsing each into a Date to format it again was a third of an uncached answer's time.
 */
function dayAndMonth(day: IsoDate, locale: Locale): string {
  if (!WHOLE_DAY.test(day)) return format(parseISO(day), 'd MMMM', { locale: dateLocales[locale] });
  const month = dateLocales[locale].localize.month((Number(day.slice(5, 7)) - 1) as Month, {
    width: 'wide',
    context: 'formatting',
  });
  return `${Number(day.slice(8, 10))} ${month}`;
}

/** The short weekday: Dutch "vr" (date-fns's abbreviation has a full stop), English "Fri". */
const WEEKDAY = { nl: 'EEEEEE', en: 'EEE' } as const;

/** "vr 1 juni 2017 09:00": an instant shown in the programme's time zone, in Slack and the CLI alike. */
export function formatInstant(iso: string, timezone: string, locale: Locale): string {
  return format(new TZDate(new Date(iso).getTime(), timezone), `${WEEKDAY[locale]} d MMMM yyyy HH:mm`, {
    locale: dateLocales[locale],
  });
}

/**
 * Why the scheduler skipped a delivery, in the reader's words. The scheduler stores its reason as text
 * for the logs (`missed: …`, `superseded: …`); the two it gives are known here. Null for anything else.
 */
export function skipReasonText(reason: string, locale: Locale): string | null {
  const m = messages(locale);
  if (reason.startsWith('missed')) return m.skipReasonMissed;
  if (reason.startsWith('superseded')) return m.skipReasonSuperseded;
  if (reason.startsWith('before subscription')) return m.skipReasonBeforeSubscription;
  const quiet = quietPeriodNamed(reason);
  if (quiet !== null) return m.skipReasonQuietPeriod(quiet);
  if (reason.startsWith(NOBODY_TO_REMIND)) return m.nobodyToRemind;
  if (reason.startsWith(MUTED)) return m.skipReasonMuted;
  return null;
}
