import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { EventDeliveries } from '../../../usecases/eventDeliveries.js';
import type { SlackServices } from '../../services.js';

/**
 * Slack retries an event it thinks timed out, possibly to another instance: a second delivery of the
 * same event id goes no further than this, so no listener ever handles an event twice. Bolt has
 * already acknowledged it to Slack. Placed before each event listener (Koers has one per event type
 * it handles).
 */
export function ignoreRetriedEvents(services: SlackServices): Middleware<AnyMiddlewareArgs> {
  const deliveries = new EventDeliveries(services.db);
  return async ({ body, next }) => {
    const eventId =
      (body as { type?: string; event_id?: unknown }).type === 'event_callback'
        ? (body as { event_id?: unknown }).event_id
        : undefined;
    if (typeof eventId !== 'string' || eventId.length === 0 || eventId.length > 100) {
      await next();
      return;
    }
    if (!(await deliveries.isFirst(eventId))) {
      services.logger.info({ eventId }, 'Slack event already handled; retry ignored');
      return;
    }
    await next();
  };
}
