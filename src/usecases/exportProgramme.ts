import { loadProgramme } from '../db/programmeRepository.js';
import { decide, type Refusal } from '../domain/permissions.js';
import { serializeProgrammeFile } from '../domain/programmeFile.js';
import { dayInZone } from '../domain/timeline.js';
import type { UseCaseContext } from './context.js';

export type ProgrammeExportOutcome =
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'noProgramme' }
  /** The programme file, as `koers export` writes it: edit it and send it back to Koers to import. */
  | { kind: 'ready'; fileName: string; text: string; programmeName: string };

/** `/project export programme` (`exporteer programma`), admins only: the whole programme as its file. */
export async function exportProgramme(
  context: UseCaseContext,
  request: { userId: string },
): Promise<ProgrammeExportOutcome> {
  const decision = decide(await context.actorFor(request.userId), { kind: 'exportProgramme' });
  if (!decision.allowed) return { kind: 'refused', refusal: decision.refusal };
  // Read whole, every update included: the store's copy keeps only the newest updates per project,
  // and a file sent back with fewer would lose none (import never removes updates) but mislead.
  const programme = await loadProgramme(context.db);
  if (!programme) return { kind: 'noProgramme' };
  const day = dayInZone(context.now(), programme.info.timezone);
  return {
    kind: 'ready',
    fileName: `programma-${day}.yml`,
    text: serializeProgrammeFile(programme),
    programmeName: programme.info.name,
  };
}
