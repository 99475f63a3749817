import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { forgetEventsBefore, markEventSeen } from '../../../db/eventRepository.js';
import type { SlackServices } from '../../services.js';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Slack retries an event it thinks timed out (X-Slack-Retry-Num), possibly to another instance. Each
 * event id is recorded in the database; a second delivery of the same id goes no further than this,
 * so no listener ever handles an event twice. Bolt has already acknowledged it to Slack. Placed before
 * each event listener (Koers has one per event type it handles).
 */
export function ignoreRetriedEvents(services: SlackServices): Middleware<AnyMiddlewareArgs> {
  let lastCleanup = 0;
  return async ({ body, next }) => {
    const eventId =
      (body as { type?: string; event_id?: unknown }).type === 'event_callback'
        ? (body as { event_id?: unknown }).event_id
        : undefined;
    if (typeof eventId !== 'string' || eventId.length === 0 || eventId.length > 100) {
      await next();
      return;
    }
    // Without the database we cannot tell a retry from a first delivery: handling twice beats dropping.
    const first = await markEventSeen(services.db, eventId).catch(() => true);
    if (!first) {
      services.logger.info({ eventId }, 'Slack event already handled; retry ignored');
      return;
    }
    if (Date.now() - lastCleanup > HOUR_MS) {
      lastCleanup = Date.now();
      await forgetEventsBefore(services.db, new Date(Date.now() - 2 * HOUR_MS)).catch(() => {});
    }
    await next();
  };
}
