import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from './client.js';
import { importProgramme } from './programmeRepository.js';

/** A programme file that ships with Koers, in programme/. */
export function shippedProgrammeFile(name: string): string {
  return fileURLToPath(new URL(`../../programme/${name}`, import.meta.url));
}

/** The programme a new embedded database starts with, so a new user sees real answers at once. */
export const EXAMPLE_PROGRAMME_FILE = shippedProgrammeFile('example.yml');

/**
 * The YAML reader loads only here: a start that needs no example does not pay for it. `file` is another
 * shipped programme (the playground's second workspace).
 */
export async function importExampleProgramme(
  db: Database,
  now: Date,
  options: { prune?: boolean; file?: string } = {},
): Promise<void> {
  const { file = EXAMPLE_PROGRAMME_FILE, ...importOptions } = options;
  const { parseProgrammeFile } = await import('../domain/programmeFile.js');
  const parsed = parseProgrammeFile(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(`The shipped programme ${file} is invalid:\n${parsed.errors.join('\n')}`);
  await importProgramme(db, parsed.programme, { ...importOptions, now });
}
