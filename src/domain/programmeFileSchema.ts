/**
 * The programme file's format as a zod schema: the shape of every entry, the rules for its values, and
 * the checks across entries (unknown library codes, duplicates). A successful parse yields the domain's
 * Programme. Reading and writing YAML, and putting line numbers on errors, is programmeFile.ts's job.
 * The messages' words come from a ProgrammeFileWording (programmeFileWording.ts), English by default.
 */
import * as z from 'zod';
import {
  type IsoDate,
  LATE_SUBMISSIONS,
  PHASE_KINDS,
  type Phase,
  PROJECT_STATUSES,
  type Programme,
  type ProjectPartner,
  phaseSpan,
  type StatusUpdate,
} from './programme.js';
import {
  type DuplicateKind,
  englishProgrammeFileWording,
  type ProgrammeFileWording,
} from './programmeFileWording.js';
import { levenshtein } from './text.js';

const DEFAULT_TIMEZONE = 'Europe/Amsterdam';

/**
 * A status update dated with a bare day is placed at noon UTC on that day: the same calendar day in
 * every time zone from UTC−11 to UTC+11, so it never shows up on the day before or after.
 */
export const BARE_DATE_UPDATE_TIME = 'T12:00:00.000Z';

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The ISO 8601 instants JavaScript's Date parses reliably: a time and an explicit offset. */
const INSTANT_SHAPE = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const LIBRARY_CODE = /^[A-Z0-9-]{2,12}$/;
/** A Slack user id (members U…, Enterprise Grid users W…), as `export` writes a library's contacts. */
const SLACK_USER = /^[UW][A-Z0-9]{2,20}$/;
/** A library's contacts: a few people to nudge, not its staff (Slack's user picker holds as many). */
export const MAX_LIBRARY_CONTACTS = 10;
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const REMINDER_OFFSET = /^P(0|[1-9]\d{0,2})D$/;
const MAX_REMINDER_DAYS = 365;
const MAX_NUDGE_DAYS = 30;
/** Longer input is cut in messages: an error should name the value, not repeat a 10,000-character one. */
const QUOTE_LIMIT = 40;

/** A value as an error message shows it: in quotes, and cut short when long. */
function quote(value: string): string {
  const chars = Array.from(value);
  return JSON.stringify(chars.length > QUOTE_LIMIT ? `${chars.slice(0, QUOTE_LIMIT).join('')}…` : value);
}

/** ` (did you mean "partners"?)` when one candidate is a likely typo of `word`, else ''. */
function didYouMean(w: ProgrammeFileWording, word: string, candidates: readonly string[]): string {
  if (Array.from(word).length > QUOTE_LIMIT) return '';
  // One slip in a short word, two in a longer one: beyond that a suggestion is more noise than help.
  const tolerance = word.length <= 4 ? 1 : 2;
  let best: { candidate: string; distance: number } | null = null;
  for (const candidate of candidates) {
    // Of two as close, the one that starts like the word: people slip inside a word more than at its start.
    const startsAlike = candidate[0]?.toLowerCase() === word[0]?.toLowerCase() ? 0 : 0.5;
    const distance = levenshtein(word.toLowerCase(), candidate.toLowerCase()) + startsAlike;
    if (distance <= tolerance + 0.5 && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best ? w.didYouMean(best.candidate) : '';
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Whether a `YYYY-MM-DD` string names a day that exists (not 2017-02-30). */
function isRealDate(value: string): boolean {
  const match = DATE_SHAPE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const daysInMonth = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return daysInMonth !== undefined && day >= 1 && day <= daysInMonth;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** An optional key: leaving it out and leaving it empty (`label:`) both give `fallback()`. */
function optional<T extends z.ZodType, F>(schema: T, fallback: () => F) {
  return schema.nullish().transform((value): NonNullable<z.output<T>> | F => value ?? fallback());
}

/**
 * Longest texts a file may hold. A description or note is shown in one Slack section (3,000 characters
 * at most); a name or title in a header or a list line. A longer text is refused rather than cut.
 */
export const TEXT_LIMITS = { name: 200, label: 100, description: 3000, note: 3000 } as const;

/** An update's stable id, as `export` writes it: a few lowercase letters, digits and hyphens. */
const UPDATE_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** The shape of every entry and the rules for its values, with messages in the words of `w`. */
function fileShapeIn(w: ProgrammeFileWording) {
  /** A schema's own message for a wrong value, which must not hide that the value is missing altogether. */
  const unlessMissing = (message: string) => (issue: { input?: unknown }) =>
    issue.input === undefined ? w.required : message;
  const tooLong = (max: number) => (issue: { input?: unknown }) =>
    w.tooLong(Array.from(String(issue.input ?? '')).length, max);

  const boundedText = (max: number) =>
    z
      .string()
      .trim()
      .min(1, w.notEmpty)
      .refine((value) => Array.from(value).length <= max, { error: tooLong(max) });
  const text = boundedText(TEXT_LIMITS.name);
  const aliases = optional(z.array(text), () => []);
  const description = optional(
    z
      .string()
      .trim()
      .refine((value) => Array.from(value).length <= TEXT_LIMITS.description, {
        error: tooLong(TEXT_LIMITS.description),
      }),
    () => '',
  );
  const updateId = z.string().regex(UPDATE_ID, w.updateIdShape);
  const slug = z.string().regex(SLUG, w.slugShape);

  const isoDate = z.string().superRefine((value, ctx) => {
    if (!DATE_SHAPE.test(value)) {
      ctx.addIssue({ code: 'custom', message: w.dateShape(quote(value)) });
    } else if (!isRealDate(value)) {
      ctx.addIssue({ code: 'custom', message: w.notARealDate(value) });
    }
  });

  /** A bare date or an ISO instant, normalised to an ISO instant in UTC (see BARE_DATE_UPDATE_TIME). */
  const updateTime = z.string().transform((value, ctx) => {
    if (DATE_SHAPE.test(value) && isRealDate(value)) return `${value}${BARE_DATE_UPDATE_TIME}`;
    const instant = INSTANT_SHAPE.exec(value);
    const time = Date.parse(value);
    if (instant?.[1] && isRealDate(instant[1]) && !Number.isNaN(time)) return new Date(time).toISOString();
    ctx.addIssue({ code: 'custom', message: w.updateTimeShape(quote(value)) });
    return z.NEVER;
  });

  const reminderOffset = z.string().superRefine((value, ctx) => {
    const days = REMINDER_OFFSET.exec(value)?.[1];
    if (days === undefined || Number(days) > MAX_REMINDER_DAYS) {
      ctx.addIssue({ code: 'custom', message: w.reminderShape(quote(value), MAX_REMINDER_DAYS) });
    }
  });

  const contactSchema = z.strictObject({
    name: text,
    email: z.email({ error: unlessMissing(w.emailExpected) }),
  });

  const programmeInfoSchema = z.strictObject({
    name: text,
    organisation: text,
    timezone: optional(z.string(), () => DEFAULT_TIMEZONE).refine(isTimeZone, {
      error: (issue) => w.unknownTimeZone(quote(String(issue.input))),
    }),
    contact: optional(contactSchema, () => null),
  });

  const slackUser = z.string().superRefine((value, ctx) => {
    if (!SLACK_USER.test(value)) ctx.addIssue({ code: 'custom', message: w.slackUserShape(quote(value)) });
  });
  const librarySchema = z.strictObject({
    code: z.string().regex(LIBRARY_CODE, w.libraryCodeShape),
    name: text,
    aliases,
    contacts: optional(
      z
        .array(slackUser)
        .max(MAX_LIBRARY_CONTACTS, w.tooManyContacts(MAX_LIBRARY_CONTACTS))
        .superRefine((contacts, ctx) => {
          contacts.forEach((contact, position) => {
            if (contacts.indexOf(contact) !== position) {
              ctx.addIssue({
                code: 'custom',
                path: [position],
                message: w.contactListedTwice(quote(contact)),
              });
            }
          });
        }),
      () => [],
    ),
  });

  const updateSchema = z.strictObject({
    id: optional(updateId, () => undefined),
    at: updateTime,
    status: optional(z.enum(PROJECT_STATUSES), () => null),
    note: boundedText(TEXT_LIMITS.note),
    author: optional(text, () => null),
  });

  const projectSchema = z.strictObject({
    slug,
    name: text,
    aliases,
    status: z.enum(PROJECT_STATUSES),
    partners: z.union([z.literal('all'), z.array(z.string())], { error: unlessMissing(w.partnersShape) }),
    lead: z.string().nullish(),
    description,
    updates: optional(z.array(updateSchema), () => []),
    archived: optional(z.boolean(), () => false),
  });

  const phaseSchema = z
    .strictObject({
      id: slug,
      title: text,
      description,
      date: optional(isoDate, () => null),
      start: optional(isoDate, () => null),
      end: optional(isoDate, () => null),
      label: optional(boundedText(TEXT_LIMITS.label), () => null),
      kind: z.enum(PHASE_KINDS),
      // Left out: the kind's default reminders; an empty list: none at all.
      reminders: optional(z.array(reminderOffset), () => null),
      late: optional(z.enum(LATE_SUBMISSIONS), () => 'accept' as const),
      // Left out: the kind's default (see DEFAULT_NUDGE_DAYS).
      nudge_days: optional(
        z
          .number({ error: w.nudgeDaysShape(MAX_NUDGE_DAYS) })
          .int(w.nudgeDaysShape(MAX_NUDGE_DAYS))
          .min(0, w.nudgeDaysShape(MAX_NUDGE_DAYS))
          .max(MAX_NUDGE_DAYS, w.nudgeDaysShape(MAX_NUDGE_DAYS)),
        () => null,
      ),
    })
    .superRefine((phase, ctx) => {
      if (phase.date !== null && (phase.start !== null || phase.end !== null)) {
        ctx.addIssue({ code: 'custom', path: ['date'], message: w.dateAndSpan });
      } else if (phase.date === null && (phase.start === null || phase.end === null)) {
        ctx.addIssue({ code: 'custom', message: w.phaseNeedsDates });
      } else if (phase.start !== null && phase.end !== null && phase.end < phase.start) {
        ctx.addIssue({ code: 'custom', path: ['end'], message: w.endBeforeStart(phase.end, phase.start) });
      }
    });

  const quietPeriodSchema = z
    .strictObject({ name: text, from: isoDate, to: isoDate })
    .superRefine((period, ctx) => {
      if (period.to < period.from)
        ctx.addIssue({
          code: 'custom',
          path: ['to'],
          message: w.quietPeriodEndBeforeStart(period.to, period.from),
        });
    });

  return z.strictObject({
    programme: programmeInfoSchema,
    holidays: optional(z.array(isoDate), () => []),
    quiet_periods: optional(z.array(quietPeriodSchema), () => []),
    libraries: z.array(librarySchema),
    projects: z.array(projectSchema),
    phases: z.array(phaseSchema),
  });
}

type FileContents = z.output<ReturnType<typeof fileShapeIn>>;

/**
 * A key an earlier entry already has. The issue carries that entry's path (`params.firstPath`), so the
 * file reader can name its line; the message alone says "an earlier entry".
 */
function reportDuplicate(
  w: ProgrammeFileWording,
  ctx: z.RefinementCtx,
  what: DuplicateKind,
  key: string,
  path: (string | number)[],
  firstPath: (string | number)[],
): void {
  const params: DuplicateParams = { duplicate: { what, key: quote(key) }, firstPath };
  ctx.addIssue({ code: 'custom', path, message: w.duplicate(what, quote(key), null), params });
}

/** What a duplicate's issue carries for the file reader (see reportDuplicate). */
export interface DuplicateParams {
  duplicate: { what: DuplicateKind; key: string };
  firstPath: (string | number)[];
}

/** Reports the second and later entries whose key an earlier entry already has. */
function reportDuplicates(
  w: ProgrammeFileWording,
  ctx: z.RefinementCtx,
  list: 'libraries' | 'projects' | 'phases',
  field: string,
  keys: string[],
  what: 'libraryCode' | 'projectSlug' | 'phaseId',
): void {
  const firstIndex = new Map<string, number>();
  keys.forEach((key, index) => {
    const first = firstIndex.get(key);
    if (first === undefined) {
      firstIndex.set(key, index);
    } else {
      reportDuplicate(w, ctx, what, key, [list, index, field], [list, first, field]);
    }
  });
}

/** The checks no single entry can make alone: references to libraries, and keys that must be unique. */
const acrossEntriesIn = (w: ProgrammeFileWording) => (file: FileContents, ctx: z.RefinementCtx) => {
  const codes = file.libraries.map((library) => library.code);
  const known = new Set(codes);
  const unknownCode = (code: string) => `${w.unknownLibraryCode(quote(code))}${didYouMean(w, code, codes)}`;

  const slugs = file.projects.map((project) => project.slug);
  const phaseIds = file.phases.map((phase) => phase.id);
  reportDuplicates(w, ctx, 'libraries', 'code', codes, 'libraryCode');
  reportDuplicates(w, ctx, 'projects', 'slug', slugs, 'projectSlug');
  reportDuplicates(w, ctx, 'phases', 'id', phaseIds, 'phaseId');
  const seenUpdateIds = new Map<string, (string | number)[]>();
  file.projects.forEach((project, index) => {
    project.updates.forEach((update, position) => {
      if (update.id === undefined) return;
      const path = ['projects', index, 'updates', position, 'id'];
      const first = seenUpdateIds.get(update.id);
      if (first === undefined) seenUpdateIds.set(update.id, path);
      else reportDuplicate(w, ctx, 'updateId', update.id, path, first);
    });
  });

  file.projects.forEach((project, index) => {
    const listed = project.partners === 'all' ? null : project.partners;
    listed?.forEach((code, position) => {
      const path = ['projects', index, 'partners', position];
      if (!known.has(code)) {
        ctx.addIssue({ code: 'custom', path, message: unknownCode(code) });
      } else if (listed.indexOf(code) !== position) {
        ctx.addIssue({ code: 'custom', path, message: w.listedTwice(quote(code)) });
      }
    });
    const lead = project.lead;
    if (lead == null) return;
    const path = ['projects', index, 'lead'];
    if (!known.has(lead)) ctx.addIssue({ code: 'custom', path, message: unknownCode(lead) });
    else if (listed && !listed.includes(lead)) {
      const partners = [...new Set(listed)].join(', ');
      ctx.addIssue({ code: 'custom', path, message: w.leadNotPartner(quote(lead), partners) });
    }
  });
};

/**
 * The lead gets role 'lead', every other listed library 'partner'. A project for all libraries lists
 * no partners, except its lead when it has one: that is the only place the lead can be kept.
 */
function partnersOf(partners: 'all' | string[], lead: string | null | undefined): ProjectPartner[] {
  if (partners === 'all') return lead ? [{ libraryCode: lead, role: 'lead' }] : [];
  return partners.map((code) => ({ libraryCode: code, role: code === lead ? 'lead' : 'partner' }));
}

function byFirstDay(a: Phase, b: Phase): number {
  const first = (phase: Phase): IsoDate => phaseSpan(phase).first;
  return first(a) < first(b) ? -1 : first(a) > first(b) ? 1 : 0;
}

/** An update without an id in the file has no `id` key at all, as the domain's optional field expects. */
function withoutMissingId({
  id,
  ...update
}: FileContents['projects'][number]['updates'][number]): StatusUpdate {
  return id === undefined ? update : { id, ...update };
}

function toProgramme(file: FileContents): Programme {
  return {
    info: file.programme,
    // A library without contacts has no `contacts` key, as one loaded from the database.
    libraries: file.libraries.map(({ contacts, ...library }) =>
      contacts.length > 0 ? { ...library, contacts } : library,
    ),
    projects: file.projects.map(({ partners, lead, updates, archived, ...project }) => ({
      ...project,
      // Only an archived project has the key, as one loaded from the database.
      ...(archived && { archived: true }),
      allLibraries: partners === 'all',
      partners: partnersOf(partners, lead),
      // The domain keeps updates newest first; the file may list them in any order. ISO instants in UTC
      // sort as text, and the sort is stable, so updates at the same instant keep the file's order.
      updates: updates.map(withoutMissingId).sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)),
    })),
    phases: file.phases
      .map(
        ({ nudge_days, ...phase }): Phase =>
          nudge_days === null ? phase : { ...phase, nudgeDays: nudge_days },
      )
      .sort(byFirstDay),
    holidays: file.holidays,
    ...(file.quiet_periods.length > 0 && { quietPeriods: file.quiet_periods }),
  };
}

/** The whole file: shape first; the checks across entries run only once every entry has the right shape. */
function programmeFileSchemaIn(w: ProgrammeFileWording) {
  return fileShapeIn(w).superRefine(acrossEntriesIn(w)).transform(toProgramme);
}

/** How many unknown keys of one map a message names: a few typos, or a sign the map is not one at all. */
const KEYS_NAMED = 3;

function describeValue(w: ProgrammeFileWording, value: unknown): string {
  if (value === null) return w.valueNames.nothing;
  if (Array.isArray(value)) return w.valueNames.list;
  if (typeof value === 'string') return quote(value);
  if (value instanceof Uint8Array) return w.valueNames.binary;
  if (typeof value === 'object') return w.valueNames.map;
  return String(value);
}

/**
 * Plain-language messages for zod's generic issues; the rules above carry their own. Passed to
 * safeParse so the wording belongs to this file format, not to zod's global configuration.
 */
function issueMessagesIn(w: ProgrammeFileWording): z.core.$ZodErrorMap {
  const typeNames: Record<string, string> = {
    string: w.typeNames.text,
    number: w.typeNames.number,
    boolean: w.typeNames.boolean,
    array: w.typeNames.list,
    object: w.typeNames.map,
  };
  return (issue) => {
    switch (issue.code) {
      case 'invalid_type':
        if (issue.input === undefined) return w.required;
        return w.expectedType(typeNames[issue.expected] ?? issue.expected, describeValue(w, issue.input));
      case 'invalid_value':
        // A key that is missing has no value to show: it is missing (a mistyped key is named beside it).
        if (issue.input === undefined) return w.required;
        return w.expectedOneOf(issue.values.map(String), describeValue(w, issue.input));
      case 'unrecognized_keys': {
        const allowed = issue.inst instanceof z.ZodObject ? Object.keys(issue.inst.shape) : [];
        // A mistyped key most likely meant one the map lacks: `knd` is `kind` when `end` is there already.
        const present = new Set(
          issue.input && typeof issue.input === 'object' ? Object.keys(issue.input as object) : [],
        );
        const absentFirst = [
          ...allowed.filter((key) => !present.has(key)),
          ...allowed.filter((key) => present.has(key)),
        ];
        const keys = issue.keys
          .slice(0, KEYS_NAMED)
          .map((key) => `${quote(key)}${didYouMean(w, key, absentFirst)}`);
        if (issue.keys.length > KEYS_NAMED) keys.push(w.andMore(issue.keys.length - KEYS_NAMED));
        return w.unknownKeys(keys, allowed);
      }
      default:
        return undefined;
    }
  };
}

export interface ProgrammeFileChecks {
  schema: ReturnType<typeof programmeFileSchemaIn>;
  /** Pass as safeParse's `error`. */
  issueMessage: z.core.$ZodErrorMap;
}

/** Built once per wording: a schema is a tree of hundreds of objects, and a file is checked in milliseconds. */
const checksByWording = new WeakMap<ProgrammeFileWording, ProgrammeFileChecks>();

/** The programme file's schema and messages in the words of `wording` (English by default). */
export function programmeFileChecks(
  wording: ProgrammeFileWording = englishProgrammeFileWording,
): ProgrammeFileChecks {
  let checks = checksByWording.get(wording);
  if (!checks) {
    checks = { schema: programmeFileSchemaIn(wording), issueMessage: issueMessagesIn(wording) };
    checksByWording.set(wording, checks);
  }
  return checks;
}
