import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Programme } from '../../src/domain/programme.js';
import { parseProgrammeFile, serializeProgrammeFile } from '../../src/domain/programmeFile.js';
import { programmeFileNl } from '../../src/i18n/programmeFileNl.js';
import { SMALL_PROGRAMME_FILE as BASE, edit, variant } from '../support/programmeFileFixture.js';

const EXAMPLE = readFileSync(new URL('../../programme/example.yml', import.meta.url), 'utf8');

const TOP_LEVEL =
  'expected a map with the keys programme, libraries, projects and phases (holidays optional)';

function parsed(text: string): Programme {
  const result = parseProgrammeFile(text);
  if (!result.ok) throw new Error(`expected the file to parse, got:\n${result.errors.join('\n')}`);
  return result.programme;
}

function errorsOf(text: string): string[] {
  const result = parseProgrammeFile(text);
  if (result.ok) throw new Error('expected the file to be rejected');
  return result.errors;
}

describe('the example programme', () => {
  const programme = parsed(EXAMPLE);

  it('has the programme, its contact and time zone', () => {
    expect(programme.info).toEqual({
      name: 'Meerjaren innovatieprogramma 2018-2020',
      organisation: 'BiSC (Bibliotheek Service Centrum Utrecht)',
      timezone: 'Europe/Amsterdam',
      contact: { name: 'Ronald Huizer', email: 'r.huizer@biscutrecht.nl' },
    });
  });

  it('has the seven libraries', () => {
    expect(programme.libraries.map((library) => library.code)).toEqual([
      'AVV',
      'HGH',
      'IDEA',
      'EEM',
      'LEK',
      'ZOUT',
      'UTR',
    ]);
    expect(programme.libraries[0]).toEqual({
      code: 'AVV',
      name: 'Bibliotheek Angstel, Vecht en Venen',
      aliases: ['Angstel Vecht en Venen'],
    });
  });

  it('has eleven projects: two ideas, two completed, seven running', () => {
    expect(programme.projects).toHaveLength(11);
    const count = (status: string) =>
      programme.projects.filter((project) => project.status === status).length;
    expect([count('idea'), count('completed'), count('running')]).toEqual([2, 2, 7]);
    expect(
      programme.projects.filter((project) => project.status === 'idea').map((project) => project.name),
    ).toEqual(['Privacy & Security', 'CRM']);
  });

  it('reads partners, "all" and the dated update of each project', () => {
    const bySlug = new Map(programme.projects.map((project) => [project.slug, project]));
    expect(bySlug.get('social-crm')?.partners).toEqual([
      { libraryCode: 'IDEA', role: 'partner' },
      { libraryCode: 'EEM', role: 'partner' },
      { libraryCode: 'LEK', role: 'partner' },
    ]);
    const nbc = bySlug.get('nieuwe-zoekinterface-nbc');
    expect(nbc).toMatchObject({ name: 'Nieuwe zoekinterface / NBC+', aliases: ['NBC+', 'zoekinterface'] });
    expect(nbc).toMatchObject({ allLibraries: true, partners: [] });
    for (const project of programme.projects) {
      expect(project.updates).toEqual([
        {
          at: '2017-05-30T12:00:00.000Z',
          status: project.status,
          note: 'Stand van zaken gepresenteerd op de Innovatiemiddag van 30 mei 2017.',
          author: 'BiSC',
        },
      ]);
    }
  });

  it('has the five phases of the Tijdspad in order', () => {
    expect(
      programme.phases.map((phase) => [phase.id, phase.kind, phase.date ?? `${phase.start}..${phase.end}`]),
    ).toEqual([
      ['pdo-strategische-kaders', 'meeting', '2017-06-08'],
      ['gesprekken-visie', 'consultation', '2017-06-15..2017-07-15'],
      ['concept-visie', 'consultation', '2017-09-15'],
      ['feedback-visie', 'feedback', '2017-09-15..2017-09-29'],
      ['deadline-aanvraag', 'deadline', '2017-10-31'],
    ]);
    expect(programme.phases[3]).toMatchObject({
      label: 'eind september',
      reminders: ['P14D', 'P7D', 'P1D', 'P0D'],
    });
  });

  it('lists the Dutch public holidays of the second half of 2017', () => {
    expect(programme.holidays).toEqual(['2017-06-05', '2017-12-25', '2017-12-26']);
  });
});

describe('round trip', () => {
  it('parse → serialize → parse gives the same programme, and serializing again the same bytes', () => {
    const programme = parsed(EXAMPLE);
    const text = serializeProgrammeFile(programme);
    const again = parsed(text);
    expect(again).toEqual(programme);
    expect(serializeProgrammeFile(again)).toBe(text);
  });

  it('starts the written file with a header pointing to the README', () => {
    const text = serializeProgrammeFile(parsed(EXAMPLE));
    expect(text.startsWith('# Koers programme file')).toBe(true);
    expect(text.split('\n').slice(0, 3).join('\n')).toContain('README.md, section "Programme file"');
  });

  it('keeps every optional shape: leads, all with a lead, instants, no reminders, no contact', () => {
    const programme: Programme = {
      info: { name: 'P', organisation: 'O', timezone: 'UTC', contact: null },
      libraries: [
        { code: 'AVV', name: 'Bibliotheek AVV', aliases: [] },
        { code: '123', name: 'yes', aliases: ['no', 'a: b', '#hash'] },
      ],
      projects: [
        {
          slug: 'a',
          name: 'A',
          aliases: [],
          description: 'Met een "citaat" en een dubbele punt: zo.',
          status: 'paused',
          allLibraries: false,
          partners: [
            { libraryCode: '123', role: 'lead' },
            { libraryCode: 'AVV', role: 'partner' },
          ],
          updates: [
            { at: '2017-06-01T08:30:00.000Z', status: null, note: 'Later', author: null },
            { at: '2017-05-30T12:00:00.000Z', status: 'running', note: 'Eerder', author: 'BiSC' },
          ],
        },
        {
          slug: 'b',
          name: 'B',
          aliases: ['bee'],
          description: '',
          status: 'idea',
          allLibraries: true,
          partners: [{ libraryCode: 'AVV', role: 'lead' }],
          updates: [],
        },
      ],
      phases: [
        {
          id: 'x',
          title: 'X',
          description: '',
          date: null,
          start: '2017-01-01',
          end: '2017-01-01',
          label: null,
          kind: 'meeting',
          reminders: [],
          late: 'accept',
        },
        {
          id: 'y',
          title: 'Y',
          description: 'Omschrijving',
          date: '2017-02-28',
          start: null,
          end: null,
          label: 'eind februari',
          kind: 'feedback',
          reminders: null,
          late: 'refuse',
        },
      ],
      holidays: [],
    };
    const text = serializeProgrammeFile(programme);
    expect(parsed(text)).toEqual(programme);
    expect(text).toContain('partners: all');
    expect(text).toContain('late: refuse');
    expect(text).toContain('reminders: []');
    expect(text).not.toContain('holidays');
  });
});

describe('reading values', () => {
  it('fills the defaults of optional keys', () => {
    const programme = parsed(BASE);
    expect(programme.info).toMatchObject({ timezone: 'Europe/Amsterdam', contact: null });
    expect(programme.holidays).toEqual([]);
    expect(programme.projects[0]).toMatchObject({ aliases: [], description: '', updates: [] });
    expect(programme.phases[0]).toMatchObject({
      description: '',
      label: null,
      reminders: null,
      start: null,
      end: null,
    });
  });

  it('turns "all" into allLibraries and gives the lead its role', () => {
    const withLeads = edit(
      variant('partners: all', 'partners: all\n    lead: HGH'),
      '[AVV, HGH]',
      '[AVV, HGH]\n    lead: HGH',
    );
    const programme = parsed(withLeads);
    expect(programme.projects[0]?.partners).toEqual([
      { libraryCode: 'AVV', role: 'partner' },
      { libraryCode: 'HGH', role: 'lead' },
    ]);
    expect(programme.projects[1]).toMatchObject({
      allLibraries: true,
      partners: [{ libraryCode: 'HGH', role: 'lead' }],
    });
  });

  it('normalises update times to UTC instants (a bare date is noon UTC) and lists them newest first', () => {
    const text = variant(
      'status: running',
      'status: running\n    updates:\n' +
        '      - { at: 2017-05-30, note: Dag }\n' +
        '      - { at: "2017-06-01T14:00:00+02:00", note: Instant, status: paused, author: BiSC }',
    );
    expect(parsed(text).projects[0]?.updates).toEqual([
      { at: '2017-06-01T12:00:00.000Z', status: 'paused', note: 'Instant', author: 'BiSC' },
      { at: '2017-05-30T12:00:00.000Z', status: null, note: 'Dag', author: null },
    ]);
  });

  it('returns phases sorted by their first day, whatever the file order', () => {
    const text = `${BASE}  - { id: eerder, title: Eerder, start: 2017-06-01, end: 2017-12-31, kind: consultation }\n`;
    expect(parsed(text).phases.map((phase) => phase.id)).toEqual(['eerder', 'aanvraag']);
  });

  it('accepts dates that YAML 1.1 reads as timestamps, and still refuses impossible ones', () => {
    expect(parsed(`%YAML 1.1\n---\n${BASE}`).phases[0]?.date).toBe('2017-10-31');
    expect(errorsOf(`%YAML 1.1\n---\n${variant('2017-10-31', '2017-02-30')}`)).toEqual([
      'line 19, phases[aanvraag].date: 2017-02-30 is not a real date',
    ]);
  });
});

describe('an archived project', () => {
  it('is read from `archived: true`, written by export only when archived, and refused as anything but true or false', () => {
    const programme = parsed(variant('    status: idea\n', '    status: idea\n    archived: true\n'));
    expect(programme.projects.map((project) => [project.slug, project.archived])).toEqual([
      ['effectmeting', undefined],
      ['crm', true],
    ]);
    const text = serializeProgrammeFile(programme);
    expect(text.match(/archived: true/g)).toHaveLength(1);
    expect(parsed(text)).toEqual(programme);
    expect(errorsOf(variant('    status: idea\n', '    status: idea\n    archived: ja\n'))).toEqual([
      'line 15, projects[crm].archived: expected true or false, got "ja"',
    ]);
  });
});

describe("a library's contacts", () => {
  const withContacts = (contacts: string) =>
    variant(
      '{ code: AVV, name: Bibliotheek AVV }',
      `{ code: AVV, name: Bibliotheek AVV, contacts: ${contacts} }`,
    );

  it('are read as Slack user ids, written by export, and left out when there are none', () => {
    const programme = parsed(withContacts('[U024BE7LH, W0G9QF9C6]'));
    expect(programme.libraries[0]).toEqual({
      code: 'AVV',
      name: 'Bibliotheek AVV',
      aliases: [],
      contacts: ['U024BE7LH', 'W0G9QF9C6'],
    });
    expect(programme.libraries[1]).not.toHaveProperty('contacts');
    const text = serializeProgrammeFile(programme);
    expect(text).toContain('contacts: [U024BE7LH, W0G9QF9C6]');
    expect(text.match(/contacts:/g)).toHaveLength(1);
    expect(parsed(text)).toEqual(programme);
  });

  it('refuses what is no user id, a contact listed twice, and more than ten, naming the line', () => {
    expect(errorsOf(withContacts('[anke@bisc.nl]'))).toEqual([
      'line 5, libraries[AVV].contacts[0]: expected a Slack user id such as U024BE7LH (in Slack: the person\'s profile, ⋮, Copy member ID); got "anke@bisc.nl"',
    ]);
    expect(errorsOf(withContacts('[U024BE7LH, U024BE7LH]'))).toEqual([
      'line 5, libraries[AVV].contacts[1]: contact "U024BE7LH" is listed twice',
    ]);
    const eleven = Array.from({ length: 11 }, (_, index) => `U0000000${String(index).padStart(2, '0')}`);
    expect(errorsOf(withContacts(`[${eleven.join(', ')}]`))).toEqual([
      'line 5, libraries[AVV].contacts: at most 10 contacts per library',
    ]);
    expect(parseProgrammeFile(withContacts('[x]'), programmeFileNl)).toMatchObject({
      errors: [expect.stringContaining('verwacht een Slack-gebruikers-id')],
    });
  });
});

describe('rejections name the line and the key', () => {
  it('an unknown library code in partners or lead', () => {
    expect(errorsOf(variant('[AVV, HGH]', '[AVV, XYZ]'))).toEqual([
      'line 11, projects[effectmeting].partners[1]: unknown library code "XYZ"',
    ]);
    expect(errorsOf(variant('partners: all', 'partners: all\n    lead: AVX'))).toEqual([
      'line 16, projects[crm].lead: unknown library code "AVX" (did you mean "AVV"?)',
    ]);
  });

  it('a lead that is not one of the partners', () => {
    expect(errorsOf(variant('[AVV, HGH]', '[AVV]\n    lead: HGH'))).toEqual([
      'line 12, projects[effectmeting].lead: lead "HGH" is not one of the partners (AVV)',
    ]);
  });

  it('a duplicate project slug', () => {
    expect(errorsOf(variant('slug: crm', 'slug: effectmeting'))).toEqual([
      'line 12, projects[effectmeting].slug: duplicate project slug "effectmeting": line 8 has it too',
    ]);
  });

  it('a duplicate library code', () => {
    expect(errorsOf(variant('code: HGH', 'code: AVV'))).toEqual([
      'line 6, libraries[AVV].code: duplicate library code "AVV": line 5 has it too',
      'line 11, projects[effectmeting].partners[1]: unknown library code "HGH"',
    ]);
  });

  it('a duplicate update id, in another project: the line of the first names it', () => {
    const withUpdates = edit(
      variant(
        'status: running',
        'status: running\n    updates:\n      - { id: u1, at: 2017-05-30, note: Eerst }',
      ),
      'status: idea',
      'status: idea\n    updates:\n      - { id: u1, at: 2017-06-30, note: Later }',
    );
    expect(errorsOf(withUpdates)).toEqual([
      'line 18, projects[crm].updates[0].id: duplicate update id "u1": line 12 has it too',
    ]);
  });

  it('a duplicate phase id', () => {
    const text = `${BASE}  - { id: aanvraag, title: Nog eens, date: 2017-11-01, kind: deadline }\n`;
    expect(errorsOf(text)).toEqual([
      'line 18, phases[aanvraag].id: duplicate phase id "aanvraag": line 17 has it too',
    ]);
  });

  it('an end before the start', () => {
    expect(errorsOf(variant('date: 2017-10-31', 'start: 2017-10-31, end: 2017-10-01'))).toEqual([
      'line 17, phases[aanvraag].end: end 2017-10-01 is before start 2017-10-31',
    ]);
  });

  it('a date and a start together', () => {
    expect(
      errorsOf(variant('date: 2017-10-31', 'date: 2017-10-31, start: 2017-10-01, end: 2017-10-31')),
    ).toEqual(['line 17, phases[aanvraag].date: give either date, or start and end; not both']);
  });

  it('a reminder that is not P<n>D', () => {
    expect(errorsOf(variant('kind: deadline }', 'kind: deadline, reminders: [P7D, P2W] }'))).toEqual([
      'line 17, phases[aanvraag].reminders[1]: "P2W" is not a reminder: use P<n>D, n days before the phase (0 to 365), e.g. P7D',
    ]);
  });

  it('an impossible date', () => {
    expect(errorsOf(variant('2017-10-31', '2017-02-30'))).toEqual([
      'line 17, phases[aanvraag].date: 2017-02-30 is not a real date',
    ]);
  });

  it('an unknown time zone', () => {
    expect(
      errorsOf(variant('organisation: BiSC', 'organisation: BiSC\n  timezone: Europe/Amsterdm')),
    ).toEqual(['line 4, programme.timezone: unknown time zone "Europe/Amsterdm", e.g. Europe/Amsterdam']);
  });

  it('an unknown key, with the likely intended one', () => {
    expect(errorsOf(variant('partners: [AVV, HGH]', 'partner: [AVV, HGH]'))).toEqual([
      'line 8, projects[effectmeting].partners: required',
      'line 11, projects[effectmeting]: unknown key "partner" (did you mean "partners"?); ' +
        'allowed here: slug, name, aliases, status, partners, lead, description, updates, archived',
    ]);
  });

  it('a mistyped key of a choice: the choice is missing (not "got undefined"), and the key meant is named', () => {
    expect(errorsOf(variant('date: 2017-10-31, kind: deadline', 'date: 2017-10-31, knd: deadline'))).toEqual([
      'line 17, phases[aanvraag].kind: required',
      'line 17, phases[aanvraag]: unknown key "knd" (did you mean "kind"?); ' +
        'allowed here: id, title, description, date, start, end, label, kind, reminders, late, nudge_days',
    ]);
    const dutch = parseProgrammeFile(variant('status: running', 'stauts: running'), programmeFileNl);
    expect(dutch.ok ? [] : dutch.errors).toEqual([
      'regel 8, projects[effectmeting].status: ontbreekt',
      'regel 10, projects[effectmeting]: onbekende sleutel "stauts" (bedoel je "status"?); ' +
        'hier horen: slug, name, aliases, status, partners, lead, description, updates, archived',
    ]);
  });

  it('a value of the wrong kind', () => {
    expect(errorsOf(variant('status: running', 'status: runnig'))).toEqual([
      'line 10, projects[effectmeting].status: expected one of running, idea, paused, completed; got "runnig"',
    ]);
  });

  it('a YAML syntax error', () => {
    expect(errorsOf(variant('    name: CRM', '    name: CRM\n    name: Nog eens'))).toEqual([
      'line 14, column 5: YAML syntax error: Map keys must be unique',
    ]);
    // YAML notices an unclosed list where the next entry starts, one line after the slip.
    expect(errorsOf(variant('[AVV, HGH]', '[AVV, HGH'))[0]).toBe(
      'line 12, column 3: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    );
  });

  it('an empty file', () => {
    for (const empty of ['', '\n\n', '# only a comment\n']) {
      expect(errorsOf(empty)).toEqual([`line 1: the file is empty; ${TOP_LEVEL}`]);
    }
  });

  it('a plain scalar or a list instead of a map', () => {
    expect(errorsOf('just some text')).toEqual([`line 1: ${TOP_LEVEL}`]);
    expect(errorsOf('\n\n42\n')).toEqual([`line 3: ${TOP_LEVEL}`]);
    expect(errorsOf('- programme\n- libraries\n')).toEqual([`line 1: ${TOP_LEVEL}`]);
  });
});

describe('junk', () => {
  const junk = [
    'x'.repeat(10_000),
    `programme:\n  name: ${'n'.repeat(10_000)}\n`,
    `${'k'.repeat(10_000)}: v`,
    'مكتبة: برنامج\nبرنامج: [مكتبة, ‏שלום‎]\n',
    'programme: { name: "\u202Eevil", organisation: 🚀🚀 }\n',
    '\0\u0007\uFEFF\uD800',
    '{{{{ ]]]] :::: ----',
    '\t\tprogramme: 1',
    '['.repeat(5_000),
    'a: &a [*a, *a]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n',
    '__proto__: { polluted: true }\nconstructor: 1\n',
    'programme: !!binary aGVsbG8=\nlibraries: !nope x\nprojects: ~\nphases: .nan\n',
    '---\na: 1\n---\nb: 2\n',
  ];

  it('is rejected with line-numbered errors and never throws', () => {
    for (const input of junk) {
      const result = parseProgrammeFile(input);
      expect(result.ok, input.slice(0, 40)).toBe(false);
      if (result.ok) continue;
      expect(result.errors.length).toBeGreaterThan(0);
      expect(result.errors.length).toBeLessThanOrEqual(26);
      for (const error of result.errors) expect(error).toMatch(/^(line \d+|… and \d+ more errors)/);
      for (const error of result.errors) expect(error.length).toBeLessThan(500);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
