import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from './client.js';
import { importProgramme } from './programmeRepository.js';

/** The programme a new embedded database starts with, so a new user sees real answers at once. */
export const EXAMPLE_PROGRAMME_FILE = fileURLToPath(new URL('../../programme/example.yml', import.meta.url));

/** The YAML reader loads only here: a start that needs no example does not pay for it. */
export async function importExampleProgramme(
  db: Database,
  now: Date,
  options: { prune?: boolean } = {},
): Promise<void> {
  const { parseProgrammeFile } = await import('../domain/programmeFile.js');
  const parsed = parseProgrammeFile(readFileSync(EXAMPLE_PROGRAMME_FILE, 'utf8'));
  if (!parsed.ok) throw new Error(`The shipped example programme is invalid:\n${parsed.errors.join('\n')}`);
  await importProgramme(db, parsed.programme, { ...options, now });
}
