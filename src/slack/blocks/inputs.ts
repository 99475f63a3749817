import type {
  Checkboxes,
  Datepicker,
  ExternalSelect,
  InputBlock,
  KnownBlock,
  ModalView,
  MultiExternalSelect,
  MultiStaticSelect,
  MultiUsersSelect,
  PlainTextOption as Option,
  Overflow,
  PlainTextInput,
  RadioButtons,
  StaticSelect,
} from '@slack/types';
import { plainText } from './builders.js';
import { SLACK_LIMITS, truncate } from './limits.js';

/*
 * Builders for modals and their input blocks. Display text is truncated to Slack's limits; ids and
 * private_metadata come back to the app, so an over-long one is a programming error and throws.
 */

function mustFit(field: string, value: string, max: number): string {
  if (value.length > max) throw new RangeError(`${field} is ${value.length} characters, Slack allows ${max}`);
  return value;
}

export interface ModalInput {
  callbackId: string;
  title: string;
  submit?: string;
  close: string;
  privateMetadata?: string;
  blocks: KnownBlock[];
}

/** A modal; Slack allows 100 blocks, so more is a programming error rather than silent loss. */
export function modal(input: ModalInput): ModalView {
  if (input.blocks.length > SLACK_LIMITS.viewBlocks) {
    throw new RangeError(
      `a modal has ${input.blocks.length} blocks, Slack allows ${SLACK_LIMITS.viewBlocks}`,
    );
  }
  return {
    type: 'modal',
    callback_id: mustFit('callback_id', input.callbackId, SLACK_LIMITS.callbackId),
    title: plainText(input.title, SLACK_LIMITS.modalTitle),
    close: plainText(input.close, SLACK_LIMITS.modalClose),
    ...(input.submit !== undefined && { submit: plainText(input.submit, SLACK_LIMITS.modalSubmit) }),
    ...(input.privateMetadata !== undefined && {
      private_metadata: mustFit('private_metadata', input.privateMetadata, SLACK_LIMITS.privateMetadata),
    }),
    blocks: input.blocks,
  };
}

export function option(text: string, value: string): Option {
  return {
    text: plainText(text, SLACK_LIMITS.optionText),
    value: mustFit('option value', value, SLACK_LIMITS.optionValue),
  };
}

type InputElement =
  | PlainTextInput
  | StaticSelect
  | MultiStaticSelect
  | ExternalSelect
  | MultiExternalSelect
  | RadioButtons
  | Checkboxes
  | Datepicker
  | MultiUsersSelect;

/** An input block: Slack attaches field errors to these, keyed by block_id. */
export function input(
  blockId: string,
  label: string,
  element: InputElement,
  opts: { optional?: boolean; hint?: string } = {},
): InputBlock {
  return {
    type: 'input',
    block_id: mustFit('block_id', blockId, SLACK_LIMITS.blockId),
    label: plainText(label, SLACK_LIMITS.inputLabel),
    element,
    optional: opts.optional ?? false,
    ...(opts.hint !== undefined && { hint: plainText(opts.hint, SLACK_LIMITS.inputHint) }),
  };
}

export function textInput(
  actionId: string,
  opts: { multiline?: boolean; maxLength?: number; initial?: string; placeholder?: string } = {},
): PlainTextInput {
  const maxLength = Math.min(
    opts.maxLength ?? SLACK_LIMITS.plainTextInputLength,
    SLACK_LIMITS.plainTextInputLength,
  );
  return {
    type: 'plain_text_input',
    action_id: actionId,
    multiline: opts.multiline ?? false,
    max_length: maxLength,
    ...(opts.initial !== undefined &&
      opts.initial !== '' && { initial_value: truncate(opts.initial, maxLength) }),
    ...(opts.placeholder !== undefined && {
      placeholder: plainText(opts.placeholder, SLACK_LIMITS.placeholder),
    }),
  };
}

/** A single choice; at most 100 options, so callers with more must search (external select) instead. */
export function select(actionId: string, options: Option[], initial?: Option): StaticSelect {
  return {
    type: 'static_select',
    action_id: actionId,
    options: options.slice(0, SLACK_LIMITS.selectOptions),
    ...(initial && { initial_option: initial }),
  };
}

export function multiSelect(actionId: string, options: Option[], initial: Option[] = []): MultiStaticSelect {
  return {
    type: 'multi_static_select',
    action_id: actionId,
    options: options.slice(0, SLACK_LIMITS.selectOptions),
    ...(initial.length > 0 && { initial_options: initial }),
  };
}

export function radioButtons(actionId: string, options: Option[], initial?: Option): RadioButtons {
  return {
    type: 'radio_buttons',
    action_id: actionId,
    options: options.slice(0, 10),
    ...(initial && { initial_option: initial }),
  };
}

export function checkboxes(actionId: string, options: Option[], initial: Option[] = []): Checkboxes {
  return {
    type: 'checkboxes',
    action_id: actionId,
    options: options.slice(0, 10),
    ...(initial.length > 0 && { initial_options: initial }),
  };
}

export function datepicker(actionId: string, initial?: string): Datepicker {
  return { type: 'datepicker', action_id: actionId, ...(initial && { initial_date: initial }) };
}

/** People of the workspace, chosen by name; Slack sends their user ids (`selected_users`). */
export function userPicker(
  actionId: string,
  maxSelected: number,
  initial: readonly string[] = [],
): MultiUsersSelect {
  return {
    type: 'multi_users_select',
    action_id: actionId,
    max_selected_items: maxSelected,
    ...(initial.length > 0 && { initial_users: [...initial] }),
  };
}

/** A single choice searched as the user types (app.options answers): for lists past 100 options. */
export function searchSelect(actionId: string, initial?: Option): ExternalSelect {
  return {
    type: 'external_select',
    action_id: actionId,
    min_query_length: 1,
    ...(initial && { initial_option: initial }),
  };
}

export function multiSearchSelect(
  actionId: string,
  maxSelected: number,
  initial: Option[] = [],
): MultiExternalSelect {
  return {
    type: 'multi_external_select',
    action_id: actionId,
    min_query_length: 1,
    max_selected_items: maxSelected,
    ...(initial.length > 0 && { initial_options: initial }),
  };
}

/** An overflow menu ("…"); Slack shows at most 5 options, so more is a programming error. */
export function overflow(actionId: string, options: Option[]): Overflow {
  if (options.length > SLACK_LIMITS.overflowOptions) {
    throw new RangeError(
      `an overflow has ${options.length} options, Slack allows ${SLACK_LIMITS.overflowOptions}`,
    );
  }
  return { type: 'overflow', action_id: mustFit('action_id', actionId, SLACK_LIMITS.actionId), options };
}
