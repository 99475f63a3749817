import { differenceInCalendarDays, parseISO } from 'date-fns';
import type { Database } from '../db/client.js';
import type { Delivery } from '../db/deliveryRepository.js';
import { updatesSince } from '../db/programmeRepository.js';
import { buildDigest } from '../domain/digest.js';
import type { Programme } from '../domain/programme.js';
import { targetDayOf } from '../domain/reminderPlan.js';
import { dayInZone } from '../domain/timeline.js';
import type { Locale } from '../i18n/index.js';
import { renderDigestMessage, renderReminderMessage } from '../slack/render/reminderMessage.js';
import type { ComposeDelivery, PostRequest } from './reminderWorker.js';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** Turns a claimed delivery into the message to post, in the programme's language. */
export function createComposer(db: Database, locale: Locale): ComposeDelivery {
  return async (delivery, { programme, now }) =>
    delivery.kind === 'digest'
      ? composeDigest(db, delivery, programme, now, locale)
      : composeReminder(delivery, programme, now, locale);
}

function composeReminder(delivery: Delivery, programme: Programme, now: Date, locale: Locale): PostRequest {
  const phase = programme.phases.find((candidate) => candidate.id === delivery.phaseId);
  if (!phase) throw new Error(`phase ${delivery.phaseId} is no longer in the programme`);
  const today = dayInZone(now, programme.info.timezone);
  const daysLeft = differenceInCalendarDays(parseISO(targetDayOf(phase)), parseISO(today));
  const message = renderReminderMessage(
    { phase, daysLeft, programmeName: programme.info.name, missingLibraries: null },
    locale,
  );
  return { channel: delivery.channelId, ...message };
}

async function composeDigest(
  db: Database,
  delivery: Delivery,
  programme: Programme,
  now: Date,
  locale: Locale,
): Promise<PostRequest> {
  const recent = await updatesSince(db, new Date(delivery.dueAt.getTime() - WEEK_MS), delivery.dueAt);
  const digest = buildDigest(programme.phases, programme.info.timezone, recent, now);
  return { channel: delivery.channelId, ...renderDigestMessage(digest, programme.info.name, locale) };
}
