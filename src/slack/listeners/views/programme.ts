import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { Programme } from '../../../domain/programme.js';
import { type EditedEntity, entryFields, type ProgrammeEdit } from '../../../domain/programmeEdits.js';
import {
  type FormFieldError,
  readLibraryForm,
  readPhaseForm,
  readProjectForm,
} from '../../../domain/programmeForms.js';
import { type Locale, messages } from '../../../i18n/index.js';
import { esc } from '../../../present/mrkdwn.js';
import { changeProgramme, type ProgrammeChangeOutcome } from '../../../usecases/changeProgramme.js';
import { saveWithinBudget } from '../../ackBudget.js';
import { publishHome } from '../../flows/homePublisher.js';
import { renderFormProblem } from '../../render/feedbackModal.js';
import { PROGRAMME_INPUT_ACTION } from '../../render/programmeModals.js';
import type { SlackServices } from '../../services.js';
import { requestOf } from '../middleware/requestContext.js';
import { dateState, multiSelectState, parseJson, readInput, selectState, textState } from './submission.js';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** What a programme modal carries (render/programmeModals.ts); untrusted like everything submitted. */
const metadataSchema = z.object({
  entity: z.enum(['phase', 'project', 'library']),
  key: z.string().min(1).max(200).nullable(),
  opened: z.record(z.string().max(60), z.string().max(20)).nullable(),
  idea: z.number().int().positive().optional(),
});
export type SubmittedProgrammeModal = z.output<typeof metadataSchema>;

/** The input blocks of each form, in order: where an error of a file key is shown. */
const FORM_BLOCKS: Record<
  EditedEntity,
  { adding: string; blocks: string[]; fileKeys: Record<string, string> }
> = {
  phase: {
    adding: 'id',
    blocks: ['title', 'label', 'kind', 'start', 'end', 'reminders', 'description'],
    // A phase lacking dates is an error of the phase itself (key ''); its end is where it shows.
    fileKeys: { date: 'start', '': 'end', late: 'kind' },
  },
  project: {
    adding: 'slug',
    blocks: ['name', 'status', 'lead', 'partners', 'description'],
    fileKeys: { aliases: 'name', updates: 'description', '': 'name' },
  },
  library: { adding: 'code', blocks: ['name', 'aliases'], fileKeys: { '': 'name' } },
};

const text = (values: unknown, block: string) =>
  readInput(values, block, PROGRAMME_INPUT_ACTION, textState)?.value ?? null;
const choice = (values: unknown, block: string) =>
  readInput(values, block, PROGRAMME_INPUT_ACTION, selectState)?.selected_option?.value ?? null;
const day = (values: unknown, block: string) =>
  readInput(values, block, PROGRAMME_INPUT_ACTION, dateState)?.selected_date ?? null;
const choices = (values: unknown, block: string) =>
  (readInput(values, block, PROGRAMME_INPUT_ACTION, multiSelectState)?.selected_options ?? []).map(
    (selected) => selected.value,
  );

type FormRead = { ok: true; edit: ProgrammeEdit } | { ok: false; errors: Record<string, FormFieldError> };

/** The edit a submitted form asks for, or the form's own errors (a required field left empty …). */
function readForm(entity: EditedEntity, key: string | null, values: unknown): FormRead {
  const adding = key === null;
  switch (entity) {
    case 'phase': {
      const read = readPhaseForm(
        {
          id: text(values, 'id'),
          title: text(values, 'title'),
          label: text(values, 'label'),
          kind: choice(values, 'kind'),
          start: day(values, 'start'),
          end: day(values, 'end'),
          reminders: text(values, 'reminders'),
          description: text(values, 'description'),
        },
        adding,
      );
      if (!read.ok) return { ok: false, errors: read.errors as Record<string, FormFieldError> };
      return {
        ok: true,
        edit: key
          ? { kind: 'phase.change', id: key, fields: read.fields }
          : { kind: 'phase.add', id: read.key ?? '', fields: read.fields },
      };
    }
    case 'project': {
      const read = readProjectForm(
        {
          slug: text(values, 'slug'),
          name: text(values, 'name'),
          status: choice(values, 'status'),
          lead: choice(values, 'lead'),
          partners: choices(values, 'partners'),
          description: text(values, 'description'),
        },
        adding,
      );
      if (!read.ok) return { ok: false, errors: read.errors as Record<string, FormFieldError> };
      return {
        ok: true,
        edit: key
          ? { kind: 'project.change', slug: key, fields: read.fields }
          : { kind: 'project.add', slug: read.key ?? '', fields: read.fields },
      };
    }
    case 'library': {
      const read = readLibraryForm(
        { code: text(values, 'code'), name: text(values, 'name'), aliases: text(values, 'aliases') },
        adding,
      );
      if (!read.ok) return { ok: false, errors: read.errors as Record<string, FormFieldError> };
      return {
        ok: true,
        edit: key
          ? { kind: 'library.change', code: key, fields: read.fields }
          : { kind: 'library.add', code: read.key ?? '', fields: read.fields },
      };
    }
  }
}

/**
 * A phase, project or library form submitted: the edit goes to `changeProgramme`, whose outcome becomes
 * the modal's answer (errors under their fields, or a refusal); a saved change closes the modal and
 * republishes the admin's Home.
 */
export function programmeFormSubmitted(services: SlackServices, entity: EditedEntity) {
  return async ({ ack, body, view, client, context }: ViewArgs) => {
    const userId = body.user.id;
    const { locale: localeLookup, log } = requestOf(context);
    const locale = await localeLookup;
    const m = messages(locale);
    const form = FORM_BLOCKS[entity];
    const meta = parseJson(view.private_metadata, metadataSchema);
    const firstBlock = meta?.key === null ? form.adding : (form.blocks[0] ?? 'name');
    if (!meta || meta.entity !== entity) {
      await ack({
        response_action: 'update',
        view: renderFormProblem('Koers', m.updateFormOutdated, locale),
      });
      return;
    }
    const read = readForm(entity, meta.key, view.state.values);
    if (!read.ok) {
      const errors = Object.fromEntries(
        Object.entries(read.errors).map(([field, error]) => [field, m.admin.formError[error]]),
      );
      await ack({ response_action: 'errors', errors });
      return;
    }
    const saved = await saveWithinBudget((signal) =>
      changeProgramme(services, {
        userId,
        source: 'modal',
        edit: read.edit,
        ...(meta.opened && { opened: meta.opened }),
        wording: m.cli.programmeFile,
        ...(meta.idea !== undefined && { fromIdea: meta.idea }),
        signal,
      }),
    );
    if (saved.kind !== 'done') {
      log.warn(
        saved.kind === 'late' ? {} : { err: saved.error },
        'programme change could not be saved in time',
      );
      await ack({ response_action: 'errors', errors: { [firstBlock]: m.saveFailed } });
      return;
    }
    const outcome = saved.value;
    const answer = modalAnswer(outcome, entity, meta, firstBlock, locale);
    if (outcome.kind !== 'changed') {
      log.warn({ entity, key: meta.key, outcome: outcome.kind }, 'programme change not made');
      await ack(answer);
      return;
    }
    log.info({ entity, key: meta.key, edit: read.edit.kind }, 'programme changed from a modal');
    await ack(answer);
    // An idea made a project: its proposer is owed the decision (written with the change).
    if (meta.idea !== undefined) services.sendOwedMessages();
    await afterChange(services, client, userId, locale);
  };
}

/** The confirmation of a removal submitted: removed through the same use case. */
export function programmeRemoveSubmitted(services: SlackServices) {
  return async ({ ack, body, view, client, context }: ViewArgs) => {
    const userId = body.user.id;
    const { locale: localeLookup, log } = requestOf(context);
    const locale = await localeLookup;
    const m = messages(locale);
    const meta = parseJson(view.private_metadata, metadataSchema);
    if (!meta?.key) {
      await ack({
        response_action: 'update',
        view: renderFormProblem('Koers', m.updateFormOutdated, locale),
      });
      return;
    }
    const edit: ProgrammeEdit =
      meta.entity === 'phase'
        ? { kind: 'phase.remove', id: meta.key }
        : meta.entity === 'project'
          ? { kind: 'project.remove', slug: meta.key }
          : { kind: 'library.remove', code: meta.key };
    const saved = await saveWithinBudget((signal) =>
      changeProgramme(services, {
        userId,
        source: 'modal',
        edit,
        ...(meta.opened && { opened: meta.opened }),
        wording: m.cli.programmeFile,
        signal,
      }),
    );
    if (saved.kind !== 'done') {
      await ack({
        response_action: 'update',
        view: renderFormProblem(m.admin.removeTitle, m.saveFailed, locale),
      });
      return;
    }
    const outcome = saved.value;
    if (outcome.kind === 'changed') {
      log.info({ edit: edit.kind, key: meta.key }, 'programme entry removed');
      await ack({ response_action: 'clear' });
      await afterChange(services, client, userId, locale);
      return;
    }
    log.warn({ edit: edit.kind, key: meta.key, outcome: outcome.kind }, 'programme entry not removed');
    await ack({
      response_action: 'update',
      view: renderFormProblem(
        m.admin.removeTitle,
        problemText(outcome, meta.entity, meta.key, locale),
        locale,
      ),
    });
  };
}

async function afterChange(
  services: SlackServices,
  client: ViewArgs['client'],
  userId: string,
  locale: Locale,
): Promise<void> {
  try {
    // The change is on everyone's Home at their next open; the admin's own is shown at once.
    await publishHome(services, client, userId, locale);
  } catch (error) {
    services.logger.error({ err: error }, 'after a programme change: republishing the Home failed');
  }
}

type ModalAnswer =
  | { response_action: 'clear' }
  | { response_action: 'errors'; errors: Record<string, string> }
  | { response_action: 'update'; view: ReturnType<typeof renderFormProblem> };

function modalAnswer(
  outcome: ProgrammeChangeOutcome,
  entity: EditedEntity,
  meta: SubmittedProgrammeModal,
  firstBlock: string,
  locale: Locale,
): ModalAnswer {
  const m = messages(locale);
  const form = FORM_BLOCKS[entity];
  switch (outcome.kind) {
    case 'changed':
      return { response_action: 'clear' };
    case 'refused':
      return { response_action: 'errors', errors: { [firstBlock]: m.refusal[outcome.refusal] } };
    case 'exists':
      return { response_action: 'errors', errors: { [form.adding]: m.admin.exists } };
    case 'invalid': {
      const shown = new Set([...(meta.key === null ? [form.adding] : []), ...form.blocks]);
      const errors: Record<string, string> = {};
      for (const [fileKey, message] of Object.entries(outcome.fields)) {
        const block = form.fileKeys[fileKey] ?? fileKey;
        const at = shown.has(block) ? block : firstBlock;
        errors[at] = errors[at] ? `${errors[at]} ${message}` : message;
      }
      if (outcome.other.length > 0) {
        const other = `${m.admin.otherProblems} ${outcome.other.join('; ')}`;
        errors[firstBlock] = errors[firstBlock] ? `${errors[firstBlock]} ${other}` : other;
      }
      return { response_action: 'errors', errors };
    }
    case 'conflict':
    case 'changedSince':
    case 'gone':
    case 'noProgramme':
    case 'ideaDecided':
      return {
        response_action: 'update',
        view: renderFormProblem(
          m.admin.modalTitle[entity],
          problemText(outcome, entity, meta.key, locale),
          locale,
        ),
      };
  }
}

/** A change refused as a whole, in words: what someone else changed meanwhile, or that it is gone. */
function problemText(
  outcome: ProgrammeChangeOutcome,
  entity: EditedEntity,
  key: string | null,
  locale: Locale,
): string {
  const m = messages(locale);
  switch (outcome.kind) {
    case 'conflict':
      return [
        m.admin.changedBySomeoneElse,
        ...outcome.fields.map(
          (field) =>
            `• *${m.admin.field[field] ?? field}:* ${esc(currentValue(outcome.programme, entity, key, field, locale))}`,
        ),
      ].join('\n');
    case 'changedSince':
      // A modal's save is checked per field (`conflict`); this only follows a previewed whole programme.
      return m.admin.changedBySomeoneElse;
    case 'gone':
      return m.admin.gone;
    case 'ideaDecided':
      return m.admin.ideaDecided;
    case 'noProgramme':
      return m.noProgramme;
    case 'refused':
      return m.refusal[outcome.refusal];
    case 'invalid':
      return [m.admin.otherProblems, ...Object.values(outcome.fields), ...outcome.other].join('\n');
    case 'exists':
      return m.admin.exists;
    case 'changed':
      return '';
  }
}

/** A field's value as it is stored now, for the "changed by someone else" answer. */
function currentValue(
  programme: Programme,
  entity: EditedEntity,
  key: string | null,
  field: string,
  locale: Locale,
): string {
  const m = messages(locale);
  if (!key || !entryFields(programme, entity, key)) return m.admin.gone;
  const phase = entity === 'phase' ? programme.phases.find((p) => p.id === key) : undefined;
  const project = entity === 'project' ? programme.projects.find((p) => p.slug === key) : undefined;
  const library = entity === 'library' ? programme.libraries.find((l) => l.code === key) : undefined;
  const values: Record<string, unknown> = {
    ...(phase && {
      title: phase.title,
      label: phase.label,
      kind: m.phaseKind[phase.kind],
      start: phase.start ?? phase.date,
      end: phase.end ?? phase.date,
      reminders: phase.reminders?.join(', ') ?? '',
      description: phase.description,
    }),
    ...(project && {
      name: project.name,
      status: m.status[project.status],
      description: project.description,
      lead: project.partners.find((p) => p.role === 'lead')?.libraryCode ?? '–',
      partners: project.partners
        .filter((p) => p.role === 'partner')
        .map((p) => p.libraryCode)
        .join(', '),
    }),
    ...(library && { name: library.name, aliases: library.aliases.join(', ') }),
  };
  const value = values[field];
  return value === null || value === undefined || value === '' ? '–' : String(value);
}
