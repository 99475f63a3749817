import type { FeedbackJudgement } from './forms.js';

/**
 * The feedback on a phase as a file for the programme office: CSV (RFC 4180) for spreadsheets and
 * JSON for scripts. Pure: the caller brings the submissions that count and the library names.
 */

/** One submission that counts (a user's newest for the phase), with how many they made. */
export interface ExportSubmission {
  phaseId: string;
  libraryCode: string;
  userId: string;
  judgement: FeedbackJudgement;
  remarks: string;
  priorities: readonly string[];
  mayContact: boolean;
  late: boolean;
  createdAt: Date;
  /** The how-many-th submission of this user for the phase this one is (1 for the first). */
  version: number;
}

export const FEEDBACK_EXPORT_COLUMNS = [
  'phase_id',
  'library_code',
  'library_name',
  'user_id',
  /** The person's name as Slack knows it; empty where Slack was not asked or could not tell. */
  'user_name',
  'judgement',
  'remarks',
  'priorities',
  'may_contact',
  'late',
  'submitted_at',
  'version',
] as const;

export type FeedbackExportColumn = (typeof FEEDBACK_EXPORT_COLUMNS)[number];

export type FeedbackExportRow = { [column in Exclude<FeedbackExportColumn, 'version'>]: string } & {
  version: number;
};

export const FEEDBACK_EXPORT_FORMATS = ['csv', 'json'] as const;
export type FeedbackExportFormat = (typeof FEEDBACK_EXPORT_FORMATS)[number];

export const PRIORITIES_SEPARATOR = '; ';

const yesNo = (value: boolean): string => (value ? 'yes' : 'no');

/** Code-unit order, so the file is the same whatever the machine's locale. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The rows of the export, ordered by library code, then user; `userNames` by Slack user id. */
export function feedbackExportRows(
  submissions: readonly ExportSubmission[],
  libraryNames: ReadonlyMap<string, string>,
  userNames: ReadonlyMap<string, string> = new Map(),
): FeedbackExportRow[] {
  return [...submissions]
    .sort((a, b) => compare(a.libraryCode, b.libraryCode) || compare(a.userId, b.userId))
    .map((submission) => ({
      phase_id: submission.phaseId,
      library_code: submission.libraryCode,
      // A library since removed from the programme keeps its code; its name is then unknown.
      library_name: libraryNames.get(submission.libraryCode) ?? '',
      user_id: submission.userId,
      user_name: userNames.get(submission.userId) ?? '',
      judgement: submission.judgement,
      remarks: submission.remarks,
      priorities: submission.priorities.join(PRIORITIES_SEPARATOR),
      may_contact: yesNo(submission.mayContact),
      late: yesNo(submission.late),
      submitted_at: submission.createdAt.toISOString(),
      version: submission.version,
    }));
}

/** Each distinct user id of the rows, once: whom to ask Slack about. */
export function exportUserIds(rows: readonly FeedbackExportRow[]): string[] {
  return [...new Set(rows.map((row) => row.user_id))];
}

/** The rows with the names Slack gave (by user id); a user without one keeps an empty name. */
export function withUserNames(
  rows: readonly FeedbackExportRow[],
  userNames: ReadonlyMap<string, string>,
): FeedbackExportRow[] {
  return rows.map((row) => ({ ...row, user_name: userNames.get(row.user_id) ?? row.user_name }));
}

/**
 * Spreadsheets (Excel, LibreOffice, Google Sheets) treat a cell that starts with one of these as a
 * formula and evaluate it when the file is opened: a remark such as `=HYPERLINK("https://…")` or
 * `=cmd|' /C calc'!A0` typed into the Slack form would otherwise run on the admin's machine (CSV
 * injection). A leading apostrophe makes the spreadsheet show the cell as plain text; the apostrophe
 * itself is not displayed. Tab and CR are on the list because some spreadsheets strip them and then
 * read what follows as a formula.
 */
const FORMULA_TRIGGERS = /^[=+\-@\t\r]/;

/** One CSV field: defused if a spreadsheet would run it, then quoted when RFC 4180 requires it. */
export function csvField(value: string): string {
  const text = FORMULA_TRIGGERS.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CRLF = '\r\n';

/** RFC 4180: a header row, every record ending in CRLF. Encode the result as UTF-8. */
export function toCsv(rows: readonly FeedbackExportRow[]): string {
  const lines = [
    FEEDBACK_EXPORT_COLUMNS.join(','),
    ...rows.map((row) => FEEDBACK_EXPORT_COLUMNS.map((column) => csvField(String(row[column]))).join(',')),
  ];
  return lines.map((line) => `${line}${CRLF}`).join('');
}

/**
 * An array of objects with the same columns, pretty-printed. The texts are as stored: the formula
 * guard is for spreadsheets only, and JSON is not opened in one.
 */
export function toJson(rows: readonly FeedbackExportRow[]): string {
  return `${JSON.stringify(rows, null, 2)}\n`;
}

/** The whole export in one step. */
export function exportFeedback(
  submissions: readonly ExportSubmission[],
  libraryNames: ReadonlyMap<string, string>,
  format: FeedbackExportFormat,
  userNames: ReadonlyMap<string, string> = new Map(),
): string {
  const rows = feedbackExportRows(submissions, libraryNames, userNames);
  return format === 'csv' ? toCsv(rows) : toJson(rows);
}
