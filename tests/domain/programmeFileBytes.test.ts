import { describe, expect, it } from 'vitest';
import { parseProgrammeFile } from '../../src/domain/programmeFile.js';
import { decodeProgrammeFile, MAX_PROGRAMME_FILE_BYTES } from '../../src/domain/programmeFileBytes.js';

const FILE = [
  'programme: { name: Testprogramma, organisation: Regio Oost }',
  'libraries:',
  '  - { code: ZD, name: Bibliotheek Zeist – Doorn }',
  'projects:',
  '  - { slug: cafe, name: Leescafé, status: running, partners: [ZD] }',
  'phases: []',
  '',
].join('\n');

function windows1252(text: string): Uint8Array {
  // The two characters of the file outside ASCII, as an older Windows editor saves them.
  const table: Record<string, number> = { '–': 0x96, é: 0xe9 };
  return Uint8Array.from(Array.from(text, (char) => table[char] ?? char.charCodeAt(0)));
}

function utf16le(text: string, bom: boolean): Uint8Array {
  const body = Buffer.from(text, 'utf16le');
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
}

describe('a programme file is read only as UTF-8 text', () => {
  it('reads UTF-8, with or without a BOM and with CRLF line ends, keeping every character', () => {
    const withBom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(FILE.replaceAll('\n', '\r\n')),
    ]);
    for (const bytes of [Buffer.from(FILE), withBom]) {
      const decoded = decodeProgrammeFile(bytes);
      expect(decoded.ok).toBe(true);
      if (!decoded.ok) return;
      const parsed = parseProgrammeFile(decoded.text);
      expect(parsed.ok && parsed.programme.libraries[0]?.name).toBe('Bibliotheek Zeist – Doorn');
      expect(parsed.ok && parsed.programme.projects[0]?.name).toBe('Leescafé');
    }
  });

  it('refuses Windows-1252, naming the first character that is not UTF-8 and its line', () => {
    expect(decodeProgrammeFile(windows1252(FILE))).toEqual({
      ok: false,
      problem: { kind: 'windows1252', character: '–', line: 3 },
    });
  });

  it('recognises UTF-16 with a byte-order mark and without one', () => {
    expect(decodeProgrammeFile(utf16le(FILE, true))).toEqual({ ok: false, problem: { kind: 'utf16' } });
    expect(decodeProgrammeFile(utf16le(FILE, false))).toEqual({ ok: false, problem: { kind: 'utf16' } });
    const bigEndian = Buffer.from(utf16le(FILE, false)).swap16();
    expect(decodeProgrammeFile(bigEndian)).toEqual({ ok: false, problem: { kind: 'utf16' } });
  });

  it('recognises a Word document or zip renamed to .yml, and other binary files', () => {
    const docx = Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'), Buffer.alloc(600, 7)]);
    expect(decodeProgrammeFile(docx)).toEqual({ ok: false, problem: { kind: 'zip' } });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]);
    expect(decodeProgrammeFile(png)).toEqual({ ok: false, problem: { kind: 'binary' } });
  });

  it('refuses a file over the size limit before reading it', () => {
    const huge = Buffer.alloc(MAX_PROGRAMME_FILE_BYTES + 1, 'a');
    expect(decodeProgrammeFile(huge)).toEqual({
      ok: false,
      problem: { kind: 'tooLarge', bytes: MAX_PROGRAMME_FILE_BYTES + 1, maxBytes: MAX_PROGRAMME_FILE_BYTES },
    });
  });
});

describe('text fields have a length limit', () => {
  it('refuses a description longer than a Slack section holds, saying how long it is', () => {
    const text = FILE.replace('partners: [ZD] }', `partners: [ZD], description: "${'x'.repeat(5000)}" }`);
    const result = parseProgrammeFile(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      'line 5, projects[cafe].description: is 5,000 characters long; at most 3,000',
    ]);
  });

  it('refuses a name longer than 200 characters and an update note longer than 3,000', () => {
    const text = FILE.replace('name: Leescafé', `name: ${'n'.repeat(201)}`).replace(
      'partners: [ZD] }',
      `partners: [ZD], updates: [{ at: 2017-05-30, note: "${'y'.repeat(3001)}" }] }`,
    );
    const result = parseProgrammeFile(text);
    expect(result.ok ? [] : result.errors).toEqual([
      'line 5, projects[cafe].name: is 201 characters long; at most 200',
      'line 5, projects[cafe].updates[0].note: is 3,001 characters long; at most 3,000',
    ]);
  });
});
