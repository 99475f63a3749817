import { strFromU8, unzipSync } from 'fflate';
import { readSheet } from 'read-excel-file/node';

/**
 * An .xlsx file as a user's spreadsheet would see it, read by packages independent of the one Koers
 * writes with: the cells with their types (read-excel-file), and from the sheet's own XML whether the
 * header row is frozen, where the filter sits, and whether any cell holds a formula.
 */
export interface ReadWorkbook {
  rows: (string | number | boolean | Date | null)[][];
  frozenRows: number;
  autoFilter: string | undefined;
  formulas: number;
}

export async function readWorkbook(data: Buffer): Promise<ReadWorkbook> {
  const rows = (await readSheet(data)) as ReadWorkbook['rows'];
  const files = unzipSync(new Uint8Array(data));
  const sheetPath = Object.keys(files).find((path) => /^xl\/worksheets\/sheet\d+\.xml$/.test(path));
  const xml = sheetPath ? strFromU8(files[sheetPath]!) : '';
  const pane = /<pane\b[^>]*>/.exec(xml)?.[0] ?? '';
  const frozen = /state="frozen"/.test(pane) ? Number(/ySplit="(\d+)"/.exec(pane)?.[1] ?? 0) : 0;
  return {
    rows,
    frozenRows: frozen,
    autoFilter: /<autoFilter\b[^>]*\bref="([^"]+)"/.exec(xml)?.[1],
    formulas: (xml.match(/<f[\s>]/g) ?? []).length,
  };
}
