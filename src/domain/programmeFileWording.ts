/**
 * The words of a refused programme file, one function per message. The domain knows no languages of its
 * own: it defines what must be said and says it in English (the default of `parseProgrammeFile`); the
 * CLI passes the table of the language it speaks (src/i18n/programmeFileNl.ts for Dutch).
 *
 * Values arrive already quoted and cut short where the file gave them (`"XYZ"`); numbers arrive as
 * numbers, so each language writes them its own way. Keys and paths (`projects[crm].lead`) are the
 * file's own and stay as written.
 */
export interface ProgrammeFileWording {
  // — where —
  /** `line 14` */
  line(line: number): string;
  /** `line 3, column 5: YAML syntax error: …` (the reason is the YAML library's, in English). */
  syntaxError(reason: string, position?: { line: number; column: number }): string;
  /** The list of errors was cut short. */
  moreErrors(count: number): string;
  // — the file as a whole —
  topLevel: string;
  empty: string;
  // — zod's generic issues —
  required: string;
  typeNames: { text: string; number: string; boolean: string; list: string; map: string };
  /** What a wrong value is, when it is not text (text is quoted). */
  valueNames: { nothing: string; list: string; binary: string; map: string };
  expectedType(expected: string, got: string): string;
  expectedOneOf(values: string[], got: string): string;
  unknownKeys(keys: string[], allowed: string[]): string;
  /** Appended to the last of a few unknown keys named, when there are more. */
  andMore(count: number): string;
  /** ` (did you mean "partners"?)` */
  didYouMean(candidate: string): string;
  // — the rules of values —
  notEmpty: string;
  tooLong(length: number, max: number): string;
  updateIdShape: string;
  slugShape: string;
  libraryCodeShape: string;
  dateShape(got: string): string;
  notARealDate(date: string): string;
  updateTimeShape(got: string): string;
  reminderShape(got: string, maxDays: number): string;
  emailExpected: string;
  unknownTimeZone(got: string): string;
  partnersShape: string;
  // — a phase's dates —
  dateAndSpan: string;
  phaseNeedsDates: string;
  endBeforeStart(end: string, start: string): string;
  nudgeDaysShape(maxDays: number): string;
  quietPeriodEndBeforeStart(to: string, from: string): string;
  // — across entries —
  unknownLibraryCode(code: string): string;
  /** `firstLine`: where the entry that has it first is, or null where the file's lines are not known. */
  duplicate(what: DuplicateKind, key: string, firstLine: number | null): string;
  listedTwice(code: string): string;
  leadNotPartner(lead: string, partners: string): string;
  // — a library's contacts —
  slackUserShape(got: string): string;
  tooManyContacts(max: number): string;
  contactListedTwice(user: string): string;
}

const TOP_LEVEL =
  'expected a map with the keys programme, libraries, projects and phases (holidays optional)';

export type DuplicateKind = 'libraryCode' | 'projectSlug' | 'phaseId' | 'updateId';

const DUPLICATE_WHAT = {
  libraryCode: 'library code',
  projectSlug: 'project slug',
  phaseId: 'phase id',
  updateId: 'update id',
} as const;

/** The programme file's messages in English: the default. */
export const englishProgrammeFileWording: ProgrammeFileWording = {
  line: (line) => `line ${line}`,
  syntaxError: (reason, position) =>
    position
      ? `line ${position.line}, column ${position.column}: YAML syntax error: ${reason}`
      : `YAML syntax error: ${reason}`,
  moreErrors: (count) => `… and ${count} more errors`,
  topLevel: TOP_LEVEL,
  empty: `the file is empty; ${TOP_LEVEL}`,
  required: 'required',
  typeNames: {
    text: 'text',
    number: 'a number',
    boolean: 'true or false',
    list: 'a list',
    map: 'a map of keys',
  },
  valueNames: { nothing: 'nothing', list: 'a list', binary: 'binary data', map: 'a map of keys' },
  expectedType: (expected, got) => `expected ${expected}, got ${got}`,
  expectedOneOf: (values, got) => `expected one of ${values.join(', ')}; got ${got}`,
  unknownKeys: (keys, allowed) =>
    `unknown key${keys.length > 1 ? 's' : ''} ${keys.join(', ')}; allowed here: ${allowed.join(', ')}`,
  andMore: (count) => `and ${count} more`,
  didYouMean: (candidate) => ` (did you mean "${candidate}"?)`,
  notEmpty: 'must not be empty',
  tooLong: (length, max) =>
    `is ${length.toLocaleString('en')} characters long; at most ${max.toLocaleString('en')}`,
  updateIdShape: 'an update id is up to 40 lowercase letters, digits and hyphens, e.g. u3f9c2a1b7e',
  slugShape: 'use lowercase letters, digits and single hyphens, e.g. social-crm',
  libraryCodeShape: 'a library code is 2 to 12 capitals, digits or hyphens, e.g. AVV',
  dateShape: (got) => `expected a date as YYYY-MM-DD, e.g. 2017-06-08; got ${got}`,
  notARealDate: (date) => `${date} is not a real date`,
  updateTimeShape: (got) =>
    `expected a date (2017-05-30) or an instant with offset (2017-05-30T14:00:00+02:00); got ${got}`,
  reminderShape: (got, maxDays) =>
    `${got} is not a reminder: use P<n>D, n days before the phase (0 to ${maxDays}), e.g. P7D`,
  emailExpected: 'expected an e-mail address',
  unknownTimeZone: (got) => `unknown time zone ${got}, e.g. Europe/Amsterdam`,
  partnersShape: 'expected a list of library codes, e.g. [AVV, HGH], or all',
  dateAndSpan: 'give either date, or start and end; not both',
  phaseNeedsDates: 'a phase needs a date, or both a start and an end',
  endBeforeStart: (end, start) => `end ${end} is before start ${start}`,
  nudgeDaysShape: (maxDays) => `expected a whole number of working days from 0 to ${maxDays}`,
  quietPeriodEndBeforeStart: (to, from) => `to ${to} is before from ${from}`,
  unknownLibraryCode: (code) => `unknown library code ${code}`,
  duplicate: (what, key, firstLine) =>
    `duplicate ${DUPLICATE_WHAT[what]} ${key}: ${firstLine === null ? 'an earlier entry' : `line ${firstLine}`} has it too`,
  listedTwice: (code) => `library code ${code} is listed twice`,
  leadNotPartner: (lead, partners) => `lead ${lead} is not one of the partners (${partners})`,
  slackUserShape: (got) =>
    `expected a Slack user id such as U024BE7LH (in Slack: the person's profile, ⋮, Copy member ID); got ${got}`,
  tooManyContacts: (max) => `at most ${max} contacts per library`,
  contactListedTwice: (user) => `contact ${user} is listed twice`,
};
