import { createHash } from 'node:crypto';
import { markEventSeen } from '../db/eventRepository.js';
import type { UseCaseContext } from './context.js';

export interface AnswerShare {
  userId: string;
  channelId: string;
  /** The message the "share" button is under (Slack's container.message_ts); null when Slack sent none. */
  messageTs: string | null;
  /** The button's value: which answer it shares. */
  value: string;
}

export type ShareOutcome = { kind: 'share' } | { kind: 'alreadyShared' };

/**
 * "Share in the channel" clicked: the first click for one answer message shares it, a second click (or
 * Slack's retry) is told it is there already, on any instance. Remembered as long as Slack's events
 * are (two hours), longer than a response_url lives (30 minutes).
 */
export async function shareAnswer(
  context: Pick<UseCaseContext, 'db'>,
  share: AnswerShare,
): Promise<ShareOutcome> {
  const identity = JSON.stringify([share.channelId, share.messageTs, share.userId, share.value]);
  const key = `share:${createHash('sha256').update(identity).digest('hex')}`;
  return (await markEventSeen(context.db, key)) ? { kind: 'share' } : { kind: 'alreadyShared' };
}
