import { describe, expect, it } from 'vitest';
import type { Programme } from '../../src/domain/programme.js';
import { diffHasChanges, diffProgramme } from '../../src/domain/programmeDiff.js';
import { parseProgrammeFile } from '../../src/domain/programmeFile.js';

const BASE = `
programme: { name: Leesplan Oost, organisation: Regio Oost }
libraries:
  - { code: AP, name: Bibliotheek Appelveen }
  - { code: BR, name: Bibliotheek Brakel }
projects:
  - slug: ehealth
    name: eHealth
    status: running
    partners: [AP]
    updates: [{ id: u1, at: 2017-05-30, note: Eerste meting gedaan }]
  - { slug: leesclub, name: Leesclub, status: idea, partners: all }
phases:
  - { id: kaders, title: Kaders vaststellen, date: 2017-06-08, kind: meeting }
`;

function programme(text: string): Programme {
  const parsed = parseProgrammeFile(text);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.programme;
}

function edited(...edits: [from: string, to: string][]): Programme {
  return programme(edits.reduce((text, [from, to]) => text.replace(from, to), BASE));
}

describe('what an import would change', () => {
  const current = programme(BASE);

  it('the same file changes nothing', () => {
    const diff = diffProgramme(current, programme(BASE), { prune: true });
    expect(diffHasChanges(diff)).toBe(false);
  });

  it('names what is added and what changes, with the fields', () => {
    const diff = diffProgramme(
      current,
      edited(
        ['status: running', 'status: paused'],
        ['partners: [AP]', 'partners: [AP, BR]'],
        ['date: 2017-06-08', 'date: 2017-06-15'],
        ['phases:', 'phases:\n  - { id: evaluatie, title: Evaluatie, date: 2017-12-01, kind: deadline }'],
      ),
      { prune: false },
    );
    expect(diff.projects.changed).toEqual([
      { key: 'ehealth', label: 'ehealth (eHealth)', fields: ['status', 'partners'] },
    ]);
    expect(diff.phases.changed).toEqual([{ key: 'kaders', label: 'Kaders vaststellen', fields: ['date'] }]);
    expect(diff.phases.added.map((entry) => entry.key)).toEqual(['evaluatie']);
    expect(diffHasChanges(diff)).toBe(true);
  });

  it('an archived project is a changed project (archived), and a file that leaves the key out brings it back', () => {
    const archived = edited(['    partners: [AP]\n', '    partners: [AP]\n    archived: true\n']);
    expect(archived.projects[0]?.archived).toBe(true);
    const diff = diffProgramme(current, archived, { prune: false });
    expect(diff.projects.changed).toEqual([
      { key: 'ehealth', label: 'ehealth (eHealth)', fields: ['archived'] },
    ]);
    expect(diffProgramme(archived, current, { prune: false }).projects.changed).toEqual([
      { key: 'ehealth', label: 'ehealth (eHealth)', fields: ['archived'] },
    ]);
  });

  it('a corrected note is a changed update, not a new one', () => {
    const diff = diffProgramme(
      current,
      edited(['Eerste meting gedaan', 'Eerste meting gedaan in vijf vestigingen']),
      {
        prune: true,
      },
    );
    expect(diff.updates.added).toEqual([]);
    expect(diff.updates.removed).toEqual([]);
    expect(diff.updates.changed).toEqual([
      { key: 'u1', label: 'ehealth 2017-05-30: Eerste meting gedaan in vijf vestigingen', fields: ['note'] },
    ]);
  });

  it('an update left out of the file is reported as removed; only prune makes that a change', () => {
    const without = edited(['    updates: [{ id: u1, at: 2017-05-30, note: Eerste meting gedaan }]\n', '']);
    expect(
      diffProgramme(current, without, { prune: true }).updates.removed.map((entry) => entry.key),
    ).toEqual(['u1']);
    expect(diffHasChanges(diffProgramme(current, without, { prune: false }))).toBe(false);
  });

  it('warns that a project missing from the file looks renamed when a new one has its name', () => {
    const diff = diffProgramme(current, edited(['slug: ehealth', 'slug: e-health']), { prune: false });
    expect(diff.projects.added.map((entry) => entry.key)).toEqual(['e-health']);
    expect(diff.projects.removed.map((entry) => entry.key)).toEqual(['ehealth']);
    expect(diff.likelyRenames).toEqual([{ from: 'ehealth', to: 'e-health', name: 'eHealth' }]);
  });

  it('everything is added to an empty database', () => {
    const diff = diffProgramme(null, current, { prune: false });
    expect(diff.libraries.added).toHaveLength(2);
    expect(diff.projects.added).toHaveLength(2);
    expect(diff.updates.added).toHaveLength(1);
  });
});
