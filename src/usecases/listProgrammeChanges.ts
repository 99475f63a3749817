import type { Database } from '../db/client.js';
import { latestProgrammeChanges, type ProgrammeChangeRecord } from '../db/programmeChangeLog.js';
import { type Actor, decide, type Refusal } from '../domain/permissions.js';

/** How many changes `/project wijzigingen` shows: one section each within a message's 50 blocks. */
export const CHANGES_SHOWN = 20;

export type ProgrammeChangesOutcome =
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'changes'; changes: ProgrammeChangeRecord[] };

/** The latest programme changes, from a modal, a file or the CLI alike: for admins. */
export async function listProgrammeChanges(
  db: Database,
  actor: Actor,
  limit = CHANGES_SHOWN,
): Promise<ProgrammeChangesOutcome> {
  const decision = decide(actor, { kind: 'viewProgrammeChanges' });
  if (!decision.allowed) return { kind: 'refused', refusal: decision.refusal };
  return { kind: 'changes', changes: await latestProgrammeChanges(db, limit) };
}
