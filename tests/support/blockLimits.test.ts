import { describe, expect, it } from 'vitest';
import {
  actions,
  button,
  context,
  divider,
  fields,
  header,
  plainText,
  section,
} from '../../src/slack/blocks/index.js';
import { findLimitViolations } from './blockLimits.js';

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
