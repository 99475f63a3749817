/*
 * The format of `deliveries.key`: with the channel, the identity of one post. A key must stay the same
 * across re-plans and restarts, since "sent once" is checked against it.
 */

export function reminderKey(reminder: { phaseId: string; offset: string }): string {
  return `${reminder.phaseId}/${reminder.offset}`;
}

export function digestKey(week: { id: string }): string {
  return `digest/${week.id}`;
}
