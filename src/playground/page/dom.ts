import { ALLOWED_TAGS, isSafeUrl, type RenderNode } from '../render/tree.js';

const ALLOWED_ATTRIBUTE =
  /^(data-[\w-]+|aria-[\w-]+|id|class|role|type|name|value|for|target|rel|alt|loading|referrerpolicy|maxlength|placeholder|rows|selected|multiple|checked|autocomplete|tabindex)$/;

/** The renderer's tree as DOM: createElement and text nodes only, links and images only to the web. */
export function toDom(node: RenderNode): Node {
  if ('text' in node) return document.createTextNode(node.text);
  if (!ALLOWED_TAGS.has(node.tag)) return document.createTextNode('');
  const element = document.createElement(node.tag);
  for (const [name, value] of Object.entries(node.attrs ?? {})) {
    if (name === 'href') {
      if (isSafeUrl(value)) element.setAttribute('href', value);
    } else if (name === 'src') {
      if (/^https?:\/\//i.test(value)) element.setAttribute('src', value);
    } else if (ALLOWED_ATTRIBUTE.test(name)) element.setAttribute(name, value);
  }
  for (const child of node.children ?? []) element.append(toDom(child));
  return element;
}

export function h(
  tag: string,
  attrs: Record<string, string> = {},
  children: (Node | string)[] = [],
): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  for (const child of children)
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return element;
}

export interface FieldValue {
  blockId: string;
  actionId: string;
  kind: string;
  value?: string | null;
  options?: { value: string; text: string }[];
}

/** Every input in a view, read as Slack reports it in `view.state`. */
export function readFields(root: Element): FieldValue[] {
  const fields: FieldValue[] = [];
  for (const element of root.querySelectorAll<HTMLElement>('[data-kind]')) {
    const value = readField(element);
    if (value) fields.push(value);
  }
  return fields;
}

export function readField(element: HTMLElement): FieldValue | null {
  const kind = element.dataset.kind ?? '';
  const base = { blockId: element.dataset.blockId ?? '', actionId: element.dataset.actionId ?? '', kind };
  switch (kind) {
    case 'plain_text_input':
    case 'datepicker':
      return { ...base, value: (element as HTMLInputElement).value };
    case 'static_select':
    case 'multi_static_select':
    case 'multi_users_select':
    case 'overflow':
      return {
        ...base,
        options: [...(element as HTMLSelectElement).selectedOptions]
          .filter((option) => option.value !== '')
          .map((option) => ({ value: option.value, text: option.textContent ?? '' })),
      };
    case 'radio_buttons':
    case 'checkboxes':
      return {
        ...base,
        options: [...element.querySelectorAll<HTMLInputElement>('input:checked')].map((input) => ({
          value: input.value,
          text: input.nextElementSibling?.textContent ?? '',
        })),
      };
    case 'external_select':
    case 'multi_external_select':
      return {
        ...base,
        options: [...element.querySelectorAll<HTMLElement>('.chosen .chip')].map((chip) => ({
          value: chip.dataset.value ?? '',
          text: chip.dataset.text ?? '',
        })),
      };
    default:
      return null;
  }
}
