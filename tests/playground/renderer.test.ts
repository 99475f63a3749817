import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderBlocks } from '../../src/playground/render/blockKit.js';
import { renderMrkdwn } from '../../src/playground/render/mrkdwn.js';
import {
  ALLOWED_TAGS,
  type ElementNode,
  type RenderNode,
  textOf,
  walk,
} from '../../src/playground/render/tree.js';

const names = {
  user: (id: string) => ({ U1: 'Anke' })[id],
  channel: (id: string) => ({ C1: 'innovatie' })[id],
};
const all = (nodes: RenderNode[]): ElementNode[] => nodes.flatMap((node) => [...walk(node)]);
const tags = (nodes: RenderNode[]) => all(nodes).map((node) => node.tag);
const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const option = (text: string, value: string) => ({ text: plain(text), value });

describe('mrkdwn as Slack shows it', () => {
  it('renders bold, italic, strike and code', () => {
    const nodes = renderMrkdwn('*vet* _schuin_ ~weg~ `code`');
    expect(tags(nodes)).toEqual(['p', 'strong', 'em', 's', 'code']);
    expect(nodes.map(textOf).join('')).toBe('vet schuin weg code');
  });

  it('makes a channel or a link between marks bold, as the delivery log heading is: no literal asterisks', () => {
    const nodes = renderMrkdwn('*<#C1>* · _en 2 eerdere_', names);
    expect(tags(nodes)).toEqual(['p', 'strong', 'span', 'em']);
    expect(nodes.map(textOf).join('')).toBe('#innovatie · en 2 eerdere');
    // Text that carries the token marks itself shows no other token.
    expect(renderMrkdwn('\uE0000\uE001 <#C1>', names).map(textOf).join('')).toBe('\uFFFD0\uFFFD #innovatie');
  });

  it('leaves marks inside words and unmatched marks as text', () => {
    expect(tags(renderMrkdwn('snake_case_name and 2*3*4'))).toEqual(['p']);
    expect(tags(renderMrkdwn('a * b'))).toEqual(['p']);
  });

  it('renders links with their label, mentions by name and <!here> as a word', () => {
    const nodes = renderMrkdwn(
      '<https://example.org/a?b=1&amp;c=2|de site> <@U1> <#C1> <#C9|bestuur> <!here>',
      names,
    );
    const link = all(nodes).find((node) => node.tag === 'a');
    expect(link?.attrs?.href).toBe('https://example.org/a?b=1&c=2');
    expect(textOf(link as ElementNode)).toBe('de site');
    expect(nodes.map(textOf).join('')).toBe('de site @Anke #innovatie #bestuur @here');
  });

  it('shows a link to anything but the web, mail or a calendar feed as its text only', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,x', 'JaVaScRiPt:alert(1)', 'vbscript:x']) {
      const nodes = renderMrkdwn(`<${url}|klik>`);
      expect(tags(nodes)).toEqual(['p']);
      expect(nodes.map(textOf).join('')).toBe('klik');
    }
    expect(all(renderMrkdwn('<mailto:a@b.nl|mail>')).some((node) => node.tag === 'a')).toBe(true);
    // The calendar answer's one-click subscription.
    const webcal = all(renderMrkdwn('<webcal://127.0.0.1:3000/calendar/x.ics|abonneren>'));
    expect(webcal.find((node) => node.tag === 'a')?.attrs?.href).toBe(
      'webcal://127.0.0.1:3000/calendar/x.ics',
    );
  });

  it('renders bullet and numbered lists, quotes and code blocks', () => {
    expect(tags(renderMrkdwn('• een\n• twee'))).toEqual(['ul', 'li', 'li']);
    expect(tags(renderMrkdwn('1. een\n2. twee'))).toEqual(['ol', 'li', 'li']);
    expect(tags(renderMrkdwn('&gt; geciteerd *vet*'))).toEqual(['blockquote', 'p', 'strong']);
    const pre = renderMrkdwn('```\n*niet vet*\n<x>\n```');
    expect(tags(pre)).toEqual(['pre']);
    expect(textOf(pre[0] as RenderNode)).toBe('*niet vet*\n<x>\n');
  });

  it('turns Slack escapes back into the characters, as text', () => {
    const nodes = renderMrkdwn('&lt;img src=x onerror=alert(1)&gt; &amp;');
    expect(tags(nodes)).toEqual(['p']);
    expect(nodes.map(textOf).join('')).toBe('<img src=x onerror=alert(1)> &');
  });
});

describe('Block Kit as Slack shows it', () => {
  it('renders header, section with text, fields and accessory, context, divider, actions and image', () => {
    const nodes = renderBlocks([
      { type: 'header', text: plain('Kop &amp; zo') },
      {
        type: 'section',
        text: mrkdwn('*Tekst*'),
        fields: [mrkdwn('*Status*\nLopend'), plain('AVV')],
        accessory: { type: 'button', text: plain('Meer'), action_id: 'more', value: 'v1', style: 'primary' },
      },
      {
        type: 'context',
        elements: [mrkdwn('klein'), { type: 'image', image_url: 'https://x.nl/a.png', alt_text: 'logo' }],
      },
      { type: 'divider' },
      {
        type: 'actions',
        block_id: 'a1',
        elements: [{ type: 'button', text: plain('Deel'), action_id: 'share' }],
      },
      { type: 'image', image_url: 'https://x.nl/b.png', alt_text: 'grafiek', title: plain('Titel') },
    ]);
    expect(nodes.map((node) => (node as ElementNode).attrs?.class)).toEqual([
      'block header',
      'block section',
      'block context',
      'block divider',
      'block actions',
      'block image',
    ]);
    expect(textOf(nodes[0] as RenderNode)).toBe('Kop & zo');
    const buttons = all(nodes).filter((node) => node.tag === 'button');
    expect(
      buttons.map((b) => [b.attrs?.['data-action-id'], b.attrs?.['data-value'], b.attrs?.['data-block-id']]),
    ).toEqual([
      ['more', 'v1', 'b1'],
      ['share', undefined, 'a1'],
    ]);
    expect(
      all(nodes)
        .filter((node) => node.tag === 'img')
        .map((img) => img.attrs?.alt),
    ).toEqual(['logo', 'grafiek']);
    expect(all(nodes).some((node) => node.attrs?.['data-unsupported'])).toBe(false);
  });

  it('renders every input element Koers uses, labelled by its block label, with field errors under it', () => {
    const nodes = renderBlocks(
      [
        {
          type: 'input',
          block_id: 'text',
          label: plain('Titel'),
          element: { type: 'plain_text_input', action_id: 'v', initial_value: 'x' },
        },
        {
          type: 'input',
          block_id: 'long',
          label: plain('Toelichting'),
          element: { type: 'plain_text_input', action_id: 'v', multiline: true },
          hint: plain('Kort'),
        },
        {
          type: 'input',
          block_id: 'one',
          label: plain('Bibliotheek'),
          element: {
            type: 'static_select',
            action_id: 'v',
            options: [option('AVV', 'AVV'), option('HGH', 'HGH')],
            initial_option: option('HGH', 'HGH'),
          },
        },
        {
          type: 'input',
          block_id: 'many',
          label: plain('Projecten'),
          element: { type: 'multi_static_select', action_id: 'v', options: [option('A', 'a')] },
        },
        {
          type: 'input',
          block_id: 'radio',
          label: plain('Oordeel'),
          element: {
            type: 'radio_buttons',
            action_id: 'v',
            options: [option('Eens', 'agree'), option('Oneens', 'disagree')],
          },
        },
        {
          type: 'input',
          block_id: 'check',
          label: plain('Contact'),
          element: { type: 'checkboxes', action_id: 'v', options: [option('Ja', 'yes')] },
          optional: true,
        },
        {
          type: 'input',
          block_id: 'date',
          label: plain('Mijlpaal'),
          element: { type: 'datepicker', action_id: 'v', initial_date: '2017-10-01' },
        },
        {
          type: 'input',
          block_id: 'ext',
          label: plain('Zoek'),
          element: { type: 'external_select', action_id: 's', min_query_length: 1 },
        },
        {
          type: 'input',
          block_id: 'mext',
          label: plain('Prioriteiten'),
          element: {
            type: 'multi_external_select',
            action_id: 's',
            max_selected_items: 3,
            initial_options: [option('Idee 1', 'i1')],
          },
        },
      ],
      { errors: { text: 'Geef een titel.', radio: 'Kies je oordeel.' } },
    );
    const kinds = all(nodes)
      .map((node) => node.attrs?.['data-kind'])
      .filter(Boolean);
    expect(kinds).toEqual([
      'plain_text_input',
      'plain_text_input',
      'static_select',
      'multi_static_select',
      'radio_buttons',
      'checkboxes',
      'datepicker',
      'external_select',
      'multi_external_select',
    ]);
    const labels = all(nodes).filter((node) => node.tag === 'label' && node.attrs?.for);
    const ids = new Set(all(nodes).map((node) => node.attrs?.id));
    for (const label of labels) expect(ids.has(label.attrs?.for)).toBe(true);
    expect(
      all(nodes)
        .filter((node) => node.tag === 'legend')
        .map(textOf),
    ).toEqual(['Oordeel', 'Contact']);
    const errors = all(nodes).filter((node) => node.attrs?.class === 'field-error');
    expect(errors.map(textOf)).toEqual(['Geef een titel.', 'Kies je oordeel.']);
    const textBlock = nodes[0] as ElementNode;
    expect(all([textBlock]).find((node) => node.tag === 'input')?.attrs?.['aria-invalid']).toBe('true');
    expect(
      all(nodes).find((node) => node.tag === 'option' && node.attrs?.selected !== undefined)?.attrs?.value,
    ).toBe('HGH');
    expect(all(nodes).find((node) => node.attrs?.type === 'date')?.attrs?.value).toBe('2017-10-01');
    expect(
      all(nodes)
        .filter((node) => node.attrs?.class === 'chip')
        .map((chip) => chip.attrs?.['data-value']),
    ).toEqual(['i1']);
    expect(all(nodes).some((node) => node.attrs?.['data-unsupported'])).toBe(false);
  });

  it("renders a user picker with the workspace's people, the chosen ones selected, as Slack sends user ids", () => {
    const nodes = renderBlocks(
      [
        {
          type: 'input',
          block_id: 'contacts',
          label: plain('Contactpersonen'),
          element: {
            type: 'multi_users_select',
            action_id: 'value',
            max_selected_items: 10,
            initial_users: ['U1', 'UGONE'],
          },
          optional: true,
        },
      ],
      {
        names,
        users: [
          { id: 'U1', name: 'Anke' },
          { id: 'U2', name: 'Bram' },
        ],
      },
    );
    const picker = all(nodes).find((node) => node.attrs?.['data-kind'] === 'multi_users_select');
    expect(picker?.tag).toBe('select');
    expect(picker?.attrs?.multiple).toBe('');
    const options = all(nodes).filter((node) => node.tag === 'option');
    expect(options.map((o) => [o.attrs?.value, textOf(o), o.attrs?.selected !== undefined])).toEqual([
      ['U1', 'Anke', true],
      ['U2', 'Bram', false],
      // Chosen before, no longer among the people: still chosen, shown by id.
      ['UGONE', 'UGONE', true],
    ]);
    expect(all(nodes).some((node) => node.attrs?.['data-unsupported'])).toBe(false);
  });

  it('renders overflow menus and confirm dialogs, and marks what it does not know', () => {
    const nodes = renderBlocks([
      {
        type: 'actions',
        elements: [
          { type: 'overflow', action_id: 'o', options: [option('Een', '1')] },
          {
            type: 'button',
            text: plain('Weg'),
            action_id: 'd',
            confirm: {
              title: plain('Zeker?'),
              text: plain('Echt'),
              confirm: plain('Ja'),
              deny: plain('Nee'),
            },
          },
        ],
      },
      { type: 'rich_text', elements: [] },
    ]);
    expect(all(nodes).find((node) => node.attrs?.['data-kind'] === 'overflow')?.tag).toBe('select');
    expect(
      JSON.parse(all(nodes).find((node) => node.attrs?.['data-confirm'])?.attrs?.['data-confirm'] ?? '{}')
        .title,
    ).toBe('Zeker?');
    expect(all(nodes).find((node) => node.attrs?.['data-unsupported'])?.attrs?.['data-unsupported']).toBe(
      'rich_text',
    );
  });

  it('links a url button only to the web', () => {
    const safe = renderBlocks([
      {
        type: 'actions',
        elements: [{ type: 'button', text: plain('Open'), action_id: 'a', url: 'https://x.nl' }],
      },
    ]);
    expect(all(safe).find((node) => node.tag === 'a')?.attrs?.href).toBe('https://x.nl');
    const unsafe = renderBlocks([
      {
        type: 'actions',
        elements: [{ type: 'button', text: plain('Open'), action_id: 'a', url: 'javascript:alert(1)' }],
      },
    ]);
    expect(all(unsafe).some((node) => node.tag === 'a')).toBe(false);
  });
});

describe('nothing in a message becomes markup (fuzz)', () => {
  const hostile = fc.oneof(
    fc.string(),
    fc.constantFrom(
      '<img src=x onerror=alert(1)>',
      '<script>alert(1)</script>',
      '<javascript:alert(1)|x>',
      '<!here>',
      '&lt;b&gt;',
      '"><svg onload=alert(1)>',
      '<data:text/html,x|y>',
      '*_~`',
    ),
  );
  const sources = fc.array(hostile, { maxLength: 8 }).map((parts) => parts.join(''));

  it("keeps every tag to the renderer's own, every link to http(s), webcal or mailto, and no event handler attribute", () => {
    fc.assert(
      fc.property(sources, (source) => {
        const nodes = [
          ...renderMrkdwn(source, names),
          ...renderBlocks([
            { type: 'header', text: plain(source) },
            { type: 'section', text: mrkdwn(source), fields: [mrkdwn(source)] },
            {
              type: 'context',
              elements: [mrkdwn(source), { type: 'image', image_url: source, alt_text: source }],
            },
            {
              type: 'actions',
              elements: [
                { type: 'button', text: plain(source), action_id: source, value: source, url: source },
              ],
            },
            {
              type: 'input',
              block_id: source,
              label: plain(source),
              element: { type: 'static_select', action_id: source, options: [option(source, source)] },
            },
          ]),
        ];
        for (const node of all(nodes)) {
          expect(ALLOWED_TAGS.has(node.tag), node.tag).toBe(true);
          for (const name of Object.keys(node.attrs ?? {})) expect(name.startsWith('on')).toBe(false);
          if (node.attrs?.href !== undefined)
            expect(node.attrs.href).toMatch(/^(https?:\/\/|webcal:\/\/|mailto:)/i);
          if (node.tag === 'img') expect(node.attrs?.src).toMatch(/^https?:\/\//i);
        }
      }),
      { numRuns: 500 },
    );
  });
});
