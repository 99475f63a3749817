import type { Database } from '../db/client.js';
import { type LoggedDelivery, recentDeliveries } from '../db/deliveryRepository.js';
import { type Actor, decide, type Refusal } from '../domain/permissions.js';

/** The latest deliveries shown per channel; the count of older ones is shown instead of them. */
export const DELIVERIES_PER_CHANNEL = 5;

export interface ChannelLog {
  channelId: string;
  /** Newest first. */
  deliveries: LoggedDelivery[];
  /** Settled deliveries of the channel not shown. */
  older: number;
}

export type DeliveryLogResult =
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'log'; channels: ChannelLog[] };

/** The admins' log: what was sent, what failed with Slack's error, what was skipped and why, per channel. */
export async function showDeliveryLog(db: Database, actor: Actor): Promise<DeliveryLogResult> {
  const decision = decide(actor, { kind: 'viewDeliveryLog' });
  if (!decision.allowed) return { kind: 'refused', refusal: decision.refusal };
  const channels = new Map<string, ChannelLog>();
  for (const delivery of await recentDeliveries(db, { perChannel: DELIVERIES_PER_CHANNEL })) {
    const log = channels.get(delivery.channelId) ?? {
      channelId: delivery.channelId,
      deliveries: [],
      older: 0,
    };
    log.deliveries.push(delivery);
    log.older = delivery.channelTotal - log.deliveries.length;
    channels.set(delivery.channelId, log);
  }
  return { kind: 'log', channels: [...channels.values()] };
}

/** What became of a retry of a failed delivery. */
export type DeliveryRetryOutcome =
  | { kind: 'sent'; channelId: string }
  | { kind: 'failed'; channelId: string; error: string }
  /** A passing failure: given back to the scheduler, which tries again on its next tick. */
  | { kind: 'retrying'; channelId: string; error: string }
  /** Not failed (any more): retried by another click already, or unknown. Nothing was posted. */
  | { kind: 'notFailed' };

export type RetryResult = { kind: 'refused'; refusal: Refusal } | { kind: 'invalid' } | DeliveryRetryOutcome;

/**
 * An admin's "retry" on a failed delivery. The posting itself belongs to the scheduler's worker
 * (`retry`), which claims the row first: that claim, not this check, is what makes it exactly once.
 */
export async function retryDelivery(
  actor: Actor,
  rawDeliveryId: unknown,
  retry: (deliveryId: number) => Promise<DeliveryRetryOutcome>,
): Promise<RetryResult> {
  const decision = decide(actor, { kind: 'retryDelivery' });
  if (!decision.allowed) return { kind: 'refused', refusal: decision.refusal };
  const id =
    typeof rawDeliveryId === 'string' && /^\d{1,9}$/.test(rawDeliveryId) ? Number(rawDeliveryId) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) return { kind: 'invalid' };
  return retry(id);
}
