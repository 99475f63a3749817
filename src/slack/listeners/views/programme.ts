import { z } from 'zod';
import type { EditedEntity, ProgrammeEdit } from '../../../domain/programmeEdits.js';
import { type Locale, messages } from '../../../i18n/index.js';
import { changeProgramme, type ProgrammeChangeOutcome } from '../../../usecases/changeProgramme.js';
import { publishHome } from '../../flows/homePublisher.js';
import { homePagesSchema } from '../../homePages.js';
import {
  type FieldKind,
  type FormRead,
  PROGRAMME_FORMS,
  PROGRAMME_INPUT_ACTION,
} from '../../render/programmeModals.js';
import type { SlackServices } from '../../services.js';
import {
  formInputs,
  parseJson,
  problemAnswer,
  type Submitted,
  type ViewAnswer,
  viewSubmitted,
} from './submission.js';

/** What a programme modal carries (render/programmeModals.ts); untrusted like everything submitted. */
const metadataSchema = z.object({
  entity: z.enum(['phase', 'project', 'library']),
  key: z.string().min(1).max(200).nullable(),
  opened: z.record(z.string().max(60), z.string().max(20)).nullable(),
  idea: z.number().int().positive().optional(),
  pages: homePagesSchema.optional(),
});
export type SubmittedProgrammeModal = z.output<typeof metadataSchema>;

/** The edit a submitted form asks for, or the form's own errors (a required field left empty …). */
function readForm(entity: EditedEntity, key: string | null, values: unknown): FormRead {
  const inputs = formInputs(values, [PROGRAMME_INPUT_ACTION]);
  const readers: Record<FieldKind, (block: string) => string | string[] | null> = {
    text: inputs.text,
    longText: inputs.text,
    choice: inputs.choice,
    choices: inputs.choices,
    day: inputs.day,
    users: inputs.users,
  };
  return PROGRAMME_FORMS[entity].read((block, kind) => readers[kind](block), key);
}

/**
 * The save of a programme modal: its edit asked of `changeProgramme`, with the file's rules in the user's
 * words. `edit` is null only for a form `before` answered already, which is never saved.
 */
function changeFromModal(
  services: SlackServices,
  submitted: Submitted,
  meta: SubmittedProgrammeModal | null,
  edit: ProgrammeEdit | null,
) {
  return async (signal: AbortSignal, locale: Promise<Locale>) => {
    if (!edit || !meta) throw new Error('a programme form without an edit was saved');
    return changeProgramme(services, {
      userId: submitted.userId,
      source: 'modal',
      edit,
      ...(meta.opened && { opened: meta.opened }),
      wording: messages(await locale).cli.programmeFile,
      ...(meta.idea !== undefined && { fromIdea: meta.idea }),
      signal,
    });
  };
}

const outdated = (locale: Locale) => problemAnswer('Koers', messages(locale).updateFormOutdated, locale);

/**
 * A phase, project or library form submitted: the edit goes to `changeProgramme`, whose outcome becomes
 * the modal's answer (errors under their fields, or a refusal); a saved change closes the modal and
 * republishes the admin's Home.
 */
export function programmeFormSubmitted(services: SlackServices, entity: EditedEntity) {
  const form = PROGRAMME_FORMS[entity];
  return viewSubmitted<ProgrammeChangeOutcome>((submitted) => {
    const { view, log } = submitted;
    const meta = parseJson(view.private_metadata, metadataSchema);
    const firstBlock = meta?.key === null ? form.keyBlock : (form.blocks[0] ?? 'name');
    const read = meta && meta.entity === entity ? readForm(entity, meta.key, view.state.values) : null;
    return {
      subject: 'a programme change',
      formBlock: firstBlock,
      before: (locale) => {
        if (!meta || !read) return outdated(locale);
        if (read.ok) return null;
        const words = messages(locale).admin.formError;
        const errors = Object.fromEntries(
          Object.entries(read.errors).map(([field, error]) => [field, words[error]]),
        );
        return { response_action: 'errors', errors };
      },
      save: changeFromModal(services, submitted, meta, read?.ok ? read.edit : null),
      answer: (outcome, locale) => {
        const answer = modalAnswer(outcome, entity, meta!, firstBlock, locale);
        if (outcome.kind !== 'changed') {
          log.warn({ entity, key: meta?.key, outcome: outcome.kind }, 'programme change not made');
          return { ack: answer };
        }
        log.info(
          { entity, key: meta?.key, edit: read?.ok && read.edit.kind },
          'programme changed from a modal',
        );
        return {
          ack: answer,
          afterwards: async () => {
            // An idea made a project: its proposer is owed the decision (written with the change).
            if (meta?.idea !== undefined) services.sendOwedMessages();
            await afterChange(services, submitted, meta, locale);
          },
        };
      },
    };
  });
}

/** The confirmation of a removal submitted: removed through the same use case. */
export function programmeRemoveSubmitted(services: SlackServices) {
  return viewSubmitted<ProgrammeChangeOutcome>((submitted) => {
    const { view, log } = submitted;
    const meta = parseJson(view.private_metadata, metadataSchema);
    const edit = meta?.key ? removal(meta.entity, meta.key) : null;
    return {
      subject: 'a programme removal',
      // A confirmation has no inputs: what goes wrong replaces it.
      formBlock: '',
      before: (locale) => (edit ? null : outdated(locale)),
      unsaved: (locale) =>
        problemAnswer(messages(locale).admin.removeTitle, messages(locale).saveFailed, locale),
      save: changeFromModal(services, submitted, meta, edit),
      answer: (outcome, locale) => {
        if (outcome.kind === 'changed') {
          log.info({ edit: edit?.kind, key: meta?.key }, 'programme entry removed');
          return {
            ack: { response_action: 'clear' },
            afterwards: () => afterChange(services, submitted, meta, locale),
          };
        }
        log.warn({ edit: edit?.kind, key: meta?.key, outcome: outcome.kind }, 'programme entry not removed');
        const text = problemText(outcome, meta!.entity, meta!.key, locale);
        return { ack: problemAnswer(messages(locale).admin.removeTitle, text, locale) };
      },
    };
  });
}

function removal(entity: EditedEntity, key: string): ProgrammeEdit {
  if (entity === 'phase') return { kind: 'phase.remove', id: key };
  if (entity === 'project') return { kind: 'project.remove', slug: key };
  return { kind: 'library.remove', code: key };
}

async function afterChange(
  services: SlackServices,
  submitted: Submitted,
  meta: SubmittedProgrammeModal | null,
  locale: Locale,
): Promise<void> {
  try {
    // The change is on everyone's Home at their next open; the admin's own is shown at once, where it was.
    await publishHome(services, submitted.client, submitted.userId, locale, meta?.pages ?? {});
  } catch (error) {
    services.logger.error({ err: error }, 'after a programme change: republishing the Home failed');
  }
}

function modalAnswer(
  outcome: ProgrammeChangeOutcome,
  entity: EditedEntity,
  meta: SubmittedProgrammeModal,
  firstBlock: string,
  locale: Locale,
): ViewAnswer {
  const m = messages(locale);
  const form = PROGRAMME_FORMS[entity];
  switch (outcome.kind) {
    case 'changed':
      return { response_action: 'clear' };
    case 'refused':
      return { response_action: 'errors', errors: { [firstBlock]: m.refusal[outcome.refusal] } };
    case 'exists':
      return { response_action: 'errors', errors: { [form.keyBlock]: m.admin.exists } };
    case 'invalid': {
      const shown = new Set([...(meta.key === null ? [form.keyBlock] : []), ...form.blocks]);
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
      return problemAnswer(
        m.admin.modalTitle[entity],
        problemText(outcome, entity, meta.key, locale),
        locale,
      );
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
    case 'conflict': {
      const form = PROGRAMME_FORMS[entity];
      const now = (field: string) =>
        (key === null ? null : form.currentValue(outcome.programme, key, field, locale)) ?? m.admin.gone;
      return [
        m.admin.changedBySomeoneElse,
        ...outcome.fields.map((field) => `• *${m.admin.field[field] ?? field}:* ${now(field) || '–'}`),
      ].join('\n');
    }
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
