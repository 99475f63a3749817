import type { KnownBlock, ModalView } from '@slack/types';
import {
  type Library,
  PHASE_KINDS,
  type Phase,
  PROJECT_STATUSES,
  type Programme,
  type Project,
} from '../../domain/programme.js';
import type { EditedEntity } from '../../domain/programmeEdits.js';
import { TEXT_LIMITS } from '../../domain/programmeFileSchema.js';
import { remindersText } from '../../domain/programmeForms.js';
import { type Locale, messages } from '../../i18n/index.js';
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
} from '../blocks/index.js';

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
}

function metadata(value: ProgrammeModalMetadata): string {
  return JSON.stringify(value);
}

/** The phase form, filled in with the phase (or empty for a new one). */
export function renderPhaseModal(
  phase: Phase | null,
  opened: Record<string, string> | null,
  locale: Locale,
): ModalView {
  const m = messages(locale);
  const f = m.admin.field;
  const kinds = PHASE_KINDS.map((kind) => option(m.phaseKind[kind], kind));
  const blocks: KnownBlock[] = [];
  if (phase) blocks.push(section(`*${esc(phase.title)}* · \`${esc(phase.id)}\``));
  else blocks.push(keyInput('id', f.id!, m.admin.keyHint));
  blocks.push(
    input(
      'title',
      f.title!,
      textInput(PROGRAMME_INPUT_ACTION, { maxLength: TEXT_LIMITS.name, initial: phase?.title }),
    ),
    input(
      'label',
      f.label!,
      textInput(PROGRAMME_INPUT_ACTION, { maxLength: TEXT_LIMITS.label, initial: phase?.label ?? undefined }),
      { optional: true },
    ),
    input(
      'kind',
      f.kind!,
      select(
        PROGRAMME_INPUT_ACTION,
        kinds,
        kinds.find((o) => o.value === phase?.kind),
      ),
    ),
    input('start', f.start!, datepicker(PROGRAMME_INPUT_ACTION, phase?.start ?? phase?.date ?? undefined)),
    input('end', f.end!, datepicker(PROGRAMME_INPUT_ACTION, phase?.end ?? phase?.date ?? undefined)),
    input(
      'reminders',
      f.reminders!,
      textInput(PROGRAMME_INPUT_ACTION, {
        maxLength: 200,
        initial: phase ? remindersText(phase.reminders, m.admin.noReminders) : undefined,
      }),
      { optional: true, hint: m.admin.remindersHint },
    ),
    input(
      'description',
      f.description!,
      textInput(PROGRAMME_INPUT_ACTION, {
        multiline: true,
        maxLength: TEXT_LIMITS.description,
        initial: phase?.description,
      }),
      { optional: true },
    ),
  );
  return modal({
    callbackId: PROGRAMME_CALLBACKS.phase,
    title: m.admin.modalTitle.phase,
    submit: m.admin.save,
    close: m.close,
    privateMetadata: metadata({ entity: 'phase', key: phase?.id ?? null, opened }),
    blocks,
  });
}

/** What a new project's form starts with: an idea's title and description, when it comes from one. */
export interface ProjectDraft {
  slug: string;
  name: string;
  description: string;
  libraryCodes: string[];
  idea: number;
}

/** The project form: name, status, lead, partners (a multi select of the libraries), description. */
export function renderProjectModal(
  project: Project | null,
  programme: Programme,
  opened: Record<string, string> | null,
  locale: Locale,
  draft?: ProjectDraft,
): ModalView {
  const m = messages(locale);
  const f = m.admin.field;
  const statuses = PROJECT_STATUSES.map((status) => option(m.status[status], status));
  // A static select holds 100 options: a programme of more libraries offers the first 100.
  const libraryOptions = programme.libraries
    .slice(0, SLACK_LIMITS.selectOptions)
    .map((library) => option(`${library.code} ${library.name}`, library.code));
  const lead =
    project?.partners.find((partner) => partner.role === 'lead')?.libraryCode ?? draft?.libraryCodes[0];
  const partners = project
    ? project.partners.filter((partner) => partner.role === 'partner').map((partner) => partner.libraryCode)
    : (draft?.libraryCodes.slice(1) ?? []);
  const blocks: KnownBlock[] = [];
  if (project) blocks.push(section(`*${esc(project.name)}* · \`${esc(project.slug)}\``));
  else blocks.push(keyInput('slug', f.slug!, m.admin.keyHint, draft?.slug));
  blocks.push(
    input(
      'name',
      f.name!,
      textInput(PROGRAMME_INPUT_ACTION, {
        maxLength: TEXT_LIMITS.name,
        initial: project?.name ?? draft?.name,
      }),
    ),
    input(
      'status',
      f.status!,
      select(
        PROGRAMME_INPUT_ACTION,
        statuses,
        statuses.find((o) => o.value === (project?.status ?? (draft ? 'idea' : undefined))),
      ),
    ),
    input(
      'lead',
      f.lead!,
      select(
        PROGRAMME_INPUT_ACTION,
        libraryOptions,
        libraryOptions.find((o) => o.value === lead),
      ),
      { optional: true },
    ),
    input(
      'partners',
      f.partners!,
      multiSelect(
        PROGRAMME_INPUT_ACTION,
        libraryOptions,
        libraryOptions.filter((o) => partners.includes(o.value ?? '')),
      ),
      { optional: true },
    ),
    input(
      'description',
      f.description!,
      textInput(PROGRAMME_INPUT_ACTION, {
        multiline: true,
        maxLength: TEXT_LIMITS.description,
        initial: project?.description ?? draft?.description,
      }),
      { optional: true },
    ),
  );
  return modal({
    callbackId: PROGRAMME_CALLBACKS.project,
    title: m.admin.modalTitle.project,
    submit: m.admin.save,
    close: m.close,
    privateMetadata: metadata({
      entity: 'project',
      key: project?.slug ?? null,
      opened,
      ...(draft && { idea: draft.idea }),
    }),
    blocks,
  });
}

/** The library form: code (for a new one), name, other names. */
export function renderLibraryModal(
  library: Library | null,
  opened: Record<string, string> | null,
  locale: Locale,
): ModalView {
  const m = messages(locale);
  const f = m.admin.field;
  const blocks: KnownBlock[] = [];
  if (library) blocks.push(section(`*${esc(library.name)}* · \`${esc(library.code)}\``));
  else blocks.push(keyInput('code', f.code!, undefined));
  blocks.push(
    input(
      'name',
      f.name!,
      textInput(PROGRAMME_INPUT_ACTION, { maxLength: TEXT_LIMITS.name, initial: library?.name }),
    ),
    input(
      'aliases',
      f.aliases!,
      textInput(PROGRAMME_INPUT_ACTION, { maxLength: 1000, initial: library?.aliases.join(', ') }),
      { optional: true },
    ),
  );
  return modal({
    callbackId: PROGRAMME_CALLBACKS.library,
    title: m.admin.modalTitle.library,
    submit: m.admin.save,
    close: m.close,
    privateMetadata: metadata({ entity: 'library', key: library?.code ?? null, opened }),
    blocks,
  });
}

/** The confirmation a removal asks for: the entry's name, and a red Remove. */
export function renderRemoveModal(
  entity: EditedEntity,
  key: string,
  name: string,
  opened: Record<string, string> | null,
  locale: Locale,
): ModalView {
  const m = messages(locale);
  return modal({
    callbackId: PROGRAMME_CALLBACKS.remove,
    title: m.admin.removeTitle,
    submit: m.admin.removeSubmit,
    close: m.close,
    privateMetadata: metadata({ entity, key, opened }),
    blocks: [section(m.admin.removeConfirm(esc(name)))],
  });
}

function keyInput(blockId: string, label: string, hint: string | undefined, initial?: string): KnownBlock {
  return input(
    blockId,
    label,
    textInput(PROGRAMME_INPUT_ACTION, { maxLength: 60, ...(initial !== undefined && { initial }) }),
    hint === undefined ? {} : { hint },
  );
}
