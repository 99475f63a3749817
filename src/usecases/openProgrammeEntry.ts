import { decide, type Refusal } from '../domain/permissions.js';
import type { Programme } from '../domain/programme.js';
import { type EditedEntity, entryFields } from '../domain/programmeEdits.js';
import type { UseCaseContext } from './context.js';

export type OpenEntryOutcome =
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'noProgramme' }
  | { kind: 'gone' }
  /** `opened`: the entry's fingerprints, which the form carries so a save can tell it changed meanwhile. */
  | { kind: 'open'; programme: Programme; opened: Record<string, string> | null };

/**
 * An admin opens a programme entry's form (or an empty one, `key` null, to add one). Refused for anyone
 * else here as at the save: the form is a courtesy, the save decides again.
 */
export async function openProgrammeEntry(
  context: Pick<UseCaseContext, 'actorFor' | 'programmes'>,
  request: { userId: string; entity: EditedEntity; key: string | null },
): Promise<OpenEntryOutcome> {
  const decision = decide(await context.actorFor(request.userId), { kind: 'changeProgramme' });
  if (!decision.allowed) return { kind: 'refused', refusal: decision.refusal };
  const programme = await context.programmes.current();
  if (!programme) return { kind: 'noProgramme' };
  if (request.key === null) return { kind: 'open', programme, opened: null };
  const opened = entryFields(programme, request.entity, request.key);
  return opened ? { kind: 'open', programme, opened } : { kind: 'gone' };
}
