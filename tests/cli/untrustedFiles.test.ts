import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../support/cliInProcess.js';
import { EXAMPLE_FILE, environment, runCli, temporaryFolder } from '../support/processes.js';

/*
 * `npm run koers -- import FILE` given what is not a programme file: a device that never ends, a named
 * pipe nobody writes to, a folder, a file far past the cap. Each is refused at once, in the operator's
 * language, without reading it; no database is opened for a file that is refused. A device, a pipe and
 * the 3 GB file are given to the real process, killed after QUICKLY: a CLI that read them would hang or
 * exhaust the test runner itself in-process. The rest runs the same commands in-process (runCliInProcess).
 */

const NO_STACK_TRACE = /^\s+at /m;
/** Well past what a refusal takes; the old code read /dev/zero until the machine ran out of memory. */
const QUICKLY = 60_000;

describe('npm run koers -- import, of what is not a programme file', { timeout: 120_000 }, () => {
  const folder = temporaryFolder('koers-untrusted-');
  const env = environment({ DATA_DIR: join(folder.path, 'data') });
  afterAll(() => folder.remove());

  it('refuses /dev/zero as no regular file, without reading it, in Dutch and in English', async () => {
    const [dutch, english] = await Promise.all([
      runCli(['import', '/dev/zero', '--check'], env, QUICKLY),
      runCli(['import', '/dev/zero', '--check', '--lang', 'en'], env, QUICKLY),
    ]);
    expect(dutch.code).toBe(2);
    expect(dutch.stderr).toContain(
      'Kan /dev/zero niet lezen: dat is geen gewoon bestand maar een apparaat, pipe of socket',
    );
    expect(english.code).toBe(2);
    expect(english.stderr).toContain(
      'Cannot read /dev/zero: that is not a regular file but a device, pipe or socket',
    );
    for (const result of [dutch, english]) expect(result.stderr).not.toMatch(NO_STACK_TRACE);
  });

  it('refuses a named pipe nobody writes to instead of waiting on it forever', async () => {
    const pipe = join(folder.path, 'programma.yml');
    execFileSync('mkfifo', [pipe]);
    const result = await runCli(['import', pipe], env, QUICKLY);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Kan ${pipe} niet lezen: dat is geen gewoon bestand`);
  });

  it('refuses a folder by name', async () => {
    const map = join(folder.path, 'map');
    mkdirSync(map);
    const result = await runCliInProcess(['import', map], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Kan ${map} niet lezen: dat is een map, geen bestand`);
  });

  it('refuses a 3 GB file by its size alone, naming the size and the cap', async () => {
    // Sparse: it takes no room on the disk, and a reader that reads it all gets 3 GB of zeros.
    const huge = join(folder.path, 'huge.yml');
    writeFileSync(huge, '');
    truncateSync(huge, 3 * 1024 * 1024 * 1024);
    const [dutch, english] = await Promise.all([
      runCli(['import', huge, '--check'], env, QUICKLY),
      runCli(['import', huge, '--check', '--lang', 'en'], env, QUICKLY),
    ]);
    expect(dutch.code).toBe(1);
    expect(dutch.stderr).toBe(
      `${huge} is niet ingeladen; er is niets veranderd:\n  - Het bestand is 3.072 MB; een programmabestand is hoogstens 2 MB.\n`,
    );
    expect(english.code).toBe(1);
    expect(english.stderr).toBe(
      `${huge} was not imported; nothing was changed:\n  - The file is 3,072 MB; a programme file is at most 2 MB.\n`,
    );
  });
});

describe('npm run koers -- export and export-feedback --out, onto what is there', {
  timeout: 240_000,
}, () => {
  const folder = temporaryFolder('koers-out-');
  const env = environment({ DATA_DIR: join(folder.path, 'data') });
  beforeAll(async () => {
    const imported = await runCliInProcess(['import', EXAMPLE_FILE], env);
    expect(imported.code, imported.stderr).toBe(0);
  }, 240_000);
  afterAll(() => folder.remove());

  it('keeps an existing file unless --force is given, in Dutch and in English', async () => {
    const csv = join(folder.path, 'feedback.csv');
    const yml = join(folder.path, 'programma.yml');
    writeFileSync(csv, 'mijn eigen werk');
    writeFileSync(yml, 'mijn eigen programma');
    // One after the other: the embedded database takes one CLI at a time.
    const feedback = await runCliInProcess(['export-feedback', '--out', csv], env);
    const programme = await runCliInProcess(['export', yml], env);
    const english = await runCliInProcess(['export-feedback', '--out', csv, '--lang', 'en'], env);
    expect(feedback.code).toBe(2);
    expect(feedback.stderr).toContain(
      `${csv} bestaat al; er is niets geschreven. Kies een andere naam, of overschrijf het met --force.`,
    );
    expect(programme.code).toBe(2);
    expect(programme.stderr).toContain(`${yml} bestaat al`);
    expect(english.stderr).toContain(
      `${csv} already exists; nothing was written. Choose another name, or overwrite it with --force.`,
    );
    expect(readFileSync(csv, 'utf8')).toBe('mijn eigen werk');
    expect(readFileSync(yml, 'utf8')).toBe('mijn eigen programma');

    const forcedFeedback = await runCliInProcess(['export-feedback', '--out', csv, '--force'], env);
    const forcedProgramme = await runCliInProcess(['export', yml, '--force'], env);
    expect(forcedFeedback.code, forcedFeedback.stderr).toBe(0);
    expect(forcedProgramme.code, forcedProgramme.stderr).toBe(0);
    expect(readFileSync(csv, 'utf8')).toContain('library_code');
    expect(readFileSync(yml, 'utf8')).toContain('Effectmeting');
  });

  it('names a folder given as --out as a folder, --force or not, instead of an unexpected error', async () => {
    const map = join(folder.path, 'exports');
    mkdirSync(map);
    const plain = await runCliInProcess(['export-feedback', '--out', map], env);
    const forced = await runCliInProcess(['export-feedback', '--out', map, '--force'], env);
    const english = await runCliInProcess(['export-feedback', '--out', map, '--lang', 'en'], env);
    for (const result of [plain, forced]) {
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `Kan niet schrijven naar ${map}: dat is een map; geef een bestandsnaam`,
      );
      expect(result.stderr).not.toContain('onverwachte fout');
      expect(result.stderr).not.toMatch(NO_STACK_TRACE);
    }
    expect(english.stderr).toContain(`Cannot write to ${map}: that is a folder; give a file name`);
  });
});
