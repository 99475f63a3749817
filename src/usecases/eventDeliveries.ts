import type { Database } from '../db/client.js';
import { forgetEventsBefore, markEventSeen } from '../db/eventRepository.js';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Which deliveries of Slack's events are their first, for every instance at once: Slack retries an
 * event it thinks timed out (X-Slack-Retry-Num), possibly to another instance. Each event id is
 * recorded in the database; the ids older than Slack's retries (within the hour) are forgotten hourly.
 */
export class EventDeliveries {
  private lastCleanup = 0;

  constructor(private readonly db: Database) {}

  /** False when some instance had this event already. */
  async isFirst(eventId: string): Promise<boolean> {
    // Without the database we cannot tell a retry from a first delivery: handling twice beats dropping.
    const first = await markEventSeen(this.db, eventId).catch(() => true);
    if (first && Date.now() - this.lastCleanup > HOUR_MS) {
      this.lastCleanup = Date.now();
      await forgetEventsBefore(this.db, new Date(Date.now() - 2 * HOUR_MS)).catch(() => {});
    }
    return first;
  }
}
