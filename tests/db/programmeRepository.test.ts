import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { importProgramme, loadProgramme } from '../../src/db/programmeRepository.js';
import { ProgrammeStore } from '../../src/db/programmeStore.js';
import type { Programme } from '../../src/domain/programme.js';
import { diffHasChanges, type EntryDiff } from '../../src/domain/programmeDiff.js';
import { parseProgrammeFile, serializeProgrammeFile } from '../../src/domain/programmeFile.js';
import { EXAMPLE_PROGRAMME_FILE } from '../../src/koers.js';
import { describeOnBothDatabases } from '../support/databases.js';

function exampleProgramme(): Programme {
  const parsed = parseProgrammeFile(readFileSync(EXAMPLE_PROGRAMME_FILE, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.programme;
}

function counts(diff: EntryDiff) {
  return { added: diff.added.length, changed: diff.changed.length, removed: diff.removed.length };
}

describeOnBothDatabases('programme import and export', (database) => {
  it('imports the example programme with every library, project and phase', async () => {
    const summary = await importProgramme(database().handle.db, exampleProgramme(), { now: new Date() });
    expect(summary.libraries.added).toHaveLength(7);
    expect(summary.projects.added).toHaveLength(11);
    expect(summary.phases.added).toHaveLength(5);

    const loaded = await loadProgramme(database().handle.db);
    expect(loaded?.info.name).toBe('Meerjaren innovatieprogramma 2018-2020');
    const nbc = loaded?.projects.find((project) => project.name === 'Nieuwe zoekinterface / NBC+');
    expect(nbc?.allLibraries).toBe(true);
    const effect = loaded?.projects.find((project) => project.slug === 'effectmeting');
    expect(effect?.partners.map((partner) => partner.libraryCode).sort()).toEqual(['AVV', 'HGH']);
  });

  it('round-trips: import, export, import again changes nothing', async () => {
    const db = database().handle.db;
    const exported = serializeProgrammeFile((await loadProgramme(db))!);
    const reparsed = parseProgrammeFile(exported);
    expect(reparsed.ok).toBe(true);
    if (!reparsed.ok) return;
    const summary = await importProgramme(db, reparsed.programme, { now: new Date() });
    expect(diffHasChanges(summary)).toBe(false);
    expect(serializeProgrammeFile((await loadProgramme(db))!)).toBe(exported);
  });

  it('upserts a changed project and adds a library without removing anything', async () => {
    const db = database().handle.db;
    const programme = exampleProgramme();
    programme.libraries.push({ code: 'NEW', name: 'Bibliotheek Nieuw', aliases: [] });
    programme.projects[0] = { ...programme.projects[0]!, status: 'paused' };
    programme.projects.pop();

    const summary = await importProgramme(db, programme, { now: new Date() });
    expect(counts(summary.libraries)).toEqual({ added: 1, changed: 0, removed: 0 });
    // Without prune the project the file left out is reported, not removed.
    expect(counts(summary.projects)).toEqual({ added: 0, changed: 1, removed: 1 });
    expect((await loadProgramme(db))?.projects).toHaveLength(11);
  });

  it('with --prune removes what the file no longer lists', async () => {
    const db = database().handle.db;
    const programme = exampleProgramme();
    const dropped = programme.projects.pop()!;
    const summary = await importProgramme(db, programme, { prune: true, now: new Date() });
    // The project left out here, and the library NEW that only the previous import had.
    expect(summary.projects.removed.map((entry) => entry.key)).toEqual([dropped.slug]);
    expect(summary.libraries.removed.map((entry) => entry.key)).toEqual(['NEW']);
    const loaded = await loadProgramme(db);
    expect(loaded?.projects.map((project) => project.slug)).not.toContain(dropped.slug);
    expect(loaded?.libraries.map((library) => library.code)).not.toContain('NEW');
    expect(loaded?.projects).toHaveLength(10);
  });

  it('writes nothing when the import fails halfway', async () => {
    const db = database().handle.db;
    const before = serializeProgrammeFile((await loadProgramme(db))!);
    const programme = exampleProgramme();
    programme.projects.push({ ...programme.projects[0]!, slug: 'nieuw-project', name: 'Nieuw project' });
    // A partner code the database does not know makes the insert fail after earlier rows were written.
    programme.projects.at(-1)!.partners = [{ libraryCode: 'NOPE', role: 'partner' }];
    await expect(importProgramme(db, programme, { now: new Date() })).rejects.toThrow();
    expect(serializeProgrammeFile((await loadProgramme(db))!)).toBe(before);
  });

  it('lets every instance see an import made elsewhere at its next answer', async () => {
    const db = database().handle.db;
    const instanceA = new ProgrammeStore(db);
    const instanceB = new ProgrammeStore(db);
    expect((await instanceA.current())?.projects.find((p) => p.slug === 'effectmeting')?.status).toBe(
      'running',
    );
    const programme = exampleProgramme();
    programme.projects.find((p) => p.slug === 'effectmeting')!.status = 'completed';
    await importProgramme(db, programme, { now: new Date() });
    expect((await instanceA.current())?.projects.find((p) => p.slug === 'effectmeting')?.status).toBe(
      'completed',
    );
    expect((await instanceB.current())?.projects.find((p) => p.slug === 'effectmeting')?.status).toBe(
      'completed',
    );
  });
});
