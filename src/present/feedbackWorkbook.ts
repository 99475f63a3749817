import { FEEDBACK_EXPORT_COLUMNS, type FeedbackExportRow } from '../domain/feedbackExport.js';

/**
 * The feedback export as an Excel workbook: what an admin with a Dutch Excel can open without an import
 * wizard (a CSV splits on `;` there, and loses its accents without a BOM). One sheet, the columns of the
 * CSV, each cell of its own type: dates as dates, yes/no as booleans, the version as a number.
 */

type CellKind = 'text' | 'boolean' | 'date' | 'number';

const KINDS: Record<(typeof FEEDBACK_EXPORT_COLUMNS)[number], CellKind> = {
  phase_id: 'text',
  library_code: 'text',
  library_name: 'text',
  user_id: 'text',
  user_name: 'text',
  judgement: 'text',
  remarks: 'text',
  priorities: 'text',
  may_contact: 'boolean',
  late: 'boolean',
  submitted_at: 'date',
  version: 'number',
};

const WIDTHS: Partial<Record<(typeof FEEDBACK_EXPORT_COLUMNS)[number], number>> = {
  library_name: 36,
  user_name: 28,
  remarks: 60,
  priorities: 40,
  submitted_at: 22,
};

/** The instants are UTC, as in the CSV; the format says so, since a spreadsheet date has no zone. */
const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss "UTC"';
/**
 * Text cells are written as strings, which a spreadsheet never evaluates: a remark `=HYPERLINK(…)` is
 * shown as typed. The text format `@` keeps it so should someone edit the cell and press Enter.
 */
const TEXT_FORMAT = '@';

export async function toWorkbook(rows: readonly FeedbackExportRow[], sheetName: string): Promise<Buffer> {
  // Loaded on first use: the library costs seconds of start-up and tens of MB that most runs never need.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Koers';
  // Excel limits a sheet name to 31 characters and forbids a few.
  const sheet = workbook.addWorksheet(sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'feedback', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = FEEDBACK_EXPORT_COLUMNS.map((column) => ({
    header: column,
    key: column,
    width: WIDTHS[column] ?? 14,
    style:
      KINDS[column] === 'date'
        ? { numFmt: DATE_FORMAT }
        : KINDS[column] === 'text'
          ? { numFmt: TEXT_FORMAT }
          : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    sheet.addRow(
      Object.fromEntries(
        FEEDBACK_EXPORT_COLUMNS.map((column) => [column, cellValue(KINDS[column], row[column])]),
      ),
    );
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: FEEDBACK_EXPORT_COLUMNS.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function cellValue(kind: CellKind, value: string | number): string | number | boolean | Date {
  switch (kind) {
    case 'boolean':
      return value === 'yes';
    case 'date':
      return new Date(String(value));
    case 'number':
      return Number(value);
    default:
      return String(value);
  }
}
