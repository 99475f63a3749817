import type { KnownBlock, Overflow } from '@slack/types';
import { type Locale, messages } from '../../i18n/index.js';
import { actions, button, context, section } from '../blocks/index.js';

/** One entry of a long list on the Home: its line (mrkdwn) and its menu, if it has one. */
export interface ListLine {
  text: string;
  menu: Overflow | null;
}

/** The action ids of a list's Previous and Next buttons (one each, as Slack wants in one block). */
export interface PagingActions {
  previous: string;
  next: string;
}

/**
 * A long list within `maxBlocks` of the Home's 100: one section per entry, from the page holding entry
 * `offset` on, and when it does not fit whole, the range shown and (with `paging`) Previous / Next,
 * whose value is the first entry of their page. Without `paging` (a message, which cannot page) the
 * range line says how much is left out.
 */
export function pagedList(
  lines: ListLine[],
  options: { offset: number; maxBlocks: number; locale: Locale; paging: PagingActions | null },
): KnownBlock[] {
  const m = messages(options.locale);
  // The range and the paging buttons below the entries.
  const perPage = Math.max(1, options.maxBlocks - 2);
  const offset = Math.min(Math.max(0, options.offset), Math.max(0, lines.length - 1));
  const start = offset - (offset % perPage);
  const shown = lines.slice(start, start + perPage);
  const blocks: KnownBlock[] = shown.map((line) =>
    section(line.text, line.menu ? { accessory: line.menu } : {}),
  );
  if (lines.length <= perPage) return blocks;
  blocks.push(context([m.admin.range(start + 1, start + shown.length, lines.length)]));
  const { paging } = options;
  if (!paging) return blocks;
  const buttons = [
    ...(start > 0
      ? [button({ text: m.admin.previous, actionId: paging.previous, value: String(start - perPage) })]
      : []),
    ...(start + perPage < lines.length
      ? [button({ text: m.admin.next, actionId: paging.next, value: String(start + perPage) })]
      : []),
  ];
  blocks.push(actions(buttons));
  return blocks;
}
