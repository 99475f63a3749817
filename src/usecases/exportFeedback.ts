import type { Database } from '../db/client.js';
import { feedbackForExport } from '../db/feedbackRepository.js';
import { exportUserIds, type FeedbackExportRow, feedbackExportRows } from '../domain/feedbackExport.js';
import { phaseToExport } from '../domain/feedbackForm.js';
import { decide, type Refusal } from '../domain/permissions.js';
import { libraryNames, type Phase, type Programme } from '../domain/programme.js';
import { foldCaseAndAccents } from '../domain/text.js';
import type { UseCaseContext } from './context.js';

/** What may follow `/project export`: for now only feedback can be exported. */
const FEEDBACK_WORDS = new Set(['feedback', 'terugkoppeling']);
/** A last word asking for a file format; without one the admin gets a workbook. */
const FILE_FORMAT_WORDS: Record<string, FeedbackFileFormat> = { csv: 'csv', xlsx: 'xlsx', excel: 'xlsx' };

export type FeedbackFileFormat = 'csv' | 'xlsx';

export interface FeedbackExportRequest {
  userId: string;
  /** What follows `/project export`, as typed: `feedback [PHASE] [csv|xlsx|excel]`. */
  args: string;
}

export type FeedbackExportOutcome =
  | { kind: 'refused'; refusal: Refusal }
  /** Not `feedback …`: the usage. */
  | { kind: 'usage' }
  | { kind: 'noProgramme' }
  | { kind: 'noFeedbackPhases' }
  /** No phase named and several ask for feedback: the ones to choose from. */
  | { kind: 'choose'; phases: Phase[] }
  | { kind: 'unknownPhase'; query: string; phases: Phase[] }
  | { kind: 'nothingYet'; phase: Phase }
  /**
   * The feedback that counts, as rows, to be sent as a file of `fileFormat`. The rows' `user_name` is
   * still empty: asking Slack for the names of `userIds` takes longer than the answer may wait, so the
   * caller does it with the file (`withUserNames`).
   */
  | {
      kind: 'ready';
      programme: Programme;
      phase: Phase;
      rows: FeedbackExportRow[];
      userIds: string[];
      fileFormat: FeedbackFileFormat;
      count: number;
    };

/**
 * `/project export feedback PHASE [csv]`, admins only: the feedback of a phase (the one named, or the
 * only feedback phase there is), ready to be made into a workbook (the default) or a CSV.
 */
export async function exportFeedback(
  context: UseCaseContext,
  request: FeedbackExportRequest,
): Promise<FeedbackExportOutcome> {
  const decision = decide(await context.actorFor(request.userId), { kind: 'exportFeedback' });
  if (!decision.allowed) return { kind: 'refused', refusal: decision.refusal };

  const [what, ...rest] = request.args.split(/\s+/).filter(Boolean);
  if (what === undefined || !FEEDBACK_WORDS.has(foldCaseAndAccents(what))) return { kind: 'usage' };
  const asked = rest.length > 0 ? FILE_FORMAT_WORDS[rest.at(-1)!.toLowerCase()] : undefined;
  const fileFormat: FeedbackFileFormat = asked ?? 'xlsx';
  const query = (asked ? rest.slice(0, -1) : rest).join(' ');

  const programme = await context.programmes.current();
  if (!programme) return { kind: 'noProgramme' };
  const found = await feedbackRowsOf(context.db, programme, query);
  if (found.kind !== 'rows') return found;
  const { phase, rows } = found;
  if (rows.length === 0) return { kind: 'nothingYet', phase };
  return {
    kind: 'ready',
    programme,
    phase,
    rows,
    userIds: exportUserIds(rows),
    fileFormat,
    count: rows.length,
  };
}

/**
 * The feedback that counts on the phase `query` names (or the only feedback phase there is), one row
 * per answer with its library's name: the same rows for Slack's file and `koers export-feedback`.
 */
export async function feedbackRowsOf(
  db: Database,
  programme: Programme,
  query: string,
): Promise<
  | Extract<FeedbackExportOutcome, { kind: 'noFeedbackPhases' | 'choose' | 'unknownPhase' }>
  | { kind: 'rows'; phase: Phase; rows: FeedbackExportRow[] }
> {
  const choice = phaseToExport(programme, query);
  if (choice.kind === 'noFeedbackPhases') return { kind: 'noFeedbackPhases' };
  if (choice.kind === 'choose') return { kind: 'choose', phases: choice.phases };
  if (choice.kind === 'unknown') return { kind: 'unknownPhase', query, phases: choice.phases };
  const submissions = await feedbackForExport(db, choice.phase.id);
  return {
    kind: 'rows',
    phase: choice.phase,
    rows: feedbackExportRows(submissions, libraryNames(programme)),
  };
}
