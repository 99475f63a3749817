import type { Database } from '../db/client.js';
import { markIdeaTurnedIntoProject } from '../db/ideaRepository.js';
import { recordProgrammeChange, summarizeDiff } from '../db/programmeChangeLog.js';
import {
  importProgrammeIn,
  loadProgramme,
  lockProgramme,
  readProgrammeVersion,
} from '../db/programmeRepository.js';
import type { ProgrammeChangeSource } from '../db/schema.js';
import { type Actor, decide, type Refusal } from '../domain/permissions.js';
import type { Programme } from '../domain/programme.js';
import { diffHasChanges, type ProgrammeDiff } from '../domain/programmeDiff.js';
import {
  applyEdit,
  changedSinceOpened,
  type EditedEntity,
  editsExisting,
  editTarget,
  entryFields,
  type ProgrammeEdit,
} from '../domain/programmeEdits.js';
import { checkProgramme, type ProgrammeProblem } from '../domain/programmeFile.js';
import type { ProgrammeFileWording } from '../domain/programmeFileWording.js';

/** What the change needs of Koers: the database, the clock, and who the user is. */
export interface ChangeContext {
  db: Database;
  now(): Date;
  actorFor(userId: string): Promise<Actor>;
}

export interface ProgrammeChangeRequest {
  /** A Slack user id, or `cli:<name>` for the command line. */
  userId: string;
  source: ProgrammeChangeSource;
  edit: ProgrammeEdit;
  /**
   * For an edit of an existing entry: its fields' fingerprints when the modal was opened
   * (`entryFields`). A save is refused when the entry changed since.
   */
  opened?: Record<string, string>;
  /** The words of the file's rules, in the user's language. */
  wording?: ProgrammeFileWording;
  /** For a project made from a proposed idea: that idea, marked as turned into the project. */
  fromIdea?: number;
  /**
   * For a change previewed first (a file sent to Koers): the programme's version it was previewed
   * against. When the programme moved on since, nothing is written (`changedSince`).
   */
  previewedVersion?: number | null;
  /** Aborted when the caller stops waiting: the transaction then rolls back instead of committing. */
  signal?: AbortSignal;
}

export type ProgrammeChangeOutcome =
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'noProgramme' }
  /** The entry to change is no longer there (removed since the modal opened). */
  | { kind: 'gone' }
  /** An entry with that key exists already. */
  | { kind: 'exists' }
  /** Someone else changed the entry since it was opened: these fields, now as in `programme`. */
  | { kind: 'conflict'; fields: string[]; programme: Programme }
  /**
   * The file's rules refuse the result: `fields` holds the problems of the edited entry by its key in
   * the file (`end`, `partners` …), `other` those of other entries (a removed library still in use).
   */
  | { kind: 'invalid'; fields: Record<string, string>; other: string[] }
  /** The idea the project was to be made from is no longer waiting for a decision. */
  | { kind: 'ideaDecided' }
  /** The programme changed since the change was previewed: nothing written. */
  | { kind: 'changedSince' }
  | { kind: 'changed'; diff: ProgrammeDiff; programme: Programme };

/**
 * The one path by which the programme changes, from a modal, a file or the CLI: the edit is applied to
 * the stored programme, the result checked by the programme file's rules and written by its import, and
 * the change recorded with who made it and from where, all in one transaction. Admins only.
 */
export async function changeProgramme(
  context: ChangeContext,
  request: ProgrammeChangeRequest,
): Promise<ProgrammeChangeOutcome> {
  const decision = decide(await context.actorFor(request.userId), { kind: 'changeProgramme' });
  if (!decision.allowed) return { kind: 'refused', refusal: decision.refusal };
  const now = context.now();
  try {
    return await writeChange(context, request, now);
  } catch (error) {
    if (error instanceof IdeaDecidedMeanwhile) return { kind: 'ideaDecided' };
    throw error;
  }
}

class IdeaDecidedMeanwhile extends Error {}

async function writeChange(
  context: ChangeContext,
  request: ProgrammeChangeRequest,
  now: Date,
): Promise<ProgrammeChangeOutcome> {
  return context.db.transaction(async (tx) => {
    await lockProgramme(tx);
    if (
      request.previewedVersion !== undefined &&
      (await readProgrammeVersion(tx)) !== request.previewedVersion
    )
      return { kind: 'changedSince' };
    const current = await loadProgramme(tx);
    const { edit } = request;
    if (!current && edit.kind !== 'replace') return { kind: 'noProgramme' };
    const target = editTarget(edit);
    if (current && target && editsExisting(edit) && request.opened) {
      const changed = changedSinceOpened(request.opened, entryFields(current, target.entity, target.key));
      if (changed.length > 0) return { kind: 'conflict', fields: changed, programme: current };
    }
    const applied = current
      ? applyEdit(current, edit)
      : { ok: true as const, programme: (edit as { programme: Programme }).programme };
    if (!applied.ok) return { kind: applied.problem === 'unknown' ? 'gone' : 'exists' };

    const checked = checkProgramme(applied.programme, request.wording);
    if (!checked.ok) return invalid(checked.problems, applied.programme, target);

    const prune = edit.kind === 'replace' ? edit.prune : true;
    const diff = await importProgrammeIn(tx, checked.programme, { prune, now, current });
    if (request.fromIdea !== undefined && edit.kind === 'project.add') {
      const marked = await markIdeaTurnedIntoProject(tx, request.fromIdea, edit.slug, request.userId, now);
      // Rolled back: the idea was decided meanwhile (another admin), so no second project is made of it.
      if (!marked) throw new IdeaDecidedMeanwhile();
    }
    if (diffHasChanges(diff)) {
      await recordProgrammeChange(tx, {
        at: now,
        actor: request.userId,
        source: request.source,
        edit: edit.kind,
        summary: summarizeDiff(diff),
      });
    }
    // The caller told its user the save failed: nothing may be committed after that.
    if (request.signal?.aborted)
      throw new Error('the programme change was given up: the caller stopped waiting');
    return { kind: 'changed', diff, programme: checked.programme };
  });
}

const LISTS: Record<EditedEntity, 'phases' | 'projects' | 'libraries'> = {
  phase: 'phases',
  project: 'projects',
  library: 'libraries',
};
const KEYS: Record<EditedEntity, string> = { phase: 'id', project: 'slug', library: 'code' };

/** The file's problems sorted: those of the edited entry under its fields, the rest named apart. */
function invalid(
  problems: ProgrammeProblem[],
  programme: Programme,
  target: { entity: EditedEntity; key: string } | null,
): ProgrammeChangeOutcome {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  const list = target ? LISTS[target.entity] : null;
  const index =
    target && list
      ? (programme[list] as unknown as Record<string, unknown>[]).findIndex(
          (entry) => entry[KEYS[target.entity]] === target.key,
        )
      : -1;
  for (const problem of problems) {
    const [inList, at, field] = problem.path;
    if (list && inList === list && at === index) {
      const key = typeof field === 'string' ? field : '';
      fields[key] ??= problem.message;
    } else {
      other.push(`${problem.path.join('.')}: ${problem.message}`);
    }
  }
  return { kind: 'invalid', fields, other };
}
