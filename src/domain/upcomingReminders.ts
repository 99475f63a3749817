import { reminderKey } from './deliveryKeys.js';
import type { PlannedReminder } from './reminderPlan.js';

/**
 * The planned reminders still to come for a channel, in posting order: due after `now` and not already
 * settled there (sent, skipped or failed, by delivery key).
 */
export function upcomingReminders(
  plan: PlannedReminder[],
  settledKeys: ReadonlySet<string>,
  now: Date,
  limit: number,
): PlannedReminder[] {
  return plan
    .filter((reminder) => reminder.dueAt > now && !settledKeys.has(reminderKey(reminder)))
    .slice(0, limit);
}
