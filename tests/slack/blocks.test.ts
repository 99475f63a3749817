import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import {
  actions,
  button,
  composeMessage,
  context,
  divider,
  fields,
  header,
  paginate,
  plainText,
  SLACK_LIMITS,
  section,
  truncate,
} from '../../src/slack/blocks/index.js';
import { findLimitViolations } from '../support/blockLimits.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('truncate', () => {
  it('leaves text that fits untouched', () => {
    expect(truncate('Koers', 5)).toBe('Koers');
  });

  it('cuts to at most max UTF-16 units and marks the cut with an ellipsis', () => {
    const cut = truncate('a'.repeat(100), 10);
    expect(cut).toBe(`${'a'.repeat(9)}…`);
    expect(cut).toHaveLength(10);
  });

  it('never splits an emoji, whatever the limit', () => {
    const text = 'Go 🚀 team 👩‍👩‍👧‍👦 from 🇳🇱 with 👍🏽!';
    for (let max = 0; max <= text.length; max++) {
      const cut = truncate(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).not.toMatch(LONE_SURROGATE);
      const kept = cut.replace(/…$/, '');
      expect(text.startsWith(kept)).toBe(true);
      // A cut inside the family, the flag or the skin-toned thumb would leave a fragment of it.
      for (const emoji of ['👩‍👩‍👧‍👦', '🇳🇱', '👍🏽']) {
        const start = text.indexOf(emoji);
        if (kept.length > start) expect(kept.length).toBeGreaterThanOrEqual(start + emoji.length);
      }
    }
  });
});

describe('builders', () => {
  it('turn a 10,000-character description into a valid section', () => {
    const block = section('x'.repeat(10_000));
    expect(block.text?.text).toHaveLength(SLACK_LIMITS.sectionText);
    expect(block.text?.text.endsWith('…')).toBe(true);
    expect(findLimitViolations({ text: 'fallback', blocks: [block] })).toEqual([]);
  });

  it('truncate header, button and plain text to their own limits', () => {
    expect(header('h'.repeat(500)).text.text).toHaveLength(SLACK_LIMITS.headerText);
    expect(button({ text: 'b'.repeat(500), actionId: 'go' }).text.text).toHaveLength(SLACK_LIMITS.buttonText);
    expect(plainText('p'.repeat(50), 24).text).toHaveLength(24);
  });

  it('keep at most 10 fields, 10 context elements and 25 actions', () => {
    const many = Array.from({ length: 40 }, (_, i) => `item ${i} ${'y'.repeat(3_000)}`);
    const buttons = many.map((_, i) => button({ text: `b${i}`, actionId: `b${i}` }));
    const blocks = [fields(many), context(many), actions(buttons)];
    expect(
      blocks.map((block) => (block.type === 'section' ? block.fields?.length : block.elements.length)),
    ).toEqual([10, 10, 25]);
    expect(findLimitViolations({ text: 'fallback', blocks })).toEqual([]);
  });

  it('throw on an over-long action_id rather than silently routing clicks elsewhere', () => {
    expect(() => button({ text: 'Go', actionId: 'a'.repeat(256) })).toThrow(RangeError);
  });
});

describe('composeMessage', () => {
  const more = { text: 'More', actionId: 'answer_more', value: '{"p":1}' };
  const items = Array.from({ length: 1_000 }, (_, i) => section(`Project ${i}`));

  it('keeps 1,000 items within 50 blocks and ends with the more button', () => {
    const message = composeMessage({ text: 'Projects', blocks: items, more });
    expect(message.blocks).toHaveLength(SLACK_LIMITS.messageBlocks);
    expect(message.blocks.slice(0, 49)).toEqual(items.slice(0, 49));
    expect(message.blocks.at(-1)).toEqual(actions([button(more)]));
    expect(findLimitViolations(message)).toEqual([]);
  });

  it('keeps the first 50 blocks when there is no more button to offer', () => {
    const message = composeMessage({ text: 'Projects', blocks: items });
    expect(message.blocks).toEqual(items.slice(0, 50));
  });

  it('returns blocks that fit as they are, without a more button', () => {
    const blocks: KnownBlock[] = [header('Status'), divider(), ...items.slice(0, 48)];
    expect(composeMessage({ text: 'Status', blocks, more }).blocks).toEqual(blocks);
  });

  it('truncates the fallback text to 3,000 characters', () => {
    const { text } = composeMessage({ text: 't'.repeat(5_000), blocks: [] });
    expect(text).toHaveLength(3_000);
  });
});

describe('paginate', () => {
  const letters = ['a', 'b', 'c', 'd', 'e'];

  it('returns the requested page and says whether more follow', () => {
    expect(paginate(letters, 0, 2)).toEqual({ items: ['a', 'b'], page: 0, hasMore: true, total: 5 });
    expect(paginate(letters, 2, 2)).toEqual({ items: ['e'], page: 2, hasMore: false, total: 5 });
  });

  it('clamps a page beyond the end to the last page, and a negative one to the first', () => {
    expect(paginate(letters, 99, 2)).toMatchObject({ items: ['e'], page: 2, hasMore: false });
    expect(paginate(letters, -3, 2)).toMatchObject({ items: ['a', 'b'], page: 0, hasMore: true });
  });

  it('gives an empty first page for an empty list', () => {
    expect(paginate([], 4, 10)).toEqual({ items: [], page: 0, hasMore: false, total: 0 });
  });
});

describe('empty text', () => {
  it('shows as a dash instead of making Slack refuse the whole message', () => {
    const blocks = [header(''), section('   '), context(['', 'x'])];
    expect(findLimitViolations({ text: 'x', blocks })).toEqual([]);
    expect(JSON.stringify(blocks)).toContain('–');
  });
});
