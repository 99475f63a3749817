import { z } from 'zod';
import { FEEDBACK_JUDGEMENTS, type FeedbackJudgement, userText, withoutControlCharacters } from './forms.js';
import { findMatches } from './matching.js';
import { activeProjects, type Phase, type Programme, phaseSpan } from './programme.js';
import { normalizeForMatch } from './text.js';
import { dayInZone } from './timeline.js';

export const MAX_REMARKS = 3_000;
export const MAX_PRIORITIES = 10;

/** Where a feedback phase stands on a given day, in the programme's time zone. */
export type FeedbackWindow = 'open' | 'late' | 'closed';

/**
 * Before and during the phase the form is open; after its last day it is "late" (accepted, marked
 * late) or "closed" (refused), as the phase says. Feedback may come early: the draft may be out before
 * the phase formally starts.
 */
export function feedbackWindow(phase: Phase, timezone: string, now: Date): FeedbackWindow {
  if (dayInZone(now, timezone) <= phaseSpan(phase).last) return 'open';
  return (phase.late ?? 'accept') === 'accept' ? 'late' : 'closed';
}

export function feedbackPhases(programme: Programme): Phase[] {
  return programme.phases.filter((phase) => phase.kind === 'feedback');
}

/** Feedback phases running today: the ones the App Home shows coverage and buttons for. */
export function openFeedbackPhases(programme: Programme, now: Date): Phase[] {
  const today = dayInZone(now, programme.info.timezone);
  return feedbackPhases(programme).filter((phase) => {
    const { first, last } = phaseSpan(phase);
    return first <= today && today <= last;
  });
}

/**
 * The feedback phase a user means: the one named (id or title, forgivingly), else the one running
 * today, else the next one, else the last one that passed. Null when the programme has none.
 */
export function chooseFeedbackPhase(programme: Programme, query: string, now: Date): Phase | null {
  const phases = feedbackPhases(programme);
  if (query.trim()) return feedbackPhaseNamed(phases, query);
  const today = dayInZone(now, programme.info.timezone);
  return (
    phases.find((phase) => phaseSpan(phase).first <= today && today <= phaseSpan(phase).last) ??
    phases.find((phase) => phaseSpan(phase).first > today) ??
    phases.at(-1) ??
    null
  );
}

/** Why a field was refused; the Slack layer words it in the user's language. */
export type FeedbackFieldError =
  | 'libraryRequired'
  | 'libraryUnknown'
  | 'judgementRequired'
  | 'remarksRequired'
  | 'remarksTooLong'
  | 'prioritiesUnknown'
  | 'prioritiesTooMany';

export interface FeedbackValues {
  libraryCode: string;
  judgement: FeedbackJudgement;
  remarks: string;
  priorities: string[];
  mayContact: boolean;
}

/** The raw answers, as read from the form, before any rule is applied. */
export const rawFeedbackSchema = z.object({
  libraryCode: z.string().nullable(),
  judgement: z.string().nullable(),
  remarks: userText.nullable(),
  priorities: z.array(z.string()),
  mayContact: z.boolean(),
});
export type RawFeedback = z.infer<typeof rawFeedbackSchema>;

/**
 * The rules of the feedback form. Remarks are required unless the library simply agrees: "agree with
 * remarks" and "disagree" are only useful to the programme with the why.
 */
export function validateFeedback(
  raw: RawFeedback,
  known: { libraryCodes: ReadonlySet<string>; priorities: ReadonlySet<string> },
):
  | { ok: true; values: FeedbackValues }
  | { ok: false; errors: Partial<Record<FeedbackField, FeedbackFieldError>> } {
  const errors: Partial<Record<FeedbackField, FeedbackFieldError>> = {};
  const libraryCode = raw.libraryCode?.trim() ?? '';
  if (!libraryCode) errors.library = 'libraryRequired';
  else if (!known.libraryCodes.has(libraryCode)) errors.library = 'libraryUnknown';

  const judgement = FEEDBACK_JUDGEMENTS.find((candidate) => candidate === raw.judgement);
  if (!judgement) errors.judgement = 'judgementRequired';

  const remarks = withoutControlCharacters(raw.remarks ?? '').trim();
  if (remarks.length > MAX_REMARKS) errors.remarks = 'remarksTooLong';
  else if (!remarks && judgement && judgement !== 'agree') errors.remarks = 'remarksRequired';

  const priorities = [...new Set(raw.priorities)];
  if (priorities.some((slug) => !known.priorities.has(slug))) errors.priorities = 'prioritiesUnknown';
  else if (priorities.length > MAX_PRIORITIES) errors.priorities = 'prioritiesTooMany';

  if (Object.keys(errors).length > 0 || !judgement) return { ok: false, errors };
  return { ok: true, values: { libraryCode, judgement, remarks, priorities, mayContact: raw.mayContact } };
}

/** The form's fields; in Slack each is the block_id of its input block. */
export const FEEDBACK_FIELDS = ['library', 'judgement', 'remarks', 'priorities', 'contact'] as const;
export type FeedbackField = (typeof FEEDBACK_FIELDS)[number];

/** What can be chosen as a priority: the programme's ideas (its themes for the coming years) and running projects. */
export function priorityChoices(programme: Programme): { slug: string; name: string }[] {
  const rank = { idea: 0, running: 1, paused: 2, completed: 3 } as const;
  const chosen = activeProjects(programme)
    .filter((project) => project.status === 'idea' || project.status === 'running')
    .sort((a, b) => rank[a.status] - rank[b.status]);
  // Two projects of one name (an approved idea titled like a project) are told apart by their slugs.
  const counts = new Map<string, number>();
  for (const project of chosen) {
    const name = normalizeForMatch(project.name);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return chosen.map((project) => ({
    slug: project.slug,
    name:
      (counts.get(normalizeForMatch(project.name)) ?? 0) > 1
        ? `${project.name} (${project.slug})`
        : project.name,
  }));
}

/** The one feedback phase `query` names, by id or title, forgivingly; null when none or several. */
function feedbackPhaseNamed(phases: Phase[], query: string): Phase | null {
  const match = findMatches(phases, query, (phase) => ({ key: phase.id, name: phase.title, aliases: [] }));
  return match.kind === 'one' ? match.item : null;
}

export type ExportPhaseChoice =
  | { kind: 'noFeedbackPhases' }
  /** No phase named, and there are several: the admin must say which. */
  | { kind: 'choose'; phases: Phase[] }
  | { kind: 'unknown'; phases: Phase[] }
  | { kind: 'phase'; phase: Phase };

/**
 * Which feedback phase an export is of, for `/project export feedback` and the CLI's `export-feedback`
 * alike: the one named (id or title, forgivingly), or without a name the only one there is.
 */
export function phaseToExport(programme: Programme, query: string): ExportPhaseChoice {
  const phases = feedbackPhases(programme);
  if (phases.length === 0) return { kind: 'noFeedbackPhases' };
  if (!query.trim())
    return phases.length === 1 ? { kind: 'phase', phase: phases[0]! } : { kind: 'choose', phases };
  const phase = feedbackPhaseNamed(phases, query);
  return phase ? { kind: 'phase', phase } : { kind: 'unknown', phases };
}
