import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import {
  type Library,
  PHASE_KINDS,
  type Phase,
  PROJECT_STATUSES,
  type Programme,
  type Project,
} from '../../domain/programme.js';
import type {
  EditedEntity,
  LibraryFields,
  PhaseFields,
  ProgrammeEdit,
  ProjectFields,
} from '../../domain/programmeEdits.js';
import { MAX_LIBRARY_CONTACTS, TEXT_LIMITS } from '../../domain/programmeFileSchema.js';
import {
  type FormFieldError,
  type FormResult,
  type RawLibraryForm,
  type RawPhaseForm,
  type RawProjectForm,
  readLibraryForm,
  readPhaseForm,
  readProjectForm,
  remindersText,
} from '../../domain/programmeForms.js';
import { type Locale, messages } from '../../i18n/index.js';
import type { Catalogue } from '../../i18n/nl.js';
import { esc } from '../../present/mrkdwn.js';
import {
  datepicker,
  input,
  modal,
  multiSelect,
  option,
  SLACK_LIMITS,
  section,
  select,
  textInput,
  userPicker,
} from '../blocks/index.js';
import type { HomePages } from '../homePages.js';

/** One callback per entity: the submission's listener knows what it reads from the callback alone. */
export const PROGRAMME_CALLBACKS = {
  phase: 'programme_phase',
  project: 'programme_project',
  library: 'programme_library',
  remove: 'programme_remove',
} as const;
/** One action id per input: the block_id says which field it is (and is where Slack puts its error). */
export const PROGRAMME_INPUT_ACTION = 'value';

/**
 * What a programme modal carries in private_metadata (sealed, see viewSeal.ts): the entry it edits (null
 * when it adds one), the fingerprints of its fields when it was opened, and for a project made from an
 * idea, that idea.
 */
export interface ProgrammeModalMetadata {
  entity: EditedEntity;
  key: string | null;
  opened: Record<string, string> | null;
  idea?: number;
  /** The pages of the Home it was opened from, shown again after the change. */
  pages?: HomePages;
}

function metadata(value: ProgrammeModalMetadata): string {
  return JSON.stringify(value);
}

/** What a new project's form starts with: an idea's title and description, when it comes from one. */
export interface ProjectDraft {
  slug: string;
  name: string;
  description: string;
  libraryCodes: string[];
  idea: number;
}

/** How a field is shown in the modal and read back from its submission. */
export type FieldKind = 'text' | 'longText' | 'choice' | 'choices' | 'day' | 'users';
/** A field's value as a submission holds it: a choice of several as a list, anything else as text. */
export type FieldValue = string | string[] | null;

interface Shown {
  programme: Programme;
  m: Catalogue;
  draft: ProjectDraft | undefined;
}

/** One input of a programme form: its block (the domain's raw form key), and what it shows when opened. */
interface FormField<E, K extends string> {
  block: K;
  kind: FieldKind;
  optional?: true;
  maxLength?: number;
  hint?: (m: Catalogue) => string;
  /** A select's choices. */
  options?: (shown: Shown) => PlainTextOption[];
  /** What it shows when the form opens: the entry's stored value, or a draft's, or nothing. */
  initial: (entry: E | null, shown: Shown) => string | readonly string[] | null | undefined;
}

/** The form of one kind of entry, told once: the modal is built from it and its submission read by it. */
interface EntityFormSpec<E, R, F> {
  entity: EditedEntity;
  /** The block of the new entry's key (id, slug, code), shown only when adding. */
  keyBlock: keyof R & string;
  keyHint?: (m: Catalogue) => string;
  find(programme: Programme, key: string): E | undefined;
  /** The entry's name and key, as the form's first line shows them. */
  heading(entry: E): [name: string, key: string];
  fields: FormField<E, keyof R & string>[];
  /**
   * Where the file's problem with a key no field holds is shown (`date` under the start date); a
   * problem of the entry as a whole has the key ''.
   */
  fileKeys: Record<string, string>;
  read(raw: R, adding: boolean): FormResult<F, string>;
  edit(key: string, fields: F, adding: boolean): ProgrammeEdit;
}

/** A form's own reading of a submission: the edit it asks for, or its fields' errors. */
export type FormRead =
  | { ok: true; edit: ProgrammeEdit }
  | { ok: false; errors: Record<string, FormFieldError> };

/** A programme form with its entry's type hidden: what the listeners need of it. */
export interface ProgrammeForm {
  entity: EditedEntity;
  keyBlock: string;
  /** The input blocks in order (without the key's). */
  blocks: string[];
  fileKeys: Record<string, string>;
  /** The modal for the entry `key` (or an empty one); null when the programme has no such entry. */
  render(
    programme: Programme,
    key: string | null,
    opened: Record<string, string> | null,
    locale: Locale,
    from?: { draft?: ProjectDraft; pages?: HomePages },
  ): ModalView | null;
  /** A submission read back: each block's value read by its kind (`inputOf`), checked by the domain. */
  read(inputOf: (block: string, kind: FieldKind) => FieldValue, key: string | null): FormRead;
  /**
   * A field's value as stored now, in words (mrkdwn, escaped), for "changed by someone else"; null when
   * the entry is gone.
   */
  currentValue(programme: Programme, key: string, block: string, locale: Locale): string | null;
  name(programme: Programme, key: string): string;
}

function programmeForm<E, R, F>(spec: EntityFormSpec<E, R, F>): ProgrammeForm {
  return {
    entity: spec.entity,
    keyBlock: spec.keyBlock,
    blocks: spec.fields.map((field) => field.block),
    fileKeys: spec.fileKeys,
    render(programme, key, opened, locale, { draft, pages } = {}) {
      const entry = key === null ? null : (spec.find(programme, key) ?? null);
      if (key !== null && !entry) return null;
      const m = messages(locale);
      const shown: Shown = { programme, m, draft };
      const blocks: KnownBlock[] = [];
      if (entry) {
        const [name, entryKey] = spec.heading(entry);
        blocks.push(section(`*${esc(name)}* · \`${esc(entryKey)}\``));
      } else {
        const hint = spec.keyHint?.(m);
        const initial = spec.entity === 'project' ? draft?.slug : undefined;
        blocks.push(
          input(
            spec.keyBlock,
            m.admin.field[spec.keyBlock]!,
            textInput(PROGRAMME_INPUT_ACTION, { maxLength: 60, ...(initial !== undefined && { initial }) }),
            hint === undefined ? {} : { hint },
          ),
        );
      }
      for (const field of spec.fields) blocks.push(fieldInput(field, entry, shown));
      return modal({
        callbackId: PROGRAMME_CALLBACKS[spec.entity],
        title: m.admin.modalTitle[spec.entity],
        submit: m.admin.save,
        close: m.close,
        privateMetadata: metadata({
          entity: spec.entity,
          key: entry ? key : null,
          opened,
          ...(draft && { idea: draft.idea }),
          ...(pages && { pages }),
        }),
        blocks,
      });
    },
    read(inputOf, key) {
      const adding = key === null;
      // The table's blocks are the raw form's keys, each read by its kind.
      const raw = Object.fromEntries([
        [spec.keyBlock, adding ? inputOf(spec.keyBlock, 'text') : null],
        ...spec.fields.map((field) => [field.block, inputOf(field.block, field.kind)]),
      ]) as unknown as R;
      const read = spec.read(raw, adding);
      if (!read.ok) return { ok: false, errors: read.errors as Record<string, FormFieldError> };
      return { ok: true, edit: spec.edit(key ?? read.key ?? '', read.fields, adding) };
    },
    currentValue(programme, key, block, locale) {
      const entry = spec.find(programme, key);
      const field = spec.fields.find((candidate) => candidate.block === block);
      if (!entry || !field) return null;
      const shown: Shown = { programme, m: messages(locale), draft: undefined };
      const value = field.initial(entry, shown);
      const values = value === null || value === undefined ? [] : typeof value === 'string' ? [value] : value;
      const options = field.options?.(shown);
      const words = values.map((one) =>
        field.kind === 'users'
          ? `<@${esc(one)}>`
          : esc(options?.find((o) => o.value === one)?.text.text ?? one),
      );
      return words.join(', ');
    },
    name(programme, key) {
      const entry = spec.find(programme, key);
      return entry ? spec.heading(entry)[0] : key;
    },
  };
}

function fieldInput<E, K extends string>(field: FormField<E, K>, entry: E | null, shown: Shown): KnownBlock {
  const label = shown.m.admin.field[field.block]!;
  const initial = field.initial(entry, shown);
  const opts = {
    ...(field.optional && { optional: true }),
    ...(field.hint && { hint: field.hint(shown.m) }),
  };
  const one = typeof initial === 'string' ? initial : undefined;
  switch (field.kind) {
    case 'text':
    case 'longText':
      return input(
        field.block,
        label,
        textInput(PROGRAMME_INPUT_ACTION, {
          maxLength: field.maxLength ?? TEXT_LIMITS.name,
          ...(field.kind === 'longText' && { multiline: true }),
          ...(one !== undefined && { initial: one }),
        }),
        opts,
      );
    case 'choice': {
      const options = field.options?.(shown) ?? [];
      return input(
        field.block,
        label,
        select(
          PROGRAMME_INPUT_ACTION,
          options,
          options.find((o) => o.value === one),
        ),
        opts,
      );
    }
    case 'choices': {
      const options = field.options?.(shown) ?? [];
      const chosen = Array.isArray(initial) ? initial : [];
      return input(
        field.block,
        label,
        multiSelect(
          PROGRAMME_INPUT_ACTION,
          options,
          options.filter((o) => chosen.includes(o.value ?? '')),
        ),
        opts,
      );
    }
    case 'day':
      return input(field.block, label, datepicker(PROGRAMME_INPUT_ACTION, one), opts);
    case 'users':
      return input(
        field.block,
        label,
        userPicker(PROGRAMME_INPUT_ACTION, MAX_LIBRARY_CONTACTS, Array.isArray(initial) ? initial : []),
        opts,
      );
  }
}

/** A static select holds 100 options: a programme of more libraries offers the first 100. */
function libraryOptions({ programme }: Shown): PlainTextOption[] {
  return programme.libraries
    .slice(0, SLACK_LIMITS.selectOptions)
    .map((library) => option(`${library.code} ${library.name}`, library.code));
}

const leadOf = (project: Project) =>
  project.partners.find((partner) => partner.role === 'lead')?.libraryCode ?? null;

const phaseForm = programmeForm<Phase, RawPhaseForm, PhaseFields>({
  entity: 'phase',
  keyBlock: 'id',
  keyHint: (m) => m.admin.keyHint,
  find: (programme, key) => programme.phases.find((phase) => phase.id === key),
  heading: (phase) => [phase.title, phase.id],
  fields: [
    { block: 'title', kind: 'text', initial: (phase) => phase?.title },
    {
      block: 'label',
      kind: 'text',
      optional: true,
      maxLength: TEXT_LIMITS.label,
      initial: (phase) => phase?.label,
    },
    {
      block: 'kind',
      kind: 'choice',
      options: ({ m }) => PHASE_KINDS.map((kind) => option(m.phaseKind[kind], kind)),
      initial: (phase) => phase?.kind,
    },
    { block: 'start', kind: 'day', initial: (phase) => phase?.start ?? phase?.date },
    { block: 'end', kind: 'day', initial: (phase) => phase?.end ?? phase?.date },
    {
      block: 'reminders',
      kind: 'text',
      optional: true,
      maxLength: 200,
      hint: (m) => m.admin.remindersHint,
      initial: (phase, { m }) => (phase ? remindersText(phase.reminders, m.admin.noReminders) : undefined),
    },
    {
      block: 'description',
      kind: 'longText',
      optional: true,
      maxLength: TEXT_LIMITS.description,
      initial: (phase) => phase?.description,
    },
  ],
  // A phase lacking dates is an error of the phase itself (key ''); its end is where it shows.
  fileKeys: { date: 'start', '': 'end', late: 'kind' },
  read: readPhaseForm,
  edit: (id, fields, adding) =>
    adding ? { kind: 'phase.add', id, fields } : { kind: 'phase.change', id, fields },
});

const projectForm = programmeForm<Project, RawProjectForm, ProjectFields>({
  entity: 'project',
  keyBlock: 'slug',
  keyHint: (m) => m.admin.keyHint,
  find: (programme, key) => programme.projects.find((project) => project.slug === key),
  heading: (project) => [project.name, project.slug],
  fields: [
    { block: 'name', kind: 'text', initial: (project, { draft }) => project?.name ?? draft?.name },
    {
      block: 'status',
      kind: 'choice',
      options: ({ m }) => PROJECT_STATUSES.map((status) => option(m.status[status], status)),
      initial: (project, { draft }) => project?.status ?? (draft ? 'idea' : undefined),
    },
    {
      block: 'lead',
      kind: 'choice',
      optional: true,
      options: libraryOptions,
      initial: (project, { draft }) => (project ? leadOf(project) : draft?.libraryCodes[0]),
    },
    {
      block: 'partners',
      kind: 'choices',
      optional: true,
      options: libraryOptions,
      initial: (project, { draft }) =>
        project
          ? project.partners.filter((partner) => partner.role === 'partner').map((p) => p.libraryCode)
          : (draft?.libraryCodes.slice(1) ?? []),
    },
    {
      block: 'description',
      kind: 'longText',
      optional: true,
      maxLength: TEXT_LIMITS.description,
      initial: (project, { draft }) => project?.description ?? draft?.description,
    },
  ],
  fileKeys: { aliases: 'name', updates: 'description', '': 'name' },
  read: readProjectForm,
  edit: (slug, fields, adding) =>
    adding ? { kind: 'project.add', slug, fields } : { kind: 'project.change', slug, fields },
});

const libraryForm = programmeForm<Library, RawLibraryForm, LibraryFields>({
  entity: 'library',
  keyBlock: 'code',
  find: (programme, key) => programme.libraries.find((library) => library.code === key),
  heading: (library) => [library.name, library.code],
  fields: [
    { block: 'name', kind: 'text', initial: (library) => library?.name },
    {
      block: 'aliases',
      kind: 'text',
      optional: true,
      maxLength: 1000,
      initial: (library) => library?.aliases.join(', '),
    },
    {
      block: 'contacts',
      kind: 'users',
      optional: true,
      hint: (m) => m.admin.contactsHint,
      initial: (library) => library?.contacts ?? [],
    },
  ],
  fileKeys: { '': 'name' },
  read: readLibraryForm,
  edit: (code, fields, adding) =>
    adding ? { kind: 'library.add', code, fields } : { kind: 'library.change', code, fields },
});

/** Each entity's form: the modal, the submission's reading and the conflict's words come from it. */
export const PROGRAMME_FORMS: Record<EditedEntity, ProgrammeForm> = {
  phase: phaseForm,
  project: projectForm,
  library: libraryForm,
};

/** The confirmation a removal asks for: the entry's name, and a red Remove. */
export function renderRemoveModal(
  entity: EditedEntity,
  key: string,
  name: string,
  opened: Record<string, string> | null,
  locale: Locale,
  pages?: HomePages,
): ModalView {
  const m = messages(locale);
  return modal({
    callbackId: PROGRAMME_CALLBACKS.remove,
    title: m.admin.removeTitle,
    submit: m.admin.removeSubmit,
    close: m.close,
    privateMetadata: metadata({ entity, key, opened, ...(pages && { pages }) }),
    blocks: [section(m.admin.removeConfirm(esc(name)))],
  });
}
