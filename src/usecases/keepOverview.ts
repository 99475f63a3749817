import {
  findOverview,
  markOverviewUnpinned,
  requestRepost,
  setOverviewEnabled,
} from '../db/overviewRepository.js';
import { isChannelId } from '../domain/channels.js';
import { decide } from '../domain/permissions.js';
import type { UseCaseContext } from './context.js';

export type OverviewChange = 'repost' | 'off' | 'on';

export type OverviewChangeOutcome =
  | { kind: 'refused' }
  | { kind: 'notAChannel' }
  /** The channel is not subscribed: it has no overview to post, or to switch. */
  | { kind: 'notSubscribed' }
  /** An admin switched the overview off here: posting it anew waits until an admin switches it on. */
  | { kind: 'switchedOff' }
  | { kind: 'done'; change: OverviewChange };

/**
 * `/project overzicht` posts the channel's overview anew (anyone may: it only moves the overview to the
 * bottom of the channel, and is debounced like every refresh); `/project overzicht uit|aan` switches it
 * off or on, which only an admin may, as with the channel's subscriptions.
 */
export async function changeOverview(
  context: UseCaseContext,
  request: { userId: string; channelId: string; change: OverviewChange },
): Promise<OverviewChangeOutcome> {
  if (request.change !== 'repost') {
    const decision = decide(await context.actorFor(request.userId), { kind: 'manageSubscriptions' });
    if (!decision.allowed) return { kind: 'refused' };
  }
  if (!isChannelId(request.channelId)) return { kind: 'notAChannel' };
  const overview = await findOverview(context.db, request.channelId);
  if (!overview) return { kind: 'notSubscribed' };
  if (request.change === 'repost' && !overview.enabled) return { kind: 'switchedOff' };
  const changed =
    request.change === 'repost'
      ? await requestRepost(context.db, request.channelId)
      : await setOverviewEnabled(context.db, request.channelId, request.change === 'on');
  return changed ? { kind: 'done', change: request.change } : { kind: 'notSubscribed' };
}

/** Someone unpinned a message in a channel: if it was the overview, it is pinned again at the next refresh. */
export async function overviewUnpinned(
  context: Pick<UseCaseContext, 'db'>,
  channelId: string,
  messageTs: string,
): Promise<void> {
  await markOverviewUnpinned(context.db, channelId, messageTs);
}
