import { describe, expect, it } from 'vitest';
import { englishConfigWording } from '../../src/config.js';
import { parseProgrammeFile } from '../../src/domain/programmeFile.js';
import { englishProgrammeFileWording } from '../../src/domain/programmeFileWording.js';
import { cliEn } from '../../src/i18n/cliEn.js';
import { cliNl } from '../../src/i18n/cliNl.js';
import { configNl } from '../../src/i18n/configNl.js';
import { programmeFileNl } from '../../src/i18n/programmeFileNl.js';
import { SMALL_PROGRAMME_FILE as BASE, variant } from '../support/programmeFileFixture.js';

function dutchErrorsOf(text: string): string[] {
  const result = parseProgrammeFile(text, programmeFileNl);
  if (result.ok) throw new Error('expected the file to be rejected');
  return result.errors;
}

describe('a refused programme file in Dutch names the line, the key and the rule', () => {
  it('an unknown library code, with the likely intended one', () => {
    expect(dutchErrorsOf(variant('partners: all', 'partners: all\n    lead: AVX'))).toEqual([
      'regel 16, projects[crm].lead: onbekende bibliotheekcode "AVX" (bedoel je "AVV"?)',
    ]);
  });

  it('a missing key and an unknown key', () => {
    expect(dutchErrorsOf(variant('partners: [AVV, HGH]', 'partner: [AVV, HGH]'))).toEqual([
      'regel 8, projects[effectmeting].partners: ontbreekt',
      'regel 11, projects[effectmeting]: onbekende sleutel "partner" (bedoel je "partners"?); ' +
        'hier horen: slug, name, aliases, status, partners, lead, description, updates, archived',
    ]);
  });

  it('a value of the wrong kind, a date that does not exist, an end before its start', () => {
    expect(dutchErrorsOf(variant('status: running', 'status: runnig'))).toEqual([
      'regel 10, projects[effectmeting].status: verwacht een van running, idea, paused, completed; hier staat "runnig"',
    ]);
    expect(dutchErrorsOf(variant('2017-10-31', '2017-02-30'))).toEqual([
      'regel 17, phases[aanvraag].date: 2017-02-30 bestaat niet',
    ]);
    expect(dutchErrorsOf(variant('date: 2017-10-31', 'start: 2017-10-31, end: 2017-10-01'))).toEqual([
      'regel 17, phases[aanvraag].end: end 2017-10-01 ligt voor start 2017-10-31',
    ]);
    expect(dutchErrorsOf(variant('date: 2017-10-31', 'date: 31-10-2017'))).toEqual([
      'regel 17, phases[aanvraag].date: verwacht een datum als JJJJ-MM-DD, bijvoorbeeld 2017-06-08; hier staat "31-10-2017"',
    ]);
  });

  it('a duplicate slug, an empty name and a text that is too long', () => {
    expect(dutchErrorsOf(variant('slug: crm', 'slug: effectmeting'))).toEqual([
      'regel 12, projects[effectmeting].slug: projectslug "effectmeting" staat ook al op regel 8',
    ]);
    expect(dutchErrorsOf(variant('name: CRM', 'name: " "'))).toEqual([
      'regel 13, projects[crm].name: mag niet leeg zijn',
    ]);
    expect(dutchErrorsOf(variant('name: CRM', `name: ${'x'.repeat(1234)}`))).toEqual([
      'regel 13, projects[crm].name: is 1.234 tekens lang; hoogstens 200',
    ]);
  });

  it('a YAML syntax error keeps the library’s reason inside Dutch words', () => {
    expect(dutchErrorsOf(variant('    name: CRM', '    name: CRM\n    name: Nog eens'))).toEqual([
      'regel 14, kolom 5: YAML-fout: Map keys must be unique',
    ]);
  });

  it('an empty file, a list instead of a map, and more errors than are shown', () => {
    expect(dutchErrorsOf('')).toEqual([
      'regel 1: het bestand is leeg; verwacht de sleutels programme, libraries, projects en phases (holidays mag ontbreken)',
    ]);
    expect(dutchErrorsOf('- programme\n')[0]).toMatch(/^regel 1: verwacht de sleutels programme/);
    const many = `${BASE}${Array.from({ length: 30 }, (_, i) => `  - { id: f${i}, title: F, kind: deadline }\n`).join('')}`;
    const errors = dutchErrorsOf(many);
    expect(errors).toHaveLength(26);
    expect(errors.at(-1)).toBe('… en nog 5 fouten');
    expect(errors[0]).toBe('regel 18, phases[f0]: een fase heeft een date nodig, of een start en een end');
  });

  it('the same file refused in English without a wording, as before', () => {
    expect(parseProgrammeFile(variant('status: running', 'status: runnig'))).toEqual({
      ok: false,
      errors: [
        'line 10, projects[effectmeting].status: expected one of running, idea, paused, completed; got "runnig"',
      ],
    });
  });
});

/** The keys of an object, nested ones as `a.b`; functions and text are leaves. */
function keysOf(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, inner]) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? keysOf(inner, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

describe("the CLI's words", () => {
  it('the Dutch and English programme-file wordings have the same keys', () => {
    expect(keysOf(programmeFileNl).sort()).toEqual(keysOf(englishProgrammeFileWording).sort());
  });

  it('the Dutch and English configuration wordings have the same keys', () => {
    expect(Object.keys(configNl).sort()).toEqual(Object.keys(englishConfigWording).sort());
  });

  it('cliNl and cliEn have the same keys (forgetItems: English falls back to the stored names)', () => {
    const { forgetItems: _nl, ...nl } = cliNl;
    const { forgetItems: _en, ...en } = cliEn;
    expect(keysOf(en).sort()).toEqual(keysOf(nl).sort());
  });
});
