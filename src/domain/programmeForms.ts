/**
 * The admin's programme modals as the domain reads them: raw inputs (untrusted, possibly missing) into
 * the fields of a ProgrammeEdit, or field errors for what only a form can get wrong (an empty input,
 * reminders not written as days). Every rule the file has (dates, codes, duplicates) is left to the
 * file's checks, run on the edited programme by the use case.
 */
import { PHASE_KINDS, type PhaseKind, PROJECT_STATUSES, type ProjectStatus } from './programme.js';
import type { LibraryFields, PhaseFields, ProjectFields } from './programmeEdits.js';

export type FormFieldError = 'required' | 'remindersShape';

export type FormResult<F, K extends string> =
  | { ok: true; fields: F; key: string | null }
  | { ok: false; errors: Partial<Record<K, FormFieldError>> };

export const PHASE_FORM_FIELDS = [
  'id',
  'title',
  'label',
  'kind',
  'start',
  'end',
  'reminders',
  'description',
] as const;
export type PhaseFormField = (typeof PHASE_FORM_FIELDS)[number];
export const PROJECT_FORM_FIELDS = ['slug', 'name', 'status', 'lead', 'partners', 'description'] as const;
export type ProjectFormField = (typeof PROJECT_FORM_FIELDS)[number];
export const LIBRARY_FORM_FIELDS = ['code', 'name', 'aliases', 'contacts'] as const;
export type LibraryFormField = (typeof LIBRARY_FORM_FIELDS)[number];

export interface RawPhaseForm {
  /** Only when adding: the new phase's id. */
  id: string | null;
  title: string | null;
  label: string | null;
  kind: string | null;
  start: string | null;
  end: string | null;
  reminders: string | null;
  description: string | null;
}

const DAYS = /^\d{1,3}$/;

/** `14, 7, 1` into `['P14D', 'P7D', 'P1D']`; empty is the kind's defaults (null); `0` a reminder on the day. */
function readReminders(text: string): string[] | null | 'invalid' {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (/^(-|geen|none)$/i.test(trimmed)) return [];
  const days = trimmed.split(/[\s,;]+/).filter((part) => part !== '');
  if (!days.every((day) => DAYS.test(day))) return 'invalid';
  return days.map((day) => `P${Number(day)}D`);
}

/** The reminders as the form shows them again: `14, 7, 1`, `geen`/`none` for an empty list. */
export function remindersText(reminders: string[] | null, none: string): string {
  if (reminders === null) return '';
  if (reminders.length === 0) return none;
  return reminders.map((offset) => offset.replace(/^P(\d+)D$/, '$1')).join(', ');
}

function text(value: string | null): string {
  return (value ?? '').trim();
}

/** A phase from its form; one day (start equal to end) is written as the file's single `date`. */
export function readPhaseForm(raw: RawPhaseForm, adding: boolean): FormResult<PhaseFields, PhaseFormField> {
  const errors: Partial<Record<PhaseFormField, FormFieldError>> = {};
  if (adding && text(raw.id) === '') errors.id = 'required';
  if (text(raw.title) === '') errors.title = 'required';
  const kind = PHASE_KINDS.find((candidate) => candidate === raw.kind);
  if (!kind) errors.kind = 'required';
  if (!raw.start) errors.start = 'required';
  if (!raw.end) errors.end = 'required';
  const reminders = readReminders(raw.reminders ?? '');
  if (reminders === 'invalid') errors.reminders = 'remindersShape';
  if (Object.keys(errors).length > 0 || !kind || !raw.start || !raw.end || reminders === 'invalid') {
    return { ok: false, errors };
  }
  const oneDay = raw.start === raw.end;
  return {
    ok: true,
    key: adding ? text(raw.id) : null,
    fields: {
      title: text(raw.title),
      description: text(raw.description),
      date: oneDay ? raw.start : null,
      start: oneDay ? null : raw.start,
      end: oneDay ? null : raw.end,
      label: text(raw.label) || null,
      kind: kind as PhaseKind,
      reminders,
    },
  };
}

export interface RawProjectForm {
  slug: string | null;
  name: string | null;
  status: string | null;
  lead: string | null;
  partners: string[];
  description: string | null;
}

export function readProjectForm(
  raw: RawProjectForm,
  adding: boolean,
): FormResult<ProjectFields, ProjectFormField> {
  const errors: Partial<Record<ProjectFormField, FormFieldError>> = {};
  if (adding && text(raw.slug) === '') errors.slug = 'required';
  if (text(raw.name) === '') errors.name = 'required';
  const status = PROJECT_STATUSES.find((candidate) => candidate === raw.status);
  if (!status) errors.status = 'required';
  // Partners without a lead are allowed, as in the file (most of the example's projects have none).
  const lead = raw.lead || null;
  if (Object.keys(errors).length > 0 || !status) return { ok: false, errors };
  return {
    ok: true,
    key: adding ? text(raw.slug) : null,
    fields: {
      name: text(raw.name),
      status: status as ProjectStatus,
      description: text(raw.description),
      lead,
      partners: [...new Set(raw.partners)],
    },
  };
}

export interface RawLibraryForm {
  code: string | null;
  name: string | null;
  aliases: string | null;
  /** Slack user ids; checked by the file's rules, like everything the file holds. */
  contacts?: string[];
}

export function readLibraryForm(
  raw: RawLibraryForm,
  adding: boolean,
): FormResult<LibraryFields, LibraryFormField> {
  const errors: Partial<Record<LibraryFormField, FormFieldError>> = {};
  if (adding && text(raw.code) === '') errors.code = 'required';
  if (text(raw.name) === '') errors.name = 'required';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const contacts = [...new Set(raw.contacts ?? [])];
  return {
    ok: true,
    key: adding ? text(raw.code) : null,
    fields: {
      name: text(raw.name),
      aliases: text(raw.aliases)
        .split(',')
        .map((alias) => alias.trim())
        .filter((alias) => alias !== ''),
      ...(contacts.length > 0 && { contacts }),
    },
  };
}
