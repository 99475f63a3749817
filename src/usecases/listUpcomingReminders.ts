import { listDeliveries } from '../db/deliveryRepository.js';
import { topicsOf } from '../db/subscriptionRepository.js';
import type { Programme } from '../domain/programme.js';
import { type PlannedReminder, planProgrammeReminders } from '../domain/reminderPlan.js';
import { upcomingReminders } from '../domain/upcomingReminders.js';
import type { UseCaseContext } from './context.js';

/** Upcoming reminders listed per channel; enough to see what is coming without a wall of text. */
const UPCOMING_SHOWN = 10;

export interface UpcomingRemindersRequest {
  channelId: string;
  /** Local hour at which reminders are posted. */
  reminderHour: number;
}

export type UpcomingRemindersOutcome =
  | { kind: 'notSubscribed' }
  /** The channel gets the weekly digest, not the reminders. */
  | { kind: 'digestOnly' }
  | { kind: 'noProgramme' }
  | { kind: 'upcoming'; programme: Programme; reminders: PlannedReminder[]; digestToo: boolean };

/** `/project reminders`: the reminders still to come in a channel, in posting order. */
export async function listUpcomingReminders(
  context: UseCaseContext,
  request: UpcomingRemindersRequest,
): Promise<UpcomingRemindersOutcome> {
  const topics = await topicsOf(context.db, request.channelId);
  if (!topics.includes('reminders'))
    return { kind: topics.includes('digest') ? 'digestOnly' : 'notSubscribed' };
  const programme = await context.programmes.current();
  if (!programme) return { kind: 'noProgramme' };

  const settled = new Set(
    (await listDeliveries(context.db, { channelId: request.channelId }))
      .filter((delivery) => delivery.status !== 'pending')
      .map((delivery) => delivery.key),
  );
  const plan = planProgrammeReminders(programme, request.reminderHour);
  return {
    kind: 'upcoming',
    programme,
    reminders: upcomingReminders(plan, settled, context.now(), UPCOMING_SHOWN),
    digestToo: topics.includes('digest'),
  };
}
