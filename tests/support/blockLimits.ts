import { SLACK_LIMITS as LIMITS } from '../../src/slack/blocks/limits.js';

/*
 * Checks a payload against the Block Kit limits Slack enforces, so tests catch what Slack would
 * answer with `invalid_blocks`. It covers the block and element types Koers builds; others are not
 * inspected beyond their block_id.
 */

type Node = Record<string, unknown>;

interface Walk {
  violations: string[];
  /** Slack wants block_ids unique within one message or view. */
  blockIds: Set<string>;
}

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every limit a message payload (`{ text?, blocks? }`) or a view (`{ type: 'modal' | 'home', ... }`)
 * breaks, as `path: problem` lines such as `blocks[3].text.text: 3012 > 3000`. Empty when valid.
 */
export function findLimitViolations(payload: unknown): string[] {
  const walk: Walk = { violations: [], blockIds: new Set() };
  if (!isNode(payload)) return ['payload: not an object'];
  if (payload.type === 'modal' || payload.type === 'home') checkView(walk, payload);
  else checkMessage(walk, payload);
  return walk.violations;
}

function checkMessage(walk: Walk, message: Node): void {
  if (message.text === undefined && message.blocks === undefined) {
    walk.violations.push('text: missing (a message needs text or blocks)');
  }
  tooLong(walk, 'text', message.text, LIMITS.messageText);
  list(walk, 'blocks', message.blocks, LIMITS.messageBlocks, checkBlock);
}

function checkView(walk: Walk, view: Node): void {
  // A view may have no blocks (an emptied App Home), but it must say so.
  if (view.blocks === undefined) walk.violations.push('blocks: missing');
  list(walk, 'blocks', view.blocks, LIMITS.viewBlocks, checkBlock);
  tooLong(walk, 'private_metadata', view.private_metadata, LIMITS.privateMetadata);
  tooLong(walk, 'callback_id', view.callback_id, LIMITS.callbackId);
  if (view.type !== 'modal') return;
  text(walk, 'title', view.title, LIMITS.modalTitle);
  text(walk, 'submit', view.submit, LIMITS.modalSubmit, { required: false });
  text(walk, 'close', view.close, LIMITS.modalClose, { required: false });
  const hasInput =
    Array.isArray(view.blocks) && view.blocks.some((block) => isNode(block) && block.type === 'input');
  if (hasInput && view.submit === undefined) {
    walk.violations.push('submit: missing (a modal with input blocks needs a submit button)');
  }
}

function checkBlock(walk: Walk, block: Node, path: string): void {
  if (typeof block.block_id === 'string') {
    tooLong(walk, `${path}.block_id`, block.block_id, LIMITS.blockId);
    if (walk.blockIds.has(block.block_id))
      walk.violations.push(`${path}.block_id: duplicate "${block.block_id}"`);
    walk.blockIds.add(block.block_id);
  }
  switch (block.type) {
    case 'section':
      if (block.text === undefined && block.fields === undefined) {
        walk.violations.push(`${path}: a section needs text or fields`);
      }
      text(walk, `${path}.text`, block.text, LIMITS.sectionText, { required: false });
      list(walk, `${path}.fields`, block.fields, LIMITS.sectionFields, (w, field, p) =>
        text(w, p, field, LIMITS.sectionFieldText),
      );
      if (block.accessory !== undefined) elementAt(walk, `${path}.accessory`, block.accessory);
      break;
    case 'header':
      text(walk, `${path}.text`, block.text, LIMITS.headerText);
      break;
    case 'context':
      list(walk, `${path}.elements`, block.elements, LIMITS.contextElements, checkContextElement, {
        required: true,
      });
      break;
    case 'actions':
      list(walk, `${path}.elements`, block.elements, LIMITS.actionsElements, checkElement, {
        required: true,
      });
      duplicateActionIds(walk, `${path}.elements`, block.elements);
      break;
    case 'input':
      text(walk, `${path}.label`, block.label, LIMITS.inputLabel);
      text(walk, `${path}.hint`, block.hint, LIMITS.inputHint, { required: false });
      elementAt(walk, `${path}.element`, block.element);
      break;
  }
}

function checkContextElement(walk: Walk, node: Node, path: string): void {
  if (node.type !== 'image') text(walk, path, node, LIMITS.textObject);
}

/** Slack wants each action_id unique within its block; only an actions block holds several. */
function duplicateActionIds(walk: Walk, path: string, elements: unknown): void {
  if (!Array.isArray(elements)) return;
  const seen = new Set<string>();
  elements.forEach((node, index) => {
    if (!isNode(node) || typeof node.action_id !== 'string') return;
    if (seen.has(node.action_id)) {
      walk.violations.push(`${path}[${index}].action_id: duplicate "${node.action_id}"`);
    }
    seen.add(node.action_id);
  });
}

function elementAt(walk: Walk, path: string, value: unknown): void {
  if (isNode(value)) checkElement(walk, value, path);
  else walk.violations.push(`${path}: ${value === undefined ? 'missing' : 'not an object'}`);
}

function checkElement(walk: Walk, node: Node, path: string): void {
  tooLong(walk, `${path}.action_id`, node.action_id, LIMITS.actionId);
  text(walk, `${path}.placeholder`, node.placeholder, LIMITS.placeholder, { required: false });
  switch (node.type) {
    case 'button':
      text(walk, `${path}.text`, node.text, LIMITS.buttonText);
      // Koers routes every click by action_id; a button without one cannot be handled.
      if (node.action_id === undefined) walk.violations.push(`${path}.action_id: missing`);
      tooLong(walk, `${path}.value`, node.value, LIMITS.buttonValue);
      tooLong(walk, `${path}.url`, node.url, LIMITS.url);
      break;
    case 'static_select':
    case 'multi_static_select':
      if (node.options === undefined && node.option_groups === undefined) {
        walk.violations.push(`${path}: a static select needs options or option_groups`);
      }
      list(walk, `${path}.options`, node.options, LIMITS.selectOptions, checkOption);
      list(walk, `${path}.option_groups`, node.option_groups, LIMITS.optionGroups, checkOptionGroup);
      if (isNode(node.initial_option)) checkOption(walk, node.initial_option, `${path}.initial_option`);
      list(walk, `${path}.initial_options`, node.initial_options, LIMITS.selectOptions, checkOption);
      break;
    case 'overflow':
      list(walk, `${path}.options`, node.options, LIMITS.overflowOptions, checkOption, { required: true });
      break;
    case 'datepicker':
      if (typeof node.initial_date === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(node.initial_date)) {
        walk.violations.push(`${path}.initial_date: "${node.initial_date}" is not YYYY-MM-DD`);
      }
      break;
    case 'plain_text_input': {
      const maxLength = typeof node.max_length === 'number' ? node.max_length : LIMITS.plainTextInputLength;
      if (maxLength > LIMITS.plainTextInputLength) {
        walk.violations.push(`${path}.max_length: ${maxLength} > ${LIMITS.plainTextInputLength}`);
      }
      tooLong(
        walk,
        `${path}.initial_value`,
        node.initial_value,
        Math.min(maxLength, LIMITS.plainTextInputLength),
      );
      break;
    }
  }
}

function checkOption(walk: Walk, option: Node, path: string): void {
  text(walk, `${path}.text`, option.text, LIMITS.optionText);
  if (option.value === undefined) walk.violations.push(`${path}.value: missing`);
  tooLong(walk, `${path}.value`, option.value, LIMITS.optionValue);
  text(walk, `${path}.description`, option.description, LIMITS.optionDescription, { required: false });
  tooLong(walk, `${path}.url`, option.url, LIMITS.url);
}

function checkOptionGroup(walk: Walk, group: Node, path: string): void {
  text(walk, `${path}.label`, group.label, LIMITS.optionGroupLabel);
  list(walk, `${path}.options`, group.options, LIMITS.selectOptions, checkOption, { required: true });
}

/** A text object: present unless optional, non-empty (Slack rejects empty text), within `max`. */
function text(walk: Walk, path: string, value: unknown, max: number, { required = true } = {}): void {
  if (value === undefined) {
    if (required) walk.violations.push(`${path}: missing`);
    return;
  }
  if (!isNode(value) || typeof value.text !== 'string') {
    walk.violations.push(`${path}: not a text object`);
    return;
  }
  if (value.text.length === 0) walk.violations.push(`${path}.text: empty`);
  tooLong(walk, `${path}.text`, value.text, max);
}

function tooLong(walk: Walk, path: string, value: unknown, max: number): void {
  if (typeof value === 'string' && value.length > max)
    walk.violations.push(`${path}: ${value.length} > ${max}`);
}

/** A list of objects: present and non-empty when required, at most `max` long, each one checked. */
function list(
  walk: Walk,
  path: string,
  value: unknown,
  max: number,
  check: (walk: Walk, node: Node, path: string) => void,
  { required = false } = {},
): void {
  if (value === undefined) {
    if (required) walk.violations.push(`${path}: missing`);
    return;
  }
  if (!Array.isArray(value)) {
    walk.violations.push(`${path}: not a list`);
    return;
  }
  if (required && value.length === 0) walk.violations.push(`${path}: empty`);
  if (value.length > max) walk.violations.push(`${path}: ${value.length} items > ${max}`);
  value.forEach((item, index) => {
    if (isNode(item)) check(walk, item, `${path}[${index}]`);
    else walk.violations.push(`${path}[${index}]: not an object`);
  });
}
