/**
 * What is due after downtime: which of the deliveries that came due are still worth posting, and why
 * the others are skipped.
 */
import type { PlannedDelivery } from './deliveryKeys.js';
import { decideDigest } from './digest.js';
import type { IsoDate } from './programme.js';
import { decideDue, supersededReminders } from './reminderPlan.js';

/** A delivery that has come due and was not yet sent or settled, identified by the caller's own id. */
export interface DueDelivery<Id> extends PlannedDelivery {
  id: Id;
  /** When the channel subscribed to what this delivers; null or absent when unknown. */
  subscribedAt?: Date | null;
}

/** The reason a delivery is not posted because it came due before its channel subscribed: not an outage. */
export const BEFORE_SUBSCRIPTION = 'before subscription';

export interface CatchUpOptions {
  timezone: string;
  /** How late a missed delivery may still be posted. */
  graceMs: number;
}

export interface CatchUp<Id, Delivery extends DueDelivery<Id>> {
  send: Delivery[];
  skip: { delivery: Delivery; reason: string }[];
}

/**
 * A reminder or nudge found in `plan` follows `decideDue` (one its quiet period skips is skipped); a digest, or a reminder whose phase left the plan, is
 * posted only within the grace period. Of several reminders of one phase still due for a channel, only
 * the latest is posted: the others are skipped as superseded. What came due before the channel
 * subscribed and is not posted is skipped as just that: nothing was missed, there was no outage.
 */
export function dueAfterCatchUp<Id, Delivery extends DueDelivery<Id>>(
  due: Delivery[],
  plan: ReadonlyMap<string, { dueAt: Date; targetDay: IsoDate; skip?: string }>,
  now: Date,
  options: CatchUpOptions,
): CatchUp<Id, Delivery> {
  const skip: CatchUp<Id, Delivery>['skip'] = [];
  const stillDue: Delivery[] = [];
  for (const delivery of due) {
    const reminder = plan.get(delivery.key);
    const decision =
      (delivery.kind === 'reminder' || delivery.kind === 'nudge') && reminder
        ? decideDue(reminder, now, options)
        : decideDigest(delivery, now, options.graceMs);
    if (decision.action === 'skip')
      skip.push({ delivery, reason: beforeSubscription(delivery) ?? decision.reason ?? 'missed' });
    else if (decision.action === 'send') stillDue.push(delivery);
  }
  const superseded = supersededReminders(
    stillDue
      .filter((delivery) => delivery.kind === 'reminder')
      .map((delivery) => ({
        id: delivery.id,
        phaseId: delivery.phaseId ?? '',
        offset: delivery.offset ?? 'P0D',
        channelId: delivery.channelId,
      })),
  );
  for (const delivery of stillDue) {
    if (superseded.has(delivery.id))
      skip.push({
        delivery,
        reason:
          beforeSubscription(delivery) ?? 'superseded: a later reminder of the same phase is posted instead',
      });
  }
  return { send: stillDue.filter((delivery) => !superseded.has(delivery.id)), skip };
}

function beforeSubscription(delivery: DueDelivery<unknown>): string | null {
  const { subscribedAt } = delivery;
  if (!subscribedAt || delivery.dueAt >= subscribedAt) return null;
  return `${BEFORE_SUBSCRIPTION}: due ${delivery.dueAt.toISOString()}, subscribed ${subscribedAt.toISOString()}`;
}
