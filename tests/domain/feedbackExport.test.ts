import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  csvField,
  type ExportSubmission,
  exportFeedback,
  exportUserIds,
  FEEDBACK_EXPORT_COLUMNS,
  feedbackExportRows,
  toCsv,
  toJson,
  withUserNames,
} from '../../src/domain/feedbackExport.js';
import { phaseToExport } from '../../src/domain/feedbackForm.js';
import type { Phase, Programme } from '../../src/domain/programme.js';
import { parseProgrammeFile } from '../../src/domain/programmeFile.js';

/**
 * A small RFC 4180 reader, written independently of the writer: quote-aware, so commas, quotes and
 * line breaks inside a quoted field are data. Every record must end in CRLF.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (char === '"') {
        quoted = false;
        i += 1;
        if (!/^(,|\r\n|$)/.test(text.slice(i))) throw new Error(`text after a closing quote at ${i}`);
      } else {
        field += char;
        i += 1;
      }
    } else if (char === '"') {
      if (field !== '') throw new Error(`a quote inside an unquoted field at ${i}`);
      quoted = true;
      i += 1;
    } else if (char === ',') {
      record.push(field);
      field = '';
      i += 1;
    } else if (char === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (char === '\r' || char === '\n') {
      throw new Error(`a bare ${char === '\r' ? 'CR' : 'LF'} outside quotes at ${i}`);
    } else {
      field += char;
      i += 1;
    }
  }
  if (quoted) throw new Error('an unterminated quoted field');
  if (field !== '' || record.length > 0) throw new Error('the last record does not end in CRLF');
  return records;
}

/** What a spreadsheet-safe cell looks like: a leading apostrophe before what would run as a formula. */
const defused = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

const REMARKS = [
  'Plain remark',
  'Comma, inside',
  'Say "yes", please',
  '"Quoted from the start"',
  'Line one\nline two',
  'Carriage\rreturn',
  'Windows\r\nline break',
  'Ends with a newline\n',
  '=SUM(A1:A9)',
  "=cmd|' /C calc'!A0",
  '+31 30 123 4567',
  '-minus first',
  '@mention first',
  '\tTab first',
  '\rCR first',
  'Emoji 📚🚀 en een 👩🏽‍💻',
  'مكتبة عامة — RTL text עברית',
  'Accents: één, ü, ç',
  '',
];

const submissions: ExportSubmission[] = REMARKS.map((remarks, index) => ({
  phaseId: 'feedback-visie',
  // Given out of order, to check the sorting: library, then user.
  libraryCode: index % 2 === 0 ? 'UTR' : 'AVV',
  userId: `U${String(REMARKS.length - index).padStart(3, '0')}`,
  judgement: index % 3 === 0 ? 'agree' : index % 3 === 1 ? 'agree_with_remarks' : 'disagree',
  remarks,
  priorities:
    index % 4 === 0 ? [] : ['effectmeting', 'nieuwe-zoekinterface', '=kwaadaardig'].slice(0, index % 4),
  mayContact: index % 2 === 0,
  late: index % 5 === 0,
  createdAt: new Date(Date.UTC(2017, 8, 20, 10, index, 0)),
  version: (index % 3) + 1,
}));

const names = new Map([
  ['AVV', 'Bibliotheek Angstel, Vecht en Venen'],
  ['UTR', 'Bibliotheek Utrecht'],
]);

/** The names Slack gave for two of the users; the others it could not tell about. */
const userNames = new Map([
  [`U${String(REMARKS.length - 1).padStart(3, '0')}`, 'Anna van Vliet'],
  [`U${String(REMARKS.length - 3).padStart(3, '0')}`, '=Kwaad, "naam"'],
]);

describe('feedback export as CSV', () => {
  const rows = feedbackExportRows(submissions, names, userNames);
  const csv = toCsv(rows);
  const records = parseCsv(csv);

  it('starts with the header row and has one record per submission', () => {
    expect(records[0]).toEqual([...FEEDBACK_EXPORT_COLUMNS]);
    expect(records).toHaveLength(submissions.length + 1);
  });

  it('gives every record the same number of fields', () => {
    for (const record of records) expect(record).toHaveLength(FEEDBACK_EXPORT_COLUMNS.length);
  });

  it('ends every record in CRLF and has no bare line break outside quotes', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    // parseCsv throws on a bare CR or LF outside quotes; this is the explicit statement of it.
    expect(() => parseCsv(csv)).not.toThrow();
  });

  it('round-trips every remark: commas, quotes, CR, LF, CRLF, emoji, RTL text', () => {
    const byUser = new Map(records.slice(1).map((record) => [record[3], record]));
    for (const submission of submissions) {
      const record = byUser.get(submission.userId)!;
      expect(record[FEEDBACK_EXPORT_COLUMNS.indexOf('remarks')]).toBe(defused(submission.remarks));
    }
  });

  it('defuses cells a spreadsheet would run as a formula, with a leading apostrophe', () => {
    const remarksColumn = FEEDBACK_EXPORT_COLUMNS.indexOf('remarks');
    const remarks = records.slice(1).map((record) => record[remarksColumn]!);
    for (const dangerous of ['=SUM(A1:A9)', '+31 30 123 4567', '-minus first', '@mention first']) {
      expect(remarks).toContain(`'${dangerous}`);
    }
    expect(remarks).toContain("'\tTab first");
    expect(remarks).toContain("'\rCR first");
    // No field as read back starts with a formula trigger.
    for (const record of records) for (const field of record) expect(field).not.toMatch(/^[=+\-@\t\r]/);
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('=A1,B1')).toBe(`"'=A1,B1"`);
    expect(csvField('a "b"')).toBe('"a ""b"""');
    expect(csvField('harmless = not first')).toBe('harmless = not first');
  });

  it('writes each column as the export defines it', () => {
    const record = (userId: string) => {
      const found = records.find((candidate) => candidate[3] === userId);
      if (!found) throw new Error(`no record for ${userId}`);
      return Object.fromEntries(FEEDBACK_EXPORT_COLUMNS.map((column, i) => [column, found[i]]));
    };
    // Index 1: AVV, agree_with_remarks, one priority, no contact, not late, version 2.
    expect(record(`U${String(REMARKS.length - 1).padStart(3, '0')}`)).toEqual({
      phase_id: 'feedback-visie',
      library_code: 'AVV',
      library_name: 'Bibliotheek Angstel, Vecht en Venen',
      user_id: `U${String(REMARKS.length - 1).padStart(3, '0')}`,
      user_name: 'Anna van Vliet',
      judgement: 'agree_with_remarks',
      remarks: 'Comma, inside',
      priorities: 'effectmeting',
      may_contact: 'no',
      late: 'no',
      submitted_at: '2017-09-20T10:01:00.000Z',
      version: '2',
    });
    // Index 3: three priorities joined with "; ", the last of which would start a formula on its own.
    expect(record(`U${String(REMARKS.length - 3).padStart(3, '0')}`).priorities).toBe(
      'effectmeting; nieuwe-zoekinterface; =kwaadaardig',
    );
    // A name is defused like a remark: a spreadsheet shows it, never runs it.
    expect(record(`U${String(REMARKS.length - 3).padStart(3, '0')}`).user_name).toBe('\'=Kwaad, "naam"');
    // Index 0: a user Slack could not tell about has an empty name; contact yes, late yes.
    expect(record(`U${String(REMARKS.length).padStart(3, '0')}`)).toMatchObject({
      user_name: '',
      may_contact: 'yes',
      late: 'yes',
      version: '1',
    });
  });

  it('puts the names Slack gives beside the user ids of rows made without them, and keeps the id', () => {
    const unnamed = feedbackExportRows(submissions, names);
    expect(unnamed.every((row) => row.user_name === '')).toBe(true);
    expect(exportUserIds(unnamed)).toHaveLength(new Set(submissions.map((s) => s.userId)).size);
    expect(withUserNames(unnamed, userNames)).toEqual(rows);
  });

  it('orders the records by library code, then user', () => {
    const keys = records.slice(1).map((record) => `${record[1]}/${record[3]}`);
    expect(keys).toEqual([...keys].sort());
    expect(keys[0]!.startsWith('AVV/')).toBe(true);
    expect(keys.at(-1)!.startsWith('UTR/')).toBe(true);
  });

  it('is valid UTF-8 that decodes back to the same text', () => {
    const bytes = Buffer.from(csv, 'utf8');
    expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toBe(csv);
  });

  it('is only a header row when there is nothing to export', () => {
    expect(toCsv([])).toBe(`${FEEDBACK_EXPORT_COLUMNS.join(',')}\r\n`);
  });
});

describe('feedback export as JSON', () => {
  const rows = feedbackExportRows(submissions, names);
  const json = toJson(rows);

  it('is a valid, pretty-printed array of objects with the export columns', () => {
    const parsed = JSON.parse(json) as Record<string, unknown>[];
    expect(Array.isArray(parsed)).toBe(true);
    expect(json).toContain('\n  {\n    "phase_id": ');
    for (const object of parsed) expect(Object.keys(object)).toEqual([...FEEDBACK_EXPORT_COLUMNS]);
  });

  it('has the same rows as the CSV, with the texts as stored', () => {
    const parsed = JSON.parse(json) as Record<string, string | number>[];
    const records = parseCsv(toCsv(rows)).slice(1);
    expect(parsed).toHaveLength(records.length);
    parsed.forEach((object, i) => {
      const record = records[i]!;
      FEEDBACK_EXPORT_COLUMNS.forEach((column, j) => {
        expect(record[j], `${column} of row ${i}`).toBe(defused(String(object[column])));
      });
    });
    expect(parsed.map((object) => object.remarks).sort()).toEqual([...REMARKS].sort());
    expect(typeof parsed[0]!.version).toBe('number');
  });

  it('exportFeedback picks the format', () => {
    expect(exportFeedback(submissions, names, 'csv')).toBe(toCsv(rows));
    expect(exportFeedback(submissions, names, 'json')).toBe(json);
    expect(JSON.parse(exportFeedback([], names, 'json'))).toEqual([]);
  });

  it('leaves the name empty for a library no longer in the programme', () => {
    const [row] = feedbackExportRows([{ ...submissions[0]!, libraryCode: 'GONE' }], names);
    expect(row!.library_name).toBe('');
  });
});

describe('which feedback phase an export is of', () => {
  const example = parseProgrammeFile(
    readFileSync(new URL('../../programme/example.yml', import.meta.url), 'utf8'),
  );
  if (!example.ok) throw new Error('the example programme must parse');
  const programme = example.programme;
  const feedbackPhase = (id: string, title: string): Phase => ({
    ...programme.phases.find((phase) => phase.kind === 'feedback')!,
    id,
    title,
  });
  const withTwo: Programme = {
    ...programme,
    phases: [...programme.phases, feedbackPhase('feedback-plan', 'Feedback op het plan')],
  };

  it('without a name, the only feedback phase there is', () => {
    expect(phaseToExport(programme, '')).toMatchObject({ kind: 'phase', phase: { id: 'feedback-visie' } });
  });

  it('without a name and with several, asks which, listing them', () => {
    const choice = phaseToExport(withTwo, ' ');
    expect(choice.kind).toBe('choose');
    expect(choice.kind === 'choose' && choice.phases.map((phase) => phase.id)).toEqual([
      'feedback-visie',
      'feedback-plan',
    ]);
  });

  it('the phase named by id or by a word of its title, and none for a name that fits none', () => {
    expect(phaseToExport(withTwo, 'feedback-plan')).toMatchObject({ phase: { id: 'feedback-plan' } });
    expect(phaseToExport(withTwo, 'visie')).toMatchObject({ phase: { id: 'feedback-visie' } });
    expect(phaseToExport(withTwo, 'begroting').kind).toBe('unknown');
  });

  it('says so when the programme has no feedback phase', () => {
    const none = { ...programme, phases: programme.phases.filter((phase) => phase.kind !== 'feedback') };
    expect(phaseToExport(none, '')).toEqual({ kind: 'noFeedbackPhases' });
  });
});
