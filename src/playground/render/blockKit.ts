import { type NameLookup, NO_NAMES, renderMrkdwn, unescapeSlack } from './mrkdwn.js';
import { type ElementNode, el, isolatedText, isSafeUrl, type RenderNode, text } from './tree.js';

/**
 * Block Kit as an element tree. Interactive elements carry `data-kind`, `data-action-id` and
 * `data-block-id`, from which the page builds Slack's payloads; what it does not know is shown as a
 * marked placeholder (`data-unsupported`), never dropped silently.
 */
export interface RenderContext {
  names?: NameLookup;
  /** `response_action: errors`: block_id → message, shown under that input. */
  errors?: Record<string, string>;
  /** The page's word after an optional input's label, in the person's language. */
  optional?: string;
  /** The workspace's people, offered by a user picker (`multi_users_select`). */
  users?: { id: string; name: string }[];
}

type Json = Record<string, unknown>;

export function renderBlocks(blocks: unknown, context: RenderContext = {}): RenderNode[] {
  if (!Array.isArray(blocks)) return [];
  return blocks.map((block, index) => renderBlock(asObject(block), index, context));
}

/** A plain_text or mrkdwn text object as nodes. */
export function renderTextObject(value: unknown, names: NameLookup = NO_NAMES): RenderNode[] {
  const object = asObject(value);
  const content = typeof object.text === 'string' ? object.text : '';
  return object.type === 'mrkdwn' ? renderMrkdwn(content, names) : [isolatedText(unescapeSlack(content))];
}

/** A text object's words, for labels and option names. */
export function plainOf(value: unknown): string {
  const object = asObject(value);
  return typeof object.text === 'string' ? unescapeSlack(object.text) : '';
}

function renderBlock(block: Json, index: number, context: RenderContext): RenderNode {
  const names = context.names ?? NO_NAMES;
  const blockId = typeof block.block_id === 'string' ? block.block_id : `b${index}`;
  switch (block.type) {
    case 'header':
      return el('h2', { class: 'block header' }, [isolatedText(plainOf(block.text))]);
    case 'divider':
      return el('hr', { class: 'block divider' });
    case 'section': {
      const children: RenderNode[] = [];
      if (block.text) children.push(el('div', { class: 'text' }, renderTextObject(block.text, names)));
      if (Array.isArray(block.fields)) {
        children.push(
          el(
            'div',
            { class: 'fields' },
            block.fields.map((field) => el('div', { class: 'field' }, renderTextObject(field, names))),
          ),
        );
      }
      if (block.accessory) {
        children.push(
          el('div', { class: 'accessory' }, [renderElement(asObject(block.accessory), blockId, context)]),
        );
      }
      return el('div', { class: 'block section' }, children);
    }
    case 'context':
      return el(
        'div',
        { class: 'block context' },
        asArray(block.elements).map((element) => {
          const object = asObject(element);
          return object.type === 'image'
            ? image(object.image_url, object.alt_text)
            : el('span', { class: 'context-item' }, renderTextObject(object, names));
        }),
      );
    case 'actions':
      return el(
        'div',
        { class: 'block actions' },
        asArray(block.elements).map((element) => renderElement(asObject(element), blockId, context)),
      );
    case 'image':
      return el('div', { class: 'block image' }, [
        ...(block.title ? [el('p', { class: 'image-title' }, [text(plainOf(block.title))])] : []),
        image(block.image_url, block.alt_text),
      ]);
    case 'input':
      return renderInput(block, blockId, context);
    default:
      return unsupported(String(block.type));
  }
}

function renderInput(block: Json, blockId: string, context: RenderContext): RenderNode {
  const element = asObject(block.element);
  const label = plainOf(block.label);
  const error = context.errors?.[blockId];
  const id = fieldId(blockId, element.action_id);
  const errorId = `${id}-error`;
  const hint = block.hint ? [el('p', { class: 'hint', id: `${id}-hint` }, [text(plainOf(block.hint))])] : [];
  const errorNodes = error
    ? [el('p', { class: 'field-error', id: errorId, role: 'alert' }, [text(error)])]
    : [];
  const describedBy = [block.hint ? `${id}-hint` : '', error ? errorId : ''].filter(Boolean).join(' ');
  const described = {
    ...(describedBy && { 'aria-describedby': describedBy }),
    ...(error && { 'aria-invalid': 'true' }),
  };
  const grouped = element.type === 'radio_buttons' || element.type === 'checkboxes';
  const rendered = renderElement(element, blockId, context, {
    id,
    label,
    extra: described,
    required: block.optional !== true,
  });
  const optional =
    block.optional === true
      ? [el('span', { class: 'optional' }, [text(` (${context.optional ?? 'optional'})`)])]
      : [];
  if (grouped) {
    return el('div', { class: `block input${error ? ' has-error' : ''}`, 'data-input-block': blockId }, [
      rendered,
      ...hint,
      ...errorNodes,
    ]);
  }
  return el('div', { class: `block input${error ? ' has-error' : ''}`, 'data-input-block': blockId }, [
    el('label', { for: id, class: 'input-label' }, [text(label), ...optional]),
    rendered,
    ...hint,
    ...errorNodes,
  ]);
}

interface FieldLabel {
  id: string;
  label: string;
  extra: Record<string, string>;
  required: boolean;
}

/** What every element is rendered with: its Slack ids as data attributes, and its label's wiring. */
interface ElementFrame {
  element: Json;
  context: RenderContext;
  actionId: string;
  /** `data-kind`, `data-action-id`, `data-block-id`: what the page builds Slack's payloads from. */
  data: Record<string, string>;
  id: string;
  /** The element's id and its accessible name: from the input's label, else its placeholder. */
  named: Record<string, string>;
  field: FieldLabel | undefined;
}

function renderElement(
  element: Json,
  blockId: string,
  context: RenderContext,
  field?: FieldLabel,
): RenderNode {
  const actionId = typeof element.action_id === 'string' ? element.action_id : '';
  const id = field?.id ?? fieldId(blockId, actionId);
  const frame: ElementFrame = {
    element,
    context,
    actionId,
    data: { 'data-kind': String(element.type), 'data-action-id': actionId, 'data-block-id': blockId },
    id,
    named: field ? { id, ...field.extra } : { id, 'aria-label': plainOf(element.placeholder) || actionId },
    field,
  };
  switch (element.type) {
    case 'button':
      return button(frame);
    case 'static_select':
    case 'multi_static_select':
      return staticSelect(frame, element.type === 'multi_static_select');
    case 'multi_users_select':
      return userPicker(frame);
    case 'overflow':
      return overflow(frame);
    case 'radio_buttons':
    case 'checkboxes':
      return choices(frame, element.type === 'radio_buttons' ? 'radio' : 'checkbox');
    case 'datepicker':
      return el('input', {
        ...frame.data,
        ...frame.named,
        type: 'date',
        ...(typeof element.initial_date === 'string' && { value: element.initial_date }),
      });
    case 'plain_text_input':
      return textInput(frame);
    case 'external_select':
    case 'multi_external_select':
      return externalSelect(frame, element.type === 'multi_external_select');
    case 'image':
      return image(element.image_url, element.alt_text);
    default:
      return unsupported(String(element.type));
  }
}

function button({ element, data }: ElementFrame): RenderNode {
  const attrs: Record<string, string> = {
    ...data,
    type: 'button',
    class: `btn${typeof element.style === 'string' ? ` ${element.style}` : ''}`,
    ...(typeof element.value === 'string' && { 'data-value': element.value }),
    ...(element.confirm ? { 'data-confirm': confirmText(asObject(element.confirm)) } : {}),
  };
  if (typeof element.url === 'string' && isSafeUrl(element.url)) {
    return el('a', { ...attrs, href: element.url, target: '_blank', rel: 'noopener noreferrer' }, [
      text(plainOf(element.text)),
    ]);
  }
  return el('button', attrs, [text(plainOf(element.text))]);
}

function staticSelect({ element, data, named }: ElementFrame, multi: boolean): RenderNode {
  const chosen = new Set(
    (multi ? asArray(element.initial_options) : [element.initial_option]).map((o) => asObject(o).value),
  );
  const options = allOptions(element).map((o) =>
    el('option', { value: String(o.value ?? ''), ...(chosen.has(o.value) && { selected: '' }) }, [
      text(plainOf(o.text)),
    ]),
  );
  return el('select', { ...data, ...named, ...(multi && { multiple: '' }) }, [
    ...(multi ? [] : [el('option', { value: '' }, [text(plainOf(element.placeholder) || '—')])]),
    ...options,
  ]);
}

/** Slack's user picker: the workspace's people; someone chosen who is no longer among them stays, by id. */
function userPicker({ element, context, data, named }: ElementFrame): RenderNode {
  const chosen = asArray(element.initial_users).filter((user): user is string => typeof user === 'string');
  const people = [
    ...(context.users ?? []),
    ...chosen
      .filter((user) => !context.users?.some((person) => person.id === user))
      .map((user) => ({ id: user, name: context.names?.user(user) ?? user })),
  ];
  return el(
    'select',
    { ...data, ...named, multiple: '' },
    people.map((person) =>
      el('option', { value: person.id, ...(chosen.includes(person.id) && { selected: '' }) }, [
        text(person.name),
      ]),
    ),
  );
}

function overflow({ element, data, id }: ElementFrame): RenderNode {
  return el('select', { ...data, id, 'aria-label': '…' }, [
    el('option', { value: '' }, [text('…')]),
    ...allOptions(element).map((o) =>
      el('option', { value: String(o.value ?? '') }, [text(plainOf(o.text))]),
    ),
  ]);
}

function choices(
  { element, data, id, field, context }: ElementFrame,
  type: 'radio' | 'checkbox',
): RenderNode {
  const chosen = new Set(
    (type === 'radio' ? [element.initial_option] : asArray(element.initial_options)).map(
      (o) => asObject(o).value,
    ),
  );
  return el('fieldset', { ...data, id, class: 'choices', ...(field?.extra ?? {}) }, [
    el('legend', {}, [text(field?.label ?? '')]),
    ...allOptions(element).map((o, n) =>
      el('label', { class: 'choice' }, [
        el('input', {
          type,
          name: id,
          id: `${id}-${n}`,
          value: String(o.value ?? ''),
          ...(chosen.has(o.value) && { checked: '' }),
        }),
        el('span', {}, renderTextObject(o.text, context.names)),
        ...(o.description
          ? [el('span', { class: 'description' }, renderTextObject(o.description, context.names))]
          : []),
      ]),
    ),
  ]);
}

function textInput({ element, data, named }: ElementFrame): RenderNode {
  const attrs = {
    ...data,
    ...named,
    ...(typeof element.max_length === 'number' && { maxlength: String(element.max_length) }),
    ...(element.placeholder ? { placeholder: plainOf(element.placeholder) } : {}),
  };
  const initial = typeof element.initial_value === 'string' ? element.initial_value : '';
  return element.multiline === true
    ? el('textarea', { ...attrs, rows: '4' }, [text(initial)])
    : el('input', { ...attrs, type: 'text', value: initial });
}

/** A combobox the page fills with the options Koers suggests as the person types. */
function externalSelect(
  { element, data, id, named, field, actionId }: ElementFrame,
  multi: boolean,
): RenderNode {
  const initial = (
    multi ? asArray(element.initial_options) : element.initial_option ? [element.initial_option] : []
  ).map(asObject);
  const name = field?.label ?? actionId;
  return el(
    'div',
    {
      ...data,
      class: 'external-select',
      'data-multi': multi ? 'true' : 'false',
      'data-min-query': String(typeof element.min_query_length === 'number' ? element.min_query_length : 3),
      ...(typeof element.max_selected_items === 'number' && {
        'data-max': String(element.max_selected_items),
      }),
    },
    [
      el(
        'ul',
        { class: 'chosen', 'aria-label': name },
        initial.map((o) => chosenOption(o)),
      ),
      el('input', {
        ...named,
        type: 'text',
        role: 'combobox',
        'aria-autocomplete': 'list',
        'aria-expanded': 'false',
        'aria-controls': `${id}-listbox`,
        autocomplete: 'off',
      }),
      el('ul', { class: 'suggestions', role: 'listbox', id: `${id}-listbox`, 'aria-label': name }),
    ],
  );
}

/** One chosen option of an external select: its value travels in data-value, its words stay text. */
export function chosenOption(option: Json): ElementNode {
  const label = plainOf(option.text);
  return el('li', { class: 'chip', 'data-value': String(option.value ?? ''), 'data-text': label }, [
    el('span', {}, [text(label)]),
    el('button', { type: 'button', class: 'remove', 'aria-label': `× ${label}` }, [text('×')]),
  ]);
}

function image(url: unknown, alt: unknown): RenderNode {
  const altText = typeof alt === 'string' ? alt : '';
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url))
    return el('span', { class: 'image-alt' }, [text(altText)]);
  return el('img', { src: url, alt: altText, loading: 'lazy', referrerpolicy: 'no-referrer' });
}

function confirmText(confirm: Json): string {
  return JSON.stringify({
    title: plainOf(confirm.title),
    text: plainOf(confirm.text),
    confirm: plainOf(confirm.confirm),
    deny: plainOf(confirm.deny),
  });
}

function allOptions(element: Json): Json[] {
  const groups = asArray(element.option_groups).flatMap((group) => asArray(asObject(group).options));
  return [...asArray(element.options), ...groups].map(asObject);
}

function unsupported(type: string): RenderNode {
  return el('div', { class: 'unsupported', 'data-unsupported': type }, [text(`[${type}]`)]);
}

function fieldId(blockId: string, actionId: unknown): string {
  return `f-${blockId}-${String(actionId ?? '')}`.replace(/[^\w-]/g, '_');
}

function asObject(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
