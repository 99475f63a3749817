import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { type Locale, messages } from '../../../i18n/index.js';
import type { Catalogue } from '../../../i18n/nl.js';
import type { Logger } from '../../../logger.js';
import { saveWithinBudget } from '../../ackBudget.js';
import { renderFormProblem } from '../../render/feedbackModal.js';
import { requestOf } from '../middleware/requestContext.js';

/*
 * Reading a submitted view and answering it: its inputs, its private_metadata, the field errors Slack
 * shows under each input, and the one outline every form's submission follows (`viewSubmitted`).
 * Everything in a submission is untrusted and checked here, one field at a time.
 */

/** The inputs as Slack sends them (block_id → action id → one of these). */
export const selectState = z.object({ selected_option: z.object({ value: z.string() }).nullish() });
export const multiSelectState = z.object({
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
});
export const textState = z.object({ value: z.string().nullish() });
export const dateState = z.object({ selected_date: z.string().nullish() });
export const usersState = z.object({ selected_users: z.array(z.string()).nullish() });

/** One input of a submitted view's state, checked on its own: a malformed field does not hide the others. */
export function readInput<T>(
  values: unknown,
  blockId: string,
  actionId: string,
  schema: z.ZodType<T>,
): T | null {
  const blocks = (values ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const parsed = schema.safeParse(blocks[blockId]?.[actionId]);
  return parsed.success ? parsed.data : null;
}

/**
 * A view's inputs by kind, each read with `readInput`. An input may carry any of `actionIds` (a static
 * select becomes a searched one past Slack's 100 options): the first that holds a value counts.
 */
export function formInputs(values: unknown, actionIds: readonly string[]) {
  const read = <T>(blockId: string, schema: z.ZodType<T>): T | null => {
    for (const actionId of actionIds) {
      const found = readInput(values, blockId, actionId, schema);
      if (found) return found;
    }
    return null;
  };
  return {
    text: (blockId: string) => read(blockId, textState)?.value ?? null,
    choice: (blockId: string) => read(blockId, selectState)?.selected_option?.value ?? null,
    choices: (blockId: string) =>
      (read(blockId, multiSelectState)?.selected_options ?? []).map((selected) => selected.value),
    day: (blockId: string) => read(blockId, dateState)?.selected_date ?? null,
    users: (blockId: string) => read(blockId, usersState)?.selected_users ?? [],
  };
}
export type FormInputs = ReturnType<typeof formInputs>;

/** private_metadata (or any JSON text) checked against its schema; null when it is not what we sent. */
export function parseJson<T>(text: string | undefined, schema: z.ZodType<T>): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(text ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** `response_action: errors` in the user's words: block_id → message, in the form's field order. */
export function wordErrors<F extends string, K extends string>(
  fields: readonly F[],
  errors: Partial<Record<F, K>>,
  words: Record<K, string>,
): Record<string, string> {
  return Object.fromEntries(
    fields.flatMap((field) => {
      const error = errors[field];
      return error ? [[field, words[error]]] : [];
    }),
  );
}

/** What a view submission is answered with: closed, errors under fields, or another view. */
export type ViewAnswer =
  | { response_action: 'clear' }
  | { response_action: 'errors'; errors: Record<string, string> }
  | { response_action: 'update'; view: ModalView };

/** A form that cannot be used (stale, forged, refused as a whole) turned into its title and why. */
export function problemAnswer(title: string, text: string, locale: Locale): ViewAnswer {
  return { response_action: 'update', view: renderFormProblem(title, text, locale) };
}

/** The answer to a saved form's outcome, and what is done once Slack has it (posts, the Home). */
export interface Answered {
  ack: ViewAnswer;
  afterwards?: () => unknown;
}

/** A submission as its listener reads it. */
export interface Submitted {
  view: ViewSubmitAction['view'];
  userId: string;
  client: AllMiddlewareArgs['client'];
  log: Logger;
}

/** What one form's submission does that the others do not; `viewSubmitted` does the rest. */
export interface SubmissionSteps<O extends { kind: string }> {
  /** What the log calls what is saved: `feedback`, `an idea` … */
  subject: string;
  /** The input under which a save that failed as a whole is told (the modal keeps what was typed). */
  formBlock: string;
  /** An answer before anything is saved (a stale form, a field left empty), or null to save. */
  before?: (locale: Locale) => ViewAnswer | null;
  /** The use case asked with what the view holds; started at once, while the user's language is looked up. */
  save(signal: AbortSignal, locale: Promise<Locale>): Promise<O>;
  /** The answer when the save did not finish in time; "cannot save now" under `formBlock` if not given. */
  unsaved?: (locale: Locale) => ViewAnswer;
  /**
   * A form whose metadata names nothing the programme holds (the use case's outcome `outdated`: stale or
   * forged, or no programme at all) is answered with its modal's title and these words.
   */
  outdated?: (m: Catalogue) => { title: string; text: string };
  /** The use case's outcome in the user's words; `failed` (storing threw) and `outdated` are answered here. */
  answer(outcome: Exclude<O, { kind: 'failed' | 'outdated' }>, locale: Locale): Answered;
}

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The outline of every form's submission: read the view, ask the use case within the save budget, and
 * word its outcome. A save too slow for Slack's 3 seconds, or one that failed, keeps the modal open with
 * everything typed and says so under `formBlock`, so nothing is lost and the user can send again.
 */
export function viewSubmitted<O extends { kind: string }>(
  stepsFor: (submitted: Submitted) => SubmissionSteps<O>,
) {
  return async ({ ack, body, view, client, context }: ViewArgs) => {
    const { locale: localeLookup, log } = requestOf(context);
    const steps = stepsFor({ view, userId: body.user.id, client, log });
    const failedAnswer = (locale: Locale): ViewAnswer => ({
      response_action: 'errors',
      errors: { [steps.formBlock]: messages(locale).saveFailed },
    });
    if (steps.before) {
      const early = steps.before(await localeLookup);
      if (early) {
        await ack(early);
        return;
      }
    }
    const saving = saveWithinBudget((signal) => steps.save(signal, localeLookup));
    const locale = await localeLookup;
    const saved = await saving;
    if (saved.kind !== 'done') {
      log.warn(
        saved.kind === 'late' ? {} : { err: saved.error },
        `${steps.subject} could not be saved in time`,
      );
      await ack(steps.unsaved?.(locale) ?? failedAnswer(locale));
      return;
    }
    const outcome = saved.value;
    if (isFailed(outcome)) {
      log.error({ err: outcome.error }, `storing ${steps.subject} failed`);
      await ack(failedAnswer(locale));
      return;
    }
    if (isOutdated(outcome) && steps.outdated) {
      log.warn(
        { metadata: view.private_metadata?.slice(0, 200) },
        `${steps.subject} for nothing the programme holds refused`,
      );
      const m = messages(locale);
      const { title, text } = steps.outdated(m);
      await ack(problemAnswer(title, outcome.programmeMissing ? m.databaseUnavailable : text, locale));
      return;
    }
    const answered = steps.answer(outcome as Exclude<O, { kind: 'failed' | 'outdated' }>, locale);
    await ack(answered.ack);
    await answered.afterwards?.();
  };
}

function isOutdated(outcome: { kind: string }): outcome is { kind: 'outdated'; programmeMissing: boolean } {
  return outcome.kind === 'outdated';
}

function isFailed<O extends { kind: string }>(
  outcome: O,
): outcome is Extract<O, { kind: 'failed' }> & { error: unknown } {
  return outcome.kind === 'failed';
}
