import type { KnownBlock } from '@slack/types';
import { withoutBidiControls } from '../../domain/text.js';
import { actions, button } from './builders.js';
import { SLACK_LIMITS, truncate } from './limits.js';

export interface MoreButton {
  text: string;
  actionId: string;
  value: string;
}

export interface ComposedMessage {
  text: string;
  blocks: KnownBlock[];
}

/**
 * A message Slack accepts whatever the content: at most 50 blocks and a bounded fallback text.
 * When the blocks do not fit, the first ones are kept and, when `more` is given, the last slot holds
 * an actions block with that button so the reader can ask for the rest. Blocks that fit are
 * returned as they are, without a more button.
 */
export function composeMessage(input: {
  text: string;
  blocks: KnownBlock[];
  more?: MoreButton;
}): ComposedMessage {
  // The fallback is what a notification shows: no bidi control in it either.
  const text = truncate(withoutBidiControls(input.text), SLACK_LIMITS.fallbackText);
  if (input.blocks.length <= SLACK_LIMITS.messageBlocks) return { text, blocks: input.blocks };
  if (!input.more) return { text, blocks: input.blocks.slice(0, SLACK_LIMITS.messageBlocks) };
  const kept = input.blocks.slice(0, SLACK_LIMITS.messageBlocks - 1);
  return { text, blocks: [...kept, actions([button(input.more)])] };
}

export interface Page<T> {
  items: T[];
  /** The page actually shown: the requested one clamped to the pages that exist. */
  page: number;
  hasMore: boolean;
  total: number;
}

/**
 * One 0-based page of `items`. A page out of range (a stale "more" button after the list shrank,
 * or a hand-edited value) shows the nearest page instead of an empty one.
 */
export function paginate<T>(items: T[], page: number, pageSize: number): Page<T> {
  const size = Math.max(1, Math.floor(pageSize) || 1);
  const lastPage = Math.max(0, Math.ceil(items.length / size) - 1);
  const shown = Math.min(Math.max(0, Math.floor(page) || 0), lastPage);
  const start = shown * size;
  return {
    items: items.slice(start, start + size),
    page: shown,
    hasMore: start + size < items.length,
    total: items.length,
  };
}
