/**
 * A small element tree, the renderer's output: the page turns it into DOM with createElement and
 * textContent, tests read it in Node. Text is always a text node, never markup, so nothing a message
 * holds can become HTML.
 */
export type RenderNode = ElementNode | TextNode;

export interface ElementNode {
  tag: string;
  attrs?: Record<string, string>;
  children?: RenderNode[];
}

export interface TextNode {
  text: string;
}

export function el(
  tag: string,
  attrs: Record<string, string> = {},
  children: RenderNode[] = [],
): ElementNode {
  return { tag, attrs, children };
}

export function text(value: string): TextNode {
  return { text: value };
}

export function isText(node: RenderNode): node is TextNode {
  return 'text' in node;
}

/** The tags and attributes the DOM adapter accepts; anything else is a renderer bug and is dropped there. */
export const ALLOWED_TAGS = new Set([
  'a',
  'b',
  'blockquote',
  'br',
  'button',
  'code',
  'div',
  'em',
  'fieldset',
  'h2',
  'h3',
  'hr',
  'img',
  'input',
  'label',
  'legend',
  'li',
  'ol',
  'option',
  'p',
  'pre',
  's',
  'select',
  'span',
  'strong',
  'textarea',
  'ul',
]);

/** Links only to the web, mail and calendar feeds: a `javascript:` or `data:` URL stays text. */
export function isSafeUrl(url: string): boolean {
  return /^(https?:\/\/|webcal:\/\/|mailto:)/i.test(url.trim());
}

/** The visible text of a tree, as a screen reader would read it in order (for tests and aria labels). */
export function textOf(node: RenderNode): string {
  if (isText(node)) return node.text;
  if (node.tag === 'br') return '\n';
  return (node.children ?? []).map(textOf).join('');
}

/** Every element node of a tree, depth first. */
export function* walk(node: RenderNode): Generator<ElementNode> {
  if (isText(node)) return;
  yield node;
  for (const child of node.children ?? []) yield* walk(child);
}
