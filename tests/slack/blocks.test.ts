import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { esc } from '../../src/present/answerDocument.js';
import {
  actions,
  button,
  composeMessage,
  context,
  divider,
  fields,
  findLimitViolations,
  header,
  paginate,
  plainText,
  SLACK_LIMITS,
  section,
  truncate,
} from '../../src/slack/blocks/index.js';

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

  it('esc neutralises channel pings, mentions and links in user text', () => {
    const escaped = esc('Hi <!channel> and <@U123>, see <https://evil.example|here> & more');
    expect(escaped).toBe(
      'Hi &lt;!channel&gt; and &lt;@U123&gt;, see &lt;https://evil.example|here&gt; &amp; more',
    );
    expect(escaped).not.toMatch(/[<>]/);
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

describe('findLimitViolations', () => {
  /** Text objects exactly as given, where the builders would truncate. */
  const raw = (char: string, length: number) => ({ type: 'plain_text' as const, text: char.repeat(length) });
  const rawMrkdwn = (char: string, length: number) => ({
    type: 'mrkdwn' as const,
    text: char.repeat(length),
  });
  const options = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ text: plainText(`Option ${i}`, 75), value: `v${i}` }));

  it('accepts a valid message and valid views', () => {
    const message = {
      text: 'Status',
      blocks: [
        header('Status'),
        section('*Running*', { accessory: button({ text: 'Open', actionId: 'open' }), blockId: 'running' }),
        fields(['a', 'b']),
        context(['note']),
        actions([
          button({ text: 'Share', actionId: 'share', value: '1', style: 'primary' }),
          { type: 'static_select', action_id: 'pick', options: options(3) },
        ]),
      ],
    };
    const modal = {
      type: 'modal',
      title: plainText('Feedback', 24),
      submit: plainText('Send', 24),
      private_metadata: '{"phase":"vision"}',
      blocks: [
        {
          type: 'input',
          label: plainText('Your feedback', 2_000),
          element: { type: 'plain_text_input', action_id: 'note', multiline: true, max_length: 3_000 },
        },
        {
          type: 'input',
          label: plainText('Due', 2_000),
          element: { type: 'datepicker', initial_date: '2017-09-20' },
        },
      ],
    };
    const home = { type: 'home', blocks: Array.from({ length: 100 }, () => divider()) };
    expect(findLimitViolations(message)).toEqual([]);
    expect(findLimitViolations(modal)).toEqual([]);
    expect(findLimitViolations(home)).toEqual([]);
  });

  it.each([
    ['too many blocks', { blocks: Array.from({ length: 51 }, divider) }, 'blocks: 51 items > 50'],
    [
      'a long header',
      { blocks: [{ type: 'header', text: raw('h', 151) }] },
      'blocks[0].text.text: 151 > 150',
    ],
    [
      'a long button text',
      { blocks: [actions([{ type: 'button', action_id: 'go', text: raw('b', 76) }])] },
      'blocks[0].elements[0].text.text: 76 > 75',
    ],
    [
      'long section text',
      { blocks: [divider(), divider(), divider(), { type: 'section', text: rawMrkdwn('s', 3_012) }] },
      'blocks[3].text.text: 3012 > 3000',
    ],
    [
      'too many fields',
      { blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => rawMrkdwn('f', 1)) }] },
      'blocks[0].fields: 11 items > 10',
    ],
    [
      'a duplicate block_id',
      { blocks: [section('one', { blockId: 'same' }), section('two', { blockId: 'same' })] },
      'blocks[1].block_id: duplicate "same"',
    ],
    [
      'a duplicate action_id in one actions block',
      { blocks: [actions([button({ text: 'A', actionId: 'go' }), button({ text: 'B', actionId: 'go' })])] },
      'blocks[0].elements[1].action_id: duplicate "go"',
    ],
    ['a long modal title', { type: 'modal', title: raw('t', 25), blocks: [] }, 'title.text: 25 > 24'],
    [
      'long private_metadata',
      { type: 'home', private_metadata: 'm'.repeat(3_001), blocks: [] },
      'private_metadata: 3001 > 3000',
    ],
    [
      'too many options',
      { blocks: [actions([{ type: 'static_select', action_id: 'pick', options: options(101) }])] },
      'blocks[0].elements[0].options: 101 items > 100',
    ],
    [
      'a section without text or fields',
      { blocks: [{ type: 'section' }] },
      'blocks[0]: a section needs text or fields',
    ],
    [
      'a button without action_id',
      { blocks: [actions([{ type: 'button', text: raw('b', 2) }])] },
      'blocks[0].elements[0].action_id: missing',
    ],
    [
      'an empty text object',
      {
        blocks: [
          {
            type: 'context',
            elements: [
              { type: 'mrkdwn', text: 'fine' },
              { type: 'mrkdwn', text: '' },
            ],
          },
        ],
      },
      'blocks[0].elements[1].text: empty',
    ],
    [
      'a text input allowing more than 3,000 characters',
      {
        type: 'modal',
        title: raw('t', 4),
        submit: raw('s', 4),
        blocks: [
          { type: 'input', label: raw('l', 4), element: { type: 'plain_text_input', max_length: 5_000 } },
        ],
      },
      'blocks[0].element.max_length: 5000 > 3000',
    ],
  ])('reports %s', (_kind, payload, violation) => {
    expect(findLimitViolations(payload)).toEqual([violation]);
  });
});

describe('empty text', () => {
  it('shows as a dash instead of making Slack refuse the whole message', () => {
    const blocks = [header(''), section('   '), context(['', 'x'])];
    expect(findLimitViolations({ text: 'x', blocks })).toEqual([]);
    expect(JSON.stringify(blocks)).toContain('–');
  });
});
