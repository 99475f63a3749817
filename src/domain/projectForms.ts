import { z } from 'zod';
import { userText, withoutControlCharacters } from './forms.js';
import { PROJECT_STATUSES, type ProjectStatus } from './programme.js';

/*
 * The rules of the project update and idea forms, apart from Slack: the raw answers as read from a
 * modal go in, the values to store or the refused fields (each with why) come out.
 */

export const MAX_UPDATE_NOTE = 3_000;
export const MAX_IDEA_TITLE = 150;
export const MAX_IDEA_DESCRIPTION = 3_000;
export const MAX_IDEA_THEME = 150;

/** The update form's fields; in Slack each is the block_id of its input block. */
export const PROJECT_UPDATE_FIELDS = ['status', 'note', 'milestone'] as const;
export type ProjectUpdateField = (typeof PROJECT_UPDATE_FIELDS)[number];
export type ProjectUpdateFieldError =
  | 'statusRequired'
  | 'noteRequired'
  | 'noteTooLong'
  | 'milestoneInvalid'
  | 'milestoneOutOfRange'
  | 'milestonePast';

export const rawProjectUpdateSchema = z.object({
  status: z.string().nullable(),
  note: userText.nullable(),
  milestone: z.string().nullable(),
});
export type RawProjectUpdate = z.infer<typeof rawProjectUpdateSchema>;

export interface ProjectUpdateValues {
  status: ProjectStatus;
  note: string;
  nextMilestone: string | null;
}

export type FormResult<V, F extends string, E extends string> =
  | { ok: true; values: V }
  | { ok: false; errors: Partial<Record<F, E>> };

/** `today` is the day in the programme's time zone, by Koers's clock: the next milestone cannot lie before it. */
export function validateProjectUpdate(
  raw: RawProjectUpdate,
  today: string,
): FormResult<ProjectUpdateValues, ProjectUpdateField, ProjectUpdateFieldError> {
  const errors: Partial<Record<ProjectUpdateField, ProjectUpdateFieldError>> = {};
  const status = PROJECT_STATUSES.find((candidate) => candidate === raw.status);
  if (!status) errors.status = 'statusRequired';

  const note = withoutControlCharacters(raw.note ?? '').trim();
  if (!note) errors.note = 'noteRequired';
  else if (note.length > MAX_UPDATE_NOTE) errors.note = 'noteTooLong';

  const milestone = raw.milestone?.trim() || null;
  if (milestone !== null && !isCalendarDay(milestone)) errors.milestone = 'milestoneInvalid';
  else if (milestone !== null && milestone < today) errors.milestone = 'milestonePast';
  else if (milestone !== null && !isWithinMilestoneWindow(milestone, today))
    errors.milestone = 'milestoneOutOfRange';

  if (!status || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, values: { status, note, nextMilestone: milestone } };
}

/** A real day written as YYYY-MM-DD, as Slack's datepicker sends it (not 2017-02-30). */
export function isCalendarDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1900 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

/** How far from today a milestone may lie: a programme runs a few years, and 1900 or 9999 is a slip. */
export const MILESTONE_WINDOW_YEARS = 10;

/** Whether `day` lies within MILESTONE_WINDOW_YEARS of `today`, either way (both YYYY-MM-DD). */
export function isWithinMilestoneWindow(day: string, today: string): boolean {
  const year = Number(today.slice(0, 4));
  const shifted = (years: number) => `${String(year + years).padStart(4, '0')}${today.slice(4)}`;
  // ISO days compare as text.
  return day >= shifted(-MILESTONE_WINDOW_YEARS) && day <= shifted(MILESTONE_WINDOW_YEARS);
}

/** The idea form's fields; in Slack each is the block_id of its input block. */
export const IDEA_FIELDS = ['title', 'description', 'theme', 'libraries'] as const;
export type IdeaField = (typeof IDEA_FIELDS)[number];
export type IdeaFieldError =
  | 'titleRequired'
  | 'titleTooLong'
  | 'descriptionRequired'
  | 'descriptionTooLong'
  | 'themeTooLong'
  | 'librariesUnknown';

export const rawIdeaSchema = z.object({
  title: userText.nullable(),
  description: userText.nullable(),
  theme: userText.nullable(),
  libraries: z.array(z.string()),
});
export type RawIdea = z.infer<typeof rawIdeaSchema>;

export interface IdeaValues {
  title: string;
  description: string;
  theme: string;
  libraryCodes: string[];
}

export function validateIdea(
  raw: RawIdea,
  known: { libraryCodes: ReadonlySet<string> },
): FormResult<IdeaValues, IdeaField, IdeaFieldError> {
  const errors: Partial<Record<IdeaField, IdeaFieldError>> = {};
  const title = withoutControlCharacters(raw.title ?? '').trim();
  if (!title) errors.title = 'titleRequired';
  else if (title.length > MAX_IDEA_TITLE) errors.title = 'titleTooLong';

  const description = withoutControlCharacters(raw.description ?? '').trim();
  if (!description) errors.description = 'descriptionRequired';
  else if (description.length > MAX_IDEA_DESCRIPTION) errors.description = 'descriptionTooLong';

  const theme = withoutControlCharacters(raw.theme ?? '').trim();
  if (theme.length > MAX_IDEA_THEME) errors.theme = 'themeTooLong';

  const libraryCodes = [...new Set(raw.libraries)];
  if (libraryCodes.some((code) => !known.libraryCodes.has(code))) errors.libraries = 'librariesUnknown';

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, values: { title, description, theme, libraryCodes } };
}
