import type {
  ActionsBlock,
  ActionsBlockElement,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  MrkdwnElement,
  Overflow,
  PlainTextElement,
  SectionBlock,
} from '@slack/types';
import { withoutBidiControls } from '../../domain/text.js';
import { SLACK_LIMITS, truncate } from './limits.js';

/*
 * Typed Block Kit builders. Text shown to people is truncated to Slack's limit (with '…') so long
 * content degrades instead of Slack rejecting the whole message. Ids, button values and URLs are
 * different: they come back to the app in interactions, and a cut one would silently mean something
 * else, so an over-long one is a programming error and throws.
 */

export function plainText(text: string, max: number): PlainTextElement {
  return { type: 'plain_text', text: truncate(visible(text), max), emoji: true };
}

function mrkdwn(text: string, max: number): MrkdwnElement {
  return { type: 'mrkdwn', text: truncate(visible(text), max) };
}

/**
 * Slack refuses a whole message or view over one empty text; an empty name shows as a dash instead. No
 * text of a block carries a bidi control: a name in a header or a button can turn nothing around it.
 */
function visible(text: string): string {
  const shown = withoutBidiControls(text);
  return shown.trim() === '' ? '–' : shown;
}

function mustFit(field: string, value: string, max: number): string {
  if (value.length > max) throw new RangeError(`${field} is ${value.length} characters, Slack allows ${max}`);
  return value;
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plainText(text, SLACK_LIMITS.headerText) };
}

export function section(
  text: string,
  opts: { accessory?: Button | Overflow; blockId?: string } = {},
): SectionBlock {
  return {
    type: 'section',
    text: mrkdwn(text, SLACK_LIMITS.sectionText),
    ...(opts.accessory && { accessory: opts.accessory }),
    ...(opts.blockId !== undefined && { block_id: mustFit('block_id', opts.blockId, SLACK_LIMITS.blockId) }),
  };
}

/** A section of two-column fields; Slack shows at most 10, so any beyond that are left out. */
export function fields(texts: string[]): SectionBlock {
  return {
    type: 'section',
    fields: texts
      .slice(0, SLACK_LIMITS.sectionFields)
      .map((text) => mrkdwn(text, SLACK_LIMITS.sectionFieldText)),
  };
}

/** Small grey text; Slack takes at most 10 elements, so any beyond that are left out. */
export function context(texts: string[]): ContextBlock {
  return {
    type: 'context',
    elements: texts
      .slice(0, SLACK_LIMITS.contextElements)
      .map((text) => mrkdwn(text, SLACK_LIMITS.textObject)),
  };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

export interface ButtonInput {
  text: string;
  actionId: string;
  value?: string;
  style?: 'primary' | 'danger';
  url?: string;
  /** Asked before the click counts: for what cannot be undone. */
  confirm?: { title: string; text: string; confirm: string; deny: string };
}

export function button(input: ButtonInput): Button {
  const { value, style, url } = input;
  if (value !== undefined) mustFit('button value', value, SLACK_LIMITS.buttonValue);
  if (url !== undefined) mustFit('button url', url, SLACK_LIMITS.url);
  return {
    type: 'button',
    text: plainText(input.text, SLACK_LIMITS.buttonText),
    action_id: mustFit('action_id', input.actionId, SLACK_LIMITS.actionId),
    ...(value !== undefined && { value }),
    ...(style && { style }),
    ...(url !== undefined && { url }),
    ...(input.confirm && {
      confirm: {
        title: plainText(input.confirm.title, SLACK_LIMITS.confirmTitle),
        text: plainText(input.confirm.text, SLACK_LIMITS.confirmText),
        confirm: plainText(input.confirm.confirm, SLACK_LIMITS.confirmButton),
        deny: plainText(input.confirm.deny, SLACK_LIMITS.confirmButton),
        ...(style === 'danger' && { style: 'danger' as const }),
      },
    }),
  };
}

/** A row of interactive elements; Slack takes at most 25, so any beyond that are left out. */
export function actions(elements: ActionsBlockElement[], blockId?: string): ActionsBlock {
  return {
    type: 'actions',
    elements: elements.slice(0, SLACK_LIMITS.actionsElements),
    ...(blockId !== undefined && { block_id: mustFit('block_id', blockId, SLACK_LIMITS.blockId) }),
  };
}
