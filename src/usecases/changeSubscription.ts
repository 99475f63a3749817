import { ensureOverview, setOverviewEnabled } from '../db/overviewRepository.js';
import { type SubscriptionTopic, subscribe, topicsOf, unsubscribe } from '../db/subscriptionRepository.js';
import { isChannelId } from '../domain/channels.js';
import { decide } from '../domain/permissions.js';
import type { UseCaseContext } from './context.js';

export interface SubscriptionChange {
  userId: string;
  channelId: string;
  topic: SubscriptionTopic;
  change: 'subscribe' | 'unsubscribe';
}

export type SubscriptionChangeOutcome =
  | { kind: 'refused' }
  | { kind: 'notAChannel' }
  /** Koers cannot post in the channel (private, and not invited): nothing subscribed. */
  | { kind: 'cannotPost' }
  /** `changed` is false when the channel already was (or was not) subscribed. */
  | { kind: 'done'; changed: boolean };

/**
 * An admin subscribes a channel to the reminders or the weekly digest, or ends that, from `/project
 * subscribe|unsubscribe [digest]` in the channel or `koers subscribe|unsubscribe`. A channel is subscribed only where Koers can post:
 * `canPostIn` joins a public channel, and says no for a private one Koers was not invited to.
 */
export async function changeSubscription(
  context: Pick<UseCaseContext, 'db' | 'actorFor' | 'now'>,
  request: SubscriptionChange,
  canPostIn: (channelId: string) => Promise<boolean>,
): Promise<SubscriptionChangeOutcome> {
  const decision = decide(await context.actorFor(request.userId), { kind: 'manageSubscriptions' });
  if (!decision.allowed) return { kind: 'refused' };
  if (!isChannelId(request.channelId)) return { kind: 'notAChannel' };
  if (request.change === 'unsubscribe') {
    const changed = await unsubscribe(context.db, request.channelId, request.topic);
    // A channel with no subscription left is no programme channel: its overview is unpinned.
    if (changed && (await topicsOf(context.db, request.channelId)).length === 0) {
      await setOverviewEnabled(context.db, request.channelId, false);
    }
    return { kind: 'done', changed };
  }
  if (!(await canPostIn(request.channelId))) return { kind: 'cannotPost' };
  const firstTopic = (await topicsOf(context.db, request.channelId)).length === 0;
  const now = context.now();
  const changed = await subscribe(context.db, request.channelId, request.topic, request.userId, now);
  // Every subscribed channel keeps the live overview, posted and pinned by the next refresh.
  await ensureOverview(context.db, request.channelId, now, { switchOn: changed && firstTopic });
  return { kind: 'done', changed };
}
