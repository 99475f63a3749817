import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import { type Locale, messages } from '../../i18n/index.js';
import type { AnswerDocument } from '../../present/answerDocument.js';
import {
  actions,
  button,
  context,
  header,
  paginate,
  SLACK_LIMITS,
  section,
  truncate,
} from '../blocks/index.js';

export interface SlackMessage {
  text: string;
  blocks?: KnownBlock[];
}

export const ANSWER_ACTIONS = { share: 'answer_share', more: 'answer_more' } as const;

/** Lines of a long list per page: with headings and packing this stays far below 50 blocks. */
export const LINES_PER_PAGE = 30;

/** What the share and more buttons carry: the command to answer again, and which page. */
const buttonValue = z.object({ t: z.string().max(1_000), p: z.number().int().min(0).max(10_000) });
export type AnswerButtonValue = { text: string; page: number };

export function parseAnswerButtonValue(raw: string | undefined): AnswerButtonValue | null {
  try {
    const parsed = buttonValue.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? { text: parsed.data.t, page: parsed.data.p } : null;
  } catch {
    return null;
  }
}

function encodeButtonValue(value: AnswerButtonValue): string {
  return JSON.stringify({ t: value.text.slice(0, 1_000), p: value.page });
}

export interface LayoutOptions {
  locale: Locale;
  commandText: string;
  page: number;
  sharedBy?: string | undefined;
}

/**
 * An answer as a Slack message: title, intro, one page of the list packed into as few sections as
 * the 3,000-character limit allows, notes, and the share / more buttons.
 */
export function layoutAnswer(doc: AnswerDocument, options: LayoutOptions): SlackMessage {
  const m = messages(options.locale);
  const items = doc.groups.flatMap((group) => group.lines.map((line) => ({ heading: group.heading, line })));
  const page = paginate(items, options.page, LINES_PER_PAGE);

  const blocks: KnownBlock[] = [header(doc.title)];
  if (page.page === 0) for (const paragraph of doc.intro) blocks.push(section(paragraph));

  let currentHeading: string | null | undefined;
  let packed: string[] = [];
  const flush = () => {
    if (packed.length > 0) blocks.push(section(packed.join('\n')));
    packed = [];
  };
  for (const item of page.items) {
    if (item.heading !== currentHeading) {
      flush();
      currentHeading = item.heading;
      if (item.heading) packed.push(`*${item.heading}*`);
    }
    const candidate = [...packed, item.line].join('\n');
    if (candidate.length > SLACK_LIMITS.sectionText && packed.length > 0) flush();
    packed.push(item.line);
  }
  flush();

  const notes = [...doc.notes];
  if (page.hasMore || page.page > 0) {
    notes.push(m.page(Math.min((page.page + 1) * LINES_PER_PAGE, page.total), page.total));
  }
  if (options.sharedBy) notes.push(m.sharedBy(options.sharedBy));
  if (notes.length > 0) blocks.push(context(notes));

  const buttons = [];
  if (doc.shareable && !options.sharedBy) {
    buttons.push(
      button({
        text: m.share,
        actionId: ANSWER_ACTIONS.share,
        value: encodeButtonValue({ text: options.commandText, page: page.page }),
      }),
    );
  }
  if (page.hasMore && !options.sharedBy) {
    buttons.push(
      button({
        text: m.more,
        actionId: ANSWER_ACTIONS.more,
        value: encodeButtonValue({ text: options.commandText, page: page.page + 1 }),
      }),
    );
  }
  if (buttons.length > 0) blocks.push(actions(buttons));

  return { text: truncate(plainFallback(doc), SLACK_LIMITS.sectionText), blocks };
}

/** The notification and screen-reader text: the title and the first lines. */
function plainFallback(doc: AnswerDocument): string {
  return [doc.title, ...doc.intro.slice(0, 1)].join('\n');
}
