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

/** Embeddings, overrides and isolates (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI), and right-to-left letters. */
const BIDI_SENSITIVE = /[\u202A-\u202E\u2066-\u2069\p{Script=Hebrew}\p{Script=Arabic}]/u;

/**
 * A run of text from a message, isolated in a `<bdi>` when it could turn text around it: a name holding a
 * U+202E (right-to-left override) otherwise reverses everything after it on the line, Koers's own words
 * included. Isolated, it reads as written and the rest of the line as Koers wrote it.
 */
export function isolatedText(value: string): RenderNode {
  return BIDI_SENSITIVE.test(value) ? el('bdi', {}, [text(value)]) : text(value);
}

export function isText(node: RenderNode): node is TextNode {
  return 'text' in node;
}

/** The tags and attributes the DOM adapter accepts; anything else is a renderer bug and is dropped there. */
export const ALLOWED_TAGS = new Set([
  'a',
  'b',
  'bdi',
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
