import { describe, expect, it } from 'vitest';
import { renderBlocks } from '../../src/playground/render/blockKit.js';
import { renderMrkdwn } from '../../src/playground/render/mrkdwn.js';
import { type ElementNode, type RenderNode, textOf, walk } from '../../src/playground/render/tree.js';

/*
 * A name holding a right-to-left override (U+202E) must not reverse the page's text after it: the page
 * isolates every run of text that could, in a <bdi>, so the rest of the line reads as written.
 */

const RLO = '\u202E';
const all = (nodes: RenderNode[]): ElementNode[] => nodes.flatMap((node) => [...walk(node)]);

describe('the page isolates text that could turn the text around it', () => {
  it("puts a bold name with an override in a bdi of its own, and Koers's words after it outside", () => {
    const nodes = renderMrkdwn(`Project *Effect${RLO}meting* is gestart`);
    const bdis = all(nodes).filter((node) => node.tag === 'bdi');
    expect(bdis.map(textOf)).toEqual([`Effect${RLO}meting`]);
    const strong = all(nodes).find((node) => node.tag === 'strong');
    expect(strong?.children?.[0]).toMatchObject({ tag: 'bdi' });
    expect(nodes.map(textOf).join('')).toBe(`Project Effect${RLO}meting is gestart`);
  });

  it('isolates a header, a plain text and a right-to-left name, and leaves ordinary text as it was', () => {
    const nodes = renderBlocks([
      { type: 'header', text: { type: 'plain_text', text: `Naam${RLO}` } },
      { type: 'section', text: { type: 'plain_text', text: 'שלום' } },
      { type: 'section', text: { type: 'mrkdwn', text: 'Gewone tekst' } },
    ]);
    expect(
      all(nodes)
        .filter((node) => node.tag === 'bdi')
        .map(textOf),
    ).toEqual([`Naam${RLO}`, 'שלום']);
  });
});
