import { el, isolatedText, isSafeUrl, type RenderNode, text } from './tree.js';

/** How `<@U…>` and `<#C…>` are shown: by name when the workspace knows it. */
export interface NameLookup {
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
}

export const NO_NAMES: NameLookup = { user: () => undefined, channel: () => undefined };

/** Slack escapes only these three in text (apps escape them too); everything else is literal. */
export function unescapeSlack(value: string): string {
  return value.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Slack's mrkdwn as an element tree: bold, italic, strike, code, code blocks, quotes, bullet lists,
 * links `<url|text>`, mentions `<@U…>`, `<#C…>` and `<!here>`. Lines become paragraphs; text stays text.
 */
export function renderMrkdwn(source: string, names: NameLookup = NO_NAMES): RenderNode[] {
  const out: RenderNode[] = [];
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('```')) {
      const body: string[] = [line.slice(3)];
      let closed = line.length > 3 && line.endsWith('```');
      if (closed) body[0] = line.slice(3, -3);
      while (!closed && i + 1 < lines.length) {
        const next = lines[++i] ?? '';
        if (next.endsWith('```')) {
          body.push(next.slice(0, -3));
          closed = true;
        } else body.push(next);
      }
      out.push(
        el('pre', {}, [text(unescapeSlack(body.filter((part, n) => n > 0 || part !== '').join('\n')))]),
      );
      continue;
    }
    if (/^(&gt;|>) ?/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^(&gt;|>) ?/.test(lines[i] ?? '')) {
        quoted.push((lines[i] ?? '').replace(/^(&gt;|>) ?/, ''));
        i++;
      }
      i--;
      out.push(
        el(
          'blockquote',
          {},
          quoted.map((q) => el('p', {}, inline(q, names))),
        ),
      );
      continue;
    }
    if (/^\s*[•◦▪\-*] /.test(line) && !/^\*[^*\s][^*]*\*/.test(line)) {
      const items: RenderNode[] = [];
      while (i < lines.length && /^\s*[•◦▪\-*] /.test(lines[i] ?? '')) {
        items.push(el('li', {}, inline((lines[i] ?? '').replace(/^\s*[•◦▪\-*] /, ''), names)));
        i++;
      }
      i--;
      out.push(el('ul', {}, items));
      continue;
    }
    if (/^\s*\d+\. /.test(line)) {
      const items: RenderNode[] = [];
      while (i < lines.length && /^\s*\d+\. /.test(lines[i] ?? '')) {
        items.push(el('li', {}, inline((lines[i] ?? '').replace(/^\s*\d+\. /, ''), names)));
        i++;
      }
      i--;
      out.push(el('ol', {}, items));
      continue;
    }
    out.push(el('p', {}, line === '' ? [el('br')] : inline(line, names)));
  }
  return out;
}

/**
 * Angle-bracket tokens and code spans first (nothing is formatted inside them), then emphasis over the
 * whole line with each token held as one opaque character, so `*<#C123>*` is a bold channel, as in Slack.
 */
function inline(source: string, names: NameLookup): RenderNode[] {
  const tokens: RenderNode[] = [];
  const token = /<([^<>\n]+)>|`([^`\n]+)`/g;
  // Text that holds the marks itself could pass for a token: they are shown as a replacement character.
  const held = source
    .replace(/[\uE000\uE001]/g, '\uFFFD')
    .replace(token, (_whole, angled: string | undefined, code: string | undefined) => {
      tokens.push(
        angled !== undefined ? angle(angled, names) : el('code', {}, [text(unescapeSlack(code ?? ''))]),
      );
      return `${TOKEN_OPEN}${tokens.length - 1}${TOKEN_CLOSE}`;
    });
  return emphasis(held, (plain) => withTokens(plain, tokens));
}

/** Private-use characters: they never occur in what Koers sends, and are neither space nor word. */
const TOKEN_OPEN = '\uE000';
const TOKEN_CLOSE = '\uE001';
const HELD_TOKEN = /\uE000(\d+)\uE001/g;

function withTokens(plain: string, tokens: RenderNode[]): RenderNode[] {
  const out: RenderNode[] = [];
  let last = 0;
  for (const match of plain.matchAll(HELD_TOKEN)) {
    if (match.index > last) out.push(isolatedText(unescapeSlack(plain.slice(last, match.index))));
    const node = tokens[Number(match[1])];
    if (node) out.push(node);
    last = match.index + match[0].length;
  }
  if (last < plain.length) out.push(isolatedText(unescapeSlack(plain.slice(last))));
  return out;
}

const EMPHASIS: { mark: string; tag: string }[] = [
  { mark: '*', tag: 'strong' },
  { mark: '_', tag: 'em' },
  { mark: '~', tag: 's' },
];

function emphasis(source: string, plain: (text: string) => RenderNode[]): RenderNode[] {
  let best: { index: number; length: number; inner: string; tag: string } | null = null;
  for (const { mark, tag } of EMPHASIS) {
    const m = `\\${mark}`;
    // A mark opens after a boundary and before a non-space, closes after a non-space and before a boundary.
    const pattern = new RegExp(`(^|[^\\w${m}])${m}(?=\\S)([^${m}\\n]*?\\S)${m}(?![\\w${m}])`);
    const match = pattern.exec(source);
    if (match && (best === null || match.index + (match[1]?.length ?? 0) < best.index)) {
      const start = match.index + (match[1]?.length ?? 0);
      best = { index: start, length: (match[2]?.length ?? 0) + 2, inner: match[2] ?? '', tag };
    }
  }
  if (!best) return source === '' ? [] : plain(source);
  const before = source.slice(0, best.index);
  const after = source.slice(best.index + best.length);
  return [
    ...(before ? plain(before) : []),
    el(best.tag, {}, emphasis(best.inner, plain)),
    ...emphasis(after, plain),
  ];
}

function angle(inner: string, names: NameLookup): RenderNode {
  const [target = '', label] = splitLabel(inner);
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return el('span', { class: 'mention' }, [text(`@${label ?? names.user(id) ?? id}`)]);
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return el('span', { class: 'mention' }, [text(`#${label ?? names.channel(id) ?? id}`)]);
  }
  if (target.startsWith('!')) {
    // <!here>, <!channel>, <!date^…|fallback>: shown as words, they notify no one here.
    const special = target.slice(1).split('^')[0] ?? '';
    return el('span', { class: 'mention' }, [text(label ?? `@${special}`)]);
  }
  const url = unescapeSlack(target);
  const shown = unescapeSlack(label ?? target);
  if (!isSafeUrl(url)) return text(shown);
  return el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, [text(shown)]);
}

function splitLabel(inner: string): [string, string | undefined] {
  const bar = inner.indexOf('|');
  return bar === -1 ? [inner, undefined] : [inner.slice(0, bar), inner.slice(bar + 1)];
}
