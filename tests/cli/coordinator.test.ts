import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportedProgrammeInProcess, runCliInProcess } from '../support/cliInProcess.js';
import { postgresAvailable } from '../support/databases.js';
import {
  createEmptyDatabase,
  type EmptyDatabase,
  EXAMPLE_FILE,
  environment,
  spawnCli,
  temporaryFolder,
} from '../support/processes.js';

/*
 * The programme coordinator's side of the CLI, as they would type it: checking an import before
 * making it, correcting an update, renaming a slug, and files that are not what they claim to be.
 */

const NO_STACK_TRACE = /^\s+at /m;

function replaceOnce(text: string, from: string, to: string): string {
  if (text.split(from).length !== 2) throw new Error(`"${from}" is not in the text exactly once`);
  return text.replace(from, to);
}

/** The bytes an older Windows editor writes for this text (Windows-1252; only é and – beyond ASCII here). */
function asWindows1252(text: string): Buffer {
  const table: Record<string, number> = { é: 0xe9, '–': 0x96 };
  return Buffer.from(Array.from(text, (char) => table[char] ?? char.charCodeAt(0) & 0xff));
}

/** Runs the CLI with its standard output read only until the first chunk, as `| head -1` does. */
function runIntoClosedPipe(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawnCli(args, env);
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout?.once('data', () => child.stdout?.destroy());
    child.once('close', (code) => resolve({ code, stderr }));
  });
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !postgresAvailable)(
    `the coordinator corrects the programme with the CLI [${kind}]`,
    { timeout: 180_000 },
    () => {
      let database: EmptyDatabase;
      let env: Record<string, string>;
      const files = temporaryFolder('koers-coordinator-');
      const file = (name: string, content: string | Buffer) => {
        const path = join(files.path, name);
        writeFileSync(path, content);
        return path;
      };
      const exported = () => exportedProgrammeInProcess(env);

      beforeAll(async () => {
        database = await createEmptyDatabase(kind);
        env = environment(database.env);
        const imported = await runCliInProcess(['import', EXAMPLE_FILE], env);
        expect(imported.code, imported.stderr).toBe(0);
        // A new data folder and a first import: slow on a loaded machine, beyond the default minute.
      }, 180_000);
      afterAll(async () => {
        files.remove();
        await database?.dispose();
      });

      it('an import is recorded in the change history as the command line’s, with who ran it; --check is not', async () => {
        const before = await runCliInProcess(['changes'], env);
        expect(before.code, before.stderr).toBe(0);
        expect(before.stdout).toContain('opdrachtregel');
        const entries = before.stdout.split('\n').filter((line) => line.includes(' · '));
        const edited = replaceOnce(await exported(), 'name: Werkplek 21e eeuw', 'name: Werkplek 21e eeuw!');
        const path = file('recorded.yml', edited);
        expect((await runCliInProcess(['import', path, '--check'], env)).code).toBe(0);
        expect((await runCliInProcess(['changes'], env)).stdout).toBe(before.stdout);

        const imported = await runCliInProcess(['import', path], { ...env, USER: 'coordinator' });
        expect(imported.code, imported.stderr).toBe(0);
        const after = await runCliInProcess(['changes', '--lang', 'en'], env);
        const [newest] = after.stdout.split('\n').filter((line) => line.includes(' · '));
        expect(newest).toMatch(/ · coordinator · command line$/);
        expect(after.stdout).toContain('~ projects: werkplek-21e-eeuw (Werkplek 21e eeuw!) (name) (changed)');
        expect(after.stdout.split('\n').filter((line) => line.includes(' · '))).toHaveLength(
          entries.length + 1,
        );

        // Back as it was, for the tests that follow (that too is a change, and recorded).
        expect(
          (
            await runCliInProcess(
              ['import', file('back.yml', replaceOnce(edited, 'Werkplek 21e eeuw!', 'Werkplek 21e eeuw'))],
              env,
            )
          ).code,
        ).toBe(0);
      });

      it('import --check names what would change, with the fields, and writes nothing', async () => {
        const before = await exported();
        let edited = replaceOnce(before, 'name: Werkplek 21e eeuw', 'name: Werkplek van de 21e eeuw');
        edited = replaceOnce(edited, '  - slug: ehealth\n', '  - slug: e-health\n');
        const path = file('edited.yml', edited);

        const check = await runCliInProcess(['import', path, '--check'], env);
        expect(check.code, check.stderr).toBe(0);
        expect(check.stdout).toContain(`${path}: controle; er is niets geschreven. Inladen zou:`);
        expect(check.stdout).toMatch(/~ werkplek-21e-eeuw \(Werkplek van de 21e eeuw\) \(gewijzigd: name\)/);
        expect(check.stdout).toContain('+ e-health (eHealth) (toegevoegd)');
        expect(check.stdout).toContain('- ehealth (eHealth) (niet in het bestand (blijft staan');
        expect(check.stdout).toContain('"e-health" lijkt een nieuwe naam voor "ehealth"');
        expect(check.stdout).toContain('rename-project ehealth e-health');

        const pruneCheck = await runCliInProcess(['import', path, '--check', '--prune', '--lang', 'en'], env);
        expect(pruneCheck.code, pruneCheck.stderr).toBe(0);
        expect(pruneCheck.stdout).toContain('- ehealth (eHealth) (removed)');
        expect(pruneCheck.stdout).toContain('"e-health" looks like a rename of "ehealth"');

        expect(await exported()).toBe(before);
      });

      it('rename-project keeps the project; the file with the new slug then finds it', async () => {
        const renamed = await runCliInProcess(['rename-project', 'ehealth', 'e-health'], env);
        expect(renamed.code, renamed.stderr).toBe(0);
        expect(renamed.stdout).toContain('Project ehealth heet nu e-health');
        const status = await runCliInProcess(['status', 'e-health'], env);
        expect(status.stdout).toContain('eHealth');

        const edited = replaceOnce(
          await exported(),
          'name: Werkplek 21e eeuw',
          'name: Werkplek van de 21e eeuw',
        );
        const check = await runCliInProcess(
          ['import', file('renamed.yml', edited), '--check', '--prune'],
          env,
        );
        expect(check.stdout).toContain('projecten: 0 toegevoegd, 1 gewijzigd, 0 verwijderd');
        expect(check.stdout).not.toContain('lijkt een nieuwe naam');

        const taken = await runCliInProcess(['rename-project', 'e-health', 'effectmeting'], env);
        expect(taken.code).toBe(1);
        expect(taken.stderr).toContain('Er is al een project met slug "effectmeting"');
      });

      it('a corrected update note, exported and imported again, changes that update', async () => {
        const text = await exported();
        const match = /- id: u[0-9a-f]+\n\s+at: [^\n]+\n(?:\s+status: \w+\n)?\s+note: [^\n]+/.exec(text);
        expect(match).not.toBeNull();
        const [entry = ''] = match ?? [];
        const corrected = replaceOnce(text, entry, `${entry} (gecorrigeerd)`);
        const imported = await runCliInProcess(['import', file('corrected.yml', corrected)], env);
        expect(imported.code, imported.stderr).toBe(0);
        expect(imported.stdout).toContain('updates: 0 toegevoegd, 1 gewijzigd');
        expect(imported.stdout).toContain('(gewijzigd: note)');
        const after = await exported();
        expect(after).toContain(`${entry} (gecorrigeerd)`);
        expect(after.match(/- id: u/g)).toHaveLength(text.match(/- id: u/g)?.length ?? -1);
      });

      it('a Windows-1252, UTF-16 or Word file is refused, saying what it is; nothing changes', async () => {
        const before = await exported();
        const ansi = `${before}# Zeist – Doorn, café\n`;
        const line = ansi.split('\n').length - 1;
        const cases: [name: string, bytes: Buffer, message: string][] = [
          [
            'ansi.yml',
            asWindows1252(ansi),
            `Dit bestand is Windows-1252 ("ANSI"), geen UTF-8: "–" op regel ${line}.`,
          ],
          [
            'unicode.yml',
            Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(before, 'utf16le')]),
            'UTF-16',
          ],
          [
            'plan.yml',
            Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(2000, 1)]),
            'Word- of zip-bestand',
          ],
        ];
        for (const [name, bytes, message] of cases) {
          const path = file(name, bytes);
          const result = await runCliInProcess(['import', path], env);
          expect(result.code, name).toBe(1);
          expect(result.stderr).toContain(`${path} is niet ingeladen; er is niets veranderd`);
          expect(result.stderr).toContain(message);
          expect(result.stderr).toContain('Sla het op als UTF-8-tekst (YAML)');
          expect(result.stderr).not.toMatch(NO_STACK_TRACE);
        }
        const english = await runCliInProcess(['import', join(files.path, 'ansi.yml'), '--lang', 'en'], env);
        expect(english.stderr).toContain(
          `This file is Windows-1252 ("ANSI"), not UTF-8: "–" at line ${line}.`,
        );
        expect(await exported()).toBe(before);
      });

      it('forget user refuses what is not a Slack user id, before touching anything', async () => {
        const result = await runCliInProcess(['forget', 'user', 'alice'], env);
        expect(result.code).toBe(2);
        expect(result.stderr).toContain('"alice" is geen Slack-gebruikers-id');
        const forgotten = await runCliInProcess(['forget', 'user', 'U0NOBODY'], env);
        expect(forgotten.code, forgotten.stderr).toBe(0);
        expect(forgotten.stdout).toContain('Gebruiker U0NOBODY vergeten:');
        expect(forgotten.stdout).toContain('feedbackantwoorden gewist: 0');
      });

      it('reminders run --dry-run needs no Slack token', async () => {
        expect(Object.keys(env).filter((name) => name.startsWith('SLACK_'))).toEqual([]);
        const result = await runCliInProcess(
          ['reminders', 'run', '--at', '2017-06-01T07:00:00Z', '--dry-run'],
          env,
        );
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toContain('0 zou versturen, 0 overgeslagen, 0 mislukt');
      });

      it('a pipe closed early (| head) ends the CLI quietly', async () => {
        // Long enough that the pipe's buffer (64 KiB) fills: the rest is written after the reader went.
        const extra = Array.from(
          { length: 40 },
          (_, i) =>
            `  - { slug: extra-${i}, name: Extra ${i}, status: idea, partners: all, description: "${'lang verhaal '.repeat(200)}" }\n`,
        ).join('');
        const big = replaceOnce(await exported(), '\nprojects:\n', `\nprojects:\n${extra}`);
        const imported = await runCliInProcess(['import', file('big.yml', big)], env);
        expect(imported.code, imported.stderr).toBe(0);
        const result = await runIntoClosedPipe(['export', '-'], env);
        expect(result.stderr).not.toContain('EPIPE');
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
      });
    },
  );
}
