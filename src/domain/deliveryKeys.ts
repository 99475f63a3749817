/*
 * The format of `deliveries.key`: with the channel, the identity of one post. A key must stay the same
 * across re-plans and restarts, since "sent once" is checked against it.
 */

/** One post the scheduler owes a channel: a timeline reminder or a weekly digest, due at an instant. */
export interface PlannedDelivery {
  kind: 'reminder' | 'digest';
  /** `reminderKey` or `digestKey`. */
  key: string;
  channelId: string;
  phaseId: string | null;
  offset: string | null;
  dueAt: Date;
}

export function reminderKey(reminder: { phaseId: string; offset: string }): string {
  return `${reminder.phaseId}/${reminder.offset}`;
}

export function digestKey(week: { id: string }): string {
  return `digest/${week.id}`;
}

/**
 * How a delivery given up with its outcome unknown starts its recorded error: Slack may have had it, but
 * its channel could not be checked. The delivery log says so in words.
 */
export const UNKNOWN_OUTCOME = 'outcome unknown: ';
