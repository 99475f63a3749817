/*
 * The format of `deliveries.key`: with the channel, the identity of one post. A key must stay the same
 * across re-plans and restarts, since "sent once" is checked against it.
 */

/**
 * One post the scheduler owes: a timeline reminder or a weekly digest to a channel, or a nudge to one
 * person (its `channelId` is then the person's user id), due at an instant.
 */
export interface PlannedDelivery {
  kind: 'reminder' | 'digest' | 'nudge';
  /** `reminderKey`, `digestKey` or `nudgeKey`. */
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
 * A nudge's identity with its recipient: what is owed and by when. A deadline that moves makes a new
 * nudge (the old one, unsent, is withdrawn); one already sent for that deadline is never sent again.
 */
export function nudgeKey(nudge: { phaseId: string; deadline: string }): string {
  return `nudge/${nudge.phaseId}/${nudge.deadline}`;
}

/**
 * A library that owes something with nobody linked to it still gets a nudge's row, under this recipient
 * and the nudge's key with `/nobody`: skipped as "nobody to remind", so the admins see it in the log.
 */
export function nobodyRecipient(libraryCode: string): string {
  return `library:${libraryCode}`;
}

/** The library of a `nobodyRecipient`; null for a person's user id or a channel. */
export function libraryOfNobodyRecipient(recipient: string): string | null {
  return recipient.startsWith('library:') ? recipient.slice('library:'.length) : null;
}

export function nobodyNudgeKey(nudge: { phaseId: string; deadline: string }): string {
  return `${nudgeKey(nudge)}/nobody`;
}

/** The reason a nudge is skipped: its library owes something, but nobody is linked to it. */
export const NOBODY_TO_REMIND = 'nobody to remind';

/** The reason a nudge is skipped: its recipient muted Koers's direct messages (`/project stil`). */
export const MUTED = 'muted';

/**
 * How a delivery given up with its outcome unknown starts its recorded error: Slack may have had it, but
 * its channel could not be checked. The delivery log says so in words.
 */
export const UNKNOWN_OUTCOME = 'outcome unknown: ';
