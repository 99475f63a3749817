import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { addFeedback, latestFeedback } from '../../src/db/feedbackRepository.js';
import {
  checkImport,
  importProgramme,
  loadProgramme,
  readProgrammeVersion,
} from '../../src/db/programmeRepository.js';
import { renameProject } from '../../src/db/projectRename.js';
import { addProjectUpdate, linkProjectChannel } from '../../src/db/projectRepository.js';
import { projects } from '../../src/db/schema.js';
import { diffHasChanges } from '../../src/domain/programmeDiff.js';
import { parseProgrammeFile, serializeProgrammeFile } from '../../src/domain/programmeFile.js';
import { describeOnBothDatabases } from '../support/databases.js';

const FILE = `
programme: { name: Leesplan Oost, organisation: Regio Oost }
libraries:
  - { code: AP, name: Bibliotheek Appelveen }
  - { code: BR, name: Bibliotheek Brakel }
projects:
  - slug: ehealth
    name: eHealth
    status: running
    partners: [AP, BR]
    updates:
      - { at: 2017-05-30, status: running, note: Eerste meting gedan, author: Regio Oost }
      - { at: 2017-04-01, note: Gestart }
  - { slug: leesclub, name: Leesclub, status: idea, partners: all }
phases:
  - { id: reactie, title: Reactie op het plan, start: 2017-09-15, end: 2017-09-29, kind: feedback }
`;

function parse(text: string) {
  const parsed = parseProgrammeFile(text);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.programme;
}

describeOnBothDatabases('correcting the programme: update ids, check, rename', (database) => {
  const db = () => database().handle.db;
  const exported = async () => serializeProgrammeFile((await loadProgramme(db()))!);

  it('export writes a stable id for every update, and importing the export changes nothing', async () => {
    await importProgramme(db(), parse(FILE), { now: new Date() });
    const text = await exported();
    expect(text.match(/id: u[0-9a-f]{10}/g)).toHaveLength(2);
    expect(diffHasChanges(await importProgramme(db(), parse(text), { prune: true, now: new Date() }))).toBe(
      false,
    );
    expect(await exported()).toBe(text);
  });

  it('a corrected note in the export changes that update instead of adding a second one', async () => {
    const text = await exported();
    const diff = await importProgramme(
      db(),
      parse(text.replace('Eerste meting gedan', 'Eerste meting gedaan')),
      { now: new Date() },
    );
    expect(diff.updates.changed.map((entry) => entry.fields)).toEqual([['note']]);
    expect(diff.updates.added).toEqual([]);
    const updates = (await loadProgramme(db()))!.projects.find((p) => p.slug === 'ehealth')!.updates;
    expect(updates.map((update) => update.note)).toEqual(['Eerste meting gedaan', 'Gestart']);
  });

  it('a check shows what an import would do and writes nothing', async () => {
    const before = await exported();
    const version = await readProgrammeVersion(db());
    const edited = parse(before.replace('status: idea', 'status: running').replace('Gestart', 'Begonnen'));
    const diff = await checkImport(db(), edited, { prune: true });
    expect(diff.projects.changed).toEqual([
      { key: 'leesclub', label: 'leesclub (Leesclub)', fields: ['status'] },
    ]);
    expect(diff.updates.changed.map((entry) => entry.fields)).toEqual([['note']]);
    expect(await exported()).toBe(before);
    expect(await readProgrammeVersion(db())).toBe(version);
    // And the import then does what the check said.
    expect(await importProgramme(db(), edited, { prune: true, now: new Date() })).toEqual(diff);
  });

  it('with prune, updates the file no longer lists are removed, also those made in Slack', async () => {
    await addProjectUpdate(
      db(),
      {
        slug: 'ehealth',
        status: 'running',
        note: 'Tweede meting gepland',
        nextMilestone: null,
        author: 'U0SOMEONE',
      },
      new Date(),
    );
    const text = await exported();
    const withoutOne = text.replace(
      /\n\s+- id: \w+\n\s+at: [^\n]+\n\s+status: running\n\s+note: Tweede meting gepland\n\s+author: U0SOMEONE/,
      '',
    );
    expect(withoutOne).not.toBe(text);
    const kept = await importProgramme(db(), parse(withoutOne), { now: new Date() });
    // Without prune it is only reported, and stays.
    expect(kept.updates.removed.map((entry) => entry.label)).toEqual([
      expect.stringMatching(/^ehealth \d{4}-\d{2}-\d{2}: Tweede meting gepland$/),
    ]);
    expect((await loadProgramme(db()))!.projects[0]!.updates).toHaveLength(3);
    await importProgramme(db(), parse(withoutOne), { prune: true, now: new Date() });
    const notes = (await loadProgramme(db()))!.projects
      .find((p) => p.slug === 'ehealth')!
      .updates.map((u) => u.note);
    expect(notes).toEqual(['Eerste meting gedaan', 'Begonnen']);
  });

  it('renaming a slug keeps the history, partners, linked channel and feedback priorities', async () => {
    await linkProjectChannel(db(), 'ehealth', 'C0HEALTH');
    await addFeedback(
      db(),
      {
        phaseId: 'reactie',
        libraryCode: 'AP',
        userId: 'U0READER',
        judgement: 'agree',
        remarks: '',
        priorities: ['leesclub', 'ehealth'],
        mayContact: false,
        late: false,
      },
      new Date(),
    );
    // Without the rename, the file's new slug would be a second project: the check says so.
    const renamedFile = parse((await exported()).replace('slug: ehealth', 'slug: e-health'));
    expect((await checkImport(db(), renamedFile)).likelyRenames).toEqual([
      { from: 'ehealth', to: 'e-health', name: 'eHealth' },
    ]);

    expect(await renameProject(db(), 'ehealth', 'e-health', new Date())).toEqual({ kind: 'renamed' });
    const project = (await loadProgramme(db()))!.projects.find((p) => p.slug === 'e-health')!;
    expect(project.updates.map((update) => update.note)).toEqual(['Eerste meting gedaan', 'Begonnen']);
    expect(project.partners.map((partner) => partner.libraryCode)).toEqual(['AP', 'BR']);
    const [row] = await db().select().from(projects).where(eq(projects.slug, 'e-health'));
    expect(row?.linkedChannelId).toBe('C0HEALTH');
    expect((await latestFeedback(db(), 'reactie'))[0]?.priorities).toEqual(['leesclub', 'e-health']);
    // The file with the new slug now finds the same project: nothing to add, nothing to remove.
    expect(diffHasChanges(await checkImport(db(), renamedFile, { prune: true }))).toBe(false);
  });

  it('a rename to a taken or malformed slug, or of an unknown project, changes nothing', async () => {
    expect(await renameProject(db(), 'e-health', 'leesclub', new Date())).toEqual({ kind: 'slugTaken' });
    expect(await renameProject(db(), 'e-health', 'E Health', new Date())).toEqual({ kind: 'invalidSlug' });
    expect(await renameProject(db(), 'ehealth', 'gezondheid', new Date())).toEqual({
      kind: 'unknownProject',
    });
    expect((await loadProgramme(db()))!.projects.map((p) => p.slug)).toEqual(['e-health', 'leesclub']);
  });
});
