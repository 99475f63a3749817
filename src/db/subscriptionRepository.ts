import { and, eq } from 'drizzle-orm';
import type { Database } from './client.js';
import { type SUBSCRIPTION_TOPICS, subscriptions } from './schema.js';

export type SubscriptionTopic = (typeof SUBSCRIPTION_TOPICS)[number];

/** Subscribes a channel; returns false when it already was. */
export async function subscribe(
  db: Database,
  channelId: string,
  topic: SubscriptionTopic,
  createdBy: string | null,
  now: Date,
): Promise<boolean> {
  const inserted = await db
    .insert(subscriptions)
    .values({ channelId, topic, createdBy, createdAt: now })
    .onConflictDoNothing()
    .returning({ channelId: subscriptions.channelId });
  return inserted.length > 0;
}

/** Ends a subscription; returns false when there was none. */
export async function unsubscribe(
  db: Database,
  channelId: string,
  topic: SubscriptionTopic,
): Promise<boolean> {
  const removed = await db
    .delete(subscriptions)
    .where(and(eq(subscriptions.channelId, channelId), eq(subscriptions.topic, topic)))
    .returning({ channelId: subscriptions.channelId });
  return removed.length > 0;
}

export async function subscribedChannels(db: Database, topic: SubscriptionTopic): Promise<string[]> {
  const rows = await db
    .select({ channelId: subscriptions.channelId })
    .from(subscriptions)
    .where(eq(subscriptions.topic, topic))
    .orderBy(subscriptions.channelId);
  return rows.map((row) => row.channelId);
}

export async function topicsOf(db: Database, channelId: string): Promise<SubscriptionTopic[]> {
  const rows = await db
    .select({ topic: subscriptions.topic })
    .from(subscriptions)
    .where(eq(subscriptions.channelId, channelId));
  return rows.map((row) => row.topic);
}

/** When a channel subscribed to a topic, or null when it is not subscribed. */
export async function subscribedSince(
  db: Database,
  channelId: string,
  topic: SubscriptionTopic,
): Promise<Date | null> {
  const [row] = await db
    .select({ createdAt: subscriptions.createdAt })
    .from(subscriptions)
    .where(and(eq(subscriptions.channelId, channelId), eq(subscriptions.topic, topic)));
  return row?.createdAt ?? null;
}
