import { describe, expect, it } from 'vitest';
import { activeProjects, type Programme } from '../../src/domain/programme.js';
import { applyEdit, changedSinceOpened, entryFields } from '../../src/domain/programmeEdits.js';
import { checkProgramme, parseProgrammeFile } from '../../src/domain/programmeFile.js';
import { readPhaseForm, readProjectForm } from '../../src/domain/programmeForms.js';
import { programmeFileNl } from '../../src/i18n/programmeFileNl.js';

const BASE = `
programme: { name: Leesplan Oost, organisation: Regio Oost }
libraries:
  - { code: AP, name: Bibliotheek Appelveen }
  - { code: BR, name: Bibliotheek Brakel }
projects:
  - slug: ehealth
    name: eHealth
    status: running
    partners: [AP, BR]
    lead: AP
    updates: [{ id: u1, at: 2017-05-30, note: Eerste meting gedaan }]
  - { slug: leesclub, name: Leesclub, status: idea, partners: all }
phases:
  - { id: kaders, title: Kaders vaststellen, date: 2017-06-08, kind: meeting }
  - { id: ronde, title: Feedbackronde, start: 2017-09-15, end: 2017-09-29, kind: feedback, late: refuse }
`;

function programme(): Programme {
  const parsed = parseProgrammeFile(BASE);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.programme;
}

function applied(result: ReturnType<typeof applyEdit>): Programme {
  if (!result.ok) throw new Error(result.problem);
  return result.programme;
}

const phaseFields = {
  title: 'Feedbackronde',
  description: '',
  date: null,
  start: '2017-09-15',
  end: '2017-10-06',
  label: null,
  kind: 'feedback' as const,
  reminders: null,
};

describe('programme edits, checked by the programme file’s own rules', () => {
  it('a phase moved is the same programme with that phase’s dates changed, and passes the file’s checks', () => {
    const next = applied(applyEdit(programme(), { kind: 'phase.change', id: 'ronde', fields: phaseFields }));
    const checked = checkProgramme(next);
    expect(checked.ok).toBe(true);
    expect(next.phases.find((phase) => phase.id === 'ronde')).toMatchObject({
      end: '2017-10-06',
      late: 'refuse',
    });
    expect(next.projects).toEqual(programme().projects);
  });

  it('an end before the start is the file’s error, on the phase’s end, in the wording asked for', () => {
    const next = applied(
      applyEdit(programme(), {
        kind: 'phase.change',
        id: 'ronde',
        fields: { ...phaseFields, start: '2017-10-10', end: '2017-10-01' },
      }),
    );
    const checked = checkProgramme(next, programmeFileNl);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toEqual([
      { path: ['phases', 1, 'end'], message: expect.stringContaining('2017-10-01') },
    ]);
  });

  it('removing a library a project still names is refused by the file’s unknown-code rule', () => {
    const next = applied(applyEdit(programme(), { kind: 'library.remove', code: 'BR' }));
    const checked = checkProgramme(next);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problems[0]?.path).toEqual(['projects', 0, 'partners', 1]);
  });

  it('an edit of an entry that is gone, or an add of a key that exists, is refused before any rule', () => {
    expect(applyEdit(programme(), { kind: 'phase.remove', id: 'weg' })).toEqual({
      ok: false,
      problem: 'unknown',
    });
    expect(
      applyEdit(programme(), { kind: 'library.add', code: 'AP', fields: { name: 'X', aliases: [] } }),
    ).toEqual({
      ok: false,
      problem: 'exists',
    });
  });

  it('a project changed keeps its history; one for all libraries stays for all', () => {
    const fields = {
      name: 'eHealth 2',
      status: 'paused' as const,
      description: '',
      lead: 'AP',
      partners: ['BR'],
    };
    const next = applied(applyEdit(programme(), { kind: 'project.change', slug: 'ehealth', fields }));
    const project = next.projects[0]!;
    expect(project.updates).toEqual(programme().projects[0]!.updates);
    expect(project.partners).toEqual([
      { libraryCode: 'AP', role: 'lead' },
      { libraryCode: 'BR', role: 'partner' },
    ]);
    const forAll = applied(
      applyEdit(programme(), {
        kind: 'project.change',
        slug: 'leesclub',
        fields: { ...fields, name: 'Leesclub' },
      }),
    ).projects[1]!;
    expect(forAll.allLibraries).toBe(true);
    expect(forAll.partners).toEqual([{ libraryCode: 'AP', role: 'lead' }]);
  });

  it('an archived project keeps everything; it passes the file’s checks, is left out of the lists and comes back whole', () => {
    const archived = applied(applyEdit(programme(), { kind: 'project.archive', slug: 'ehealth' }));
    const project = archived.projects[0]!;
    expect(project).toEqual({ ...programme().projects[0]!, archived: true });
    expect(checkProgramme(archived)).toMatchObject({ ok: true });
    expect(activeProjects(archived).map((p) => p.slug)).toEqual(['leesclub']);
    // Changing it in its form keeps it archived; bringing it back gives the project as it was.
    const fields = {
      name: 'eHealth',
      status: 'paused' as const,
      description: '',
      lead: 'AP',
      partners: ['BR'],
    };
    const changed = applied(applyEdit(archived, { kind: 'project.change', slug: 'ehealth', fields }));
    expect(changed.projects[0]!.archived).toBe(true);
    const back = applied(applyEdit(archived, { kind: 'project.unarchive', slug: 'ehealth' }));
    expect(back).toEqual(programme());
    expect(applyEdit(programme(), { kind: 'project.archive', slug: 'weg' })).toEqual({
      ok: false,
      problem: 'unknown',
    });
  });

  it('fingerprints tell which fields someone else changed since a form was opened', () => {
    const opened = entryFields(programme(), 'phase', 'ronde')!;
    const next = applied(applyEdit(programme(), { kind: 'phase.change', id: 'ronde', fields: phaseFields }));
    expect(changedSinceOpened(opened, entryFields(programme(), 'phase', 'ronde'))).toEqual([]);
    expect(changedSinceOpened(opened, entryFields(next, 'phase', 'ronde'))).toEqual(['end']);
    expect(JSON.stringify(opened).length).toBeLessThan(200);
  });
});

describe('the programme forms as the domain reads them', () => {
  const raw = {
    id: null,
    title: ' Feedbackronde ',
    label: '',
    kind: 'feedback',
    start: '2017-09-15',
    end: '2017-09-15',
    reminders: '14, 7,1',
    description: null,
  };

  it('reads reminders as days before, and one day as the file’s single date', () => {
    const read = readPhaseForm(raw, false);
    expect(read).toMatchObject({
      ok: true,
      fields: {
        title: 'Feedbackronde',
        date: '2017-09-15',
        start: null,
        end: null,
        reminders: ['P14D', 'P7D', 'P1D'],
      },
    });
    expect(readPhaseForm({ ...raw, reminders: 'geen' }, false)).toMatchObject({ fields: { reminders: [] } });
    expect(readPhaseForm({ ...raw, reminders: '' }, false)).toMatchObject({ fields: { reminders: null } });
  });

  it('names the fields a form left empty or wrote wrongly', () => {
    expect(readPhaseForm({ ...raw, title: ' ', reminders: 'twee weken', end: null }, true)).toEqual({
      ok: false,
      errors: { id: 'required', title: 'required', end: 'required', reminders: 'remindersShape' },
    });
    expect(
      readProjectForm(
        { slug: null, name: 'X', status: 'bezig', lead: null, partners: [], description: null },
        true,
      ),
    ).toEqual({ ok: false, errors: { slug: 'required', status: 'required' } });
  });
});
