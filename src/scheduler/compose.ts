import { TZDate } from '@date-fns/tz';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { parseISO } from 'date-fns/parseISO';
import { subDays } from 'date-fns/subDays';
import type { Database } from '../db/client.js';
import type { Delivery } from '../db/deliveryRepository.js';
import { librariesThatAnswered, librariesThatAnsweredEach } from '../db/feedbackRepository.js';
import { linkedPeopleByLibrary } from '../db/peopleRepository.js';
import { updatesSince } from '../db/programmeRepository.js';
import { subscribedSince } from '../db/subscriptionRepository.js';
import { buildDigest } from '../domain/digest.js';
import { openFeedbackPhases } from '../domain/feedbackForm.js';
import { feedbackOwed, librariesRemindedThrough, type RemindedFor } from '../domain/owed.js';
import { type Phase, type Programme, phaseSpan } from '../domain/programme.js';
import { targetDayOf } from '../domain/reminderPlan.js';
import { dayInZone } from '../domain/timeline.js';
import type { Locale } from '../i18n/index.js';
import { renderNudgeMessage } from '../slack/render/nudgeMessage.js';
import { renderDigestMessage, renderReminderMessage } from '../slack/render/reminderMessage.js';
import { programmeWithUpdates, projectsOwing } from './nudges.js';
import type { ComposeDelivery, PostRequest } from './reminderWorker.js';

type Message = Omit<PostRequest, 'channel'>;

/**
 * Turns a claimed delivery into the message to post, in the programme's language. A fan-out posts the
 * same message in many channels: within one tick (one programme snapshot, one instant) each message is
 * composed, and its queries run, once.
 */
export function createComposer(
  db: Database,
  locale: Locale,
  /** A person's language, for a nudge (a direct message); the programme's language when not given. */
  localeOf: (userId: string) => Promise<Locale> = async () => locale,
): ComposeDelivery {
  const composedInTick = new WeakMap<Programme, Map<string, Promise<Message>>>();
  return async (delivery, { programme, now }) => {
    let composed = composedInTick.get(programme);
    if (!composed) {
      composed = new Map();
      composedInTick.set(programme, composed);
    }
    if (delivery.kind === 'nudge') {
      const personal = await localeOf(delivery.channelId);
      return { channel: delivery.channelId, ...(await composeNudge(db, delivery, programme, personal)) };
    }
    const beforeSubscribing = delivery.kind === 'reminder' && (await dueBeforeSubscribing(db, delivery, now));
    const key =
      delivery.kind === 'digest'
        ? `digest ${delivery.dueAt.getTime()} ${now.getTime()}`
        : `reminder ${delivery.phaseId} ${now.getTime()}${beforeSubscribing ? ` late ${delivery.dueAt.getTime()}` : ''}`;
    let message = composed.get(key);
    if (!message) {
      message =
        delivery.kind === 'digest'
          ? composeDigest(db, delivery, programme, now, locale)
          : composeReminder(db, delivery, programme, now, locale, beforeSubscribing);
      composed.set(key, message);
      // A failed composition is not kept: the next delivery tries again.
      message.catch(() => composed.delete(key));
    }
    return { channel: delivery.channelId, ...(await message) };
  };
}

/** A tick posts what is due within the minute; only a later post asks whether it predates the subscription. */
const ON_TIME_MS = 5 * 60 * 1000;

/** True for a reminder that came due before its channel subscribed (posted now as the catch-up allows). */
async function dueBeforeSubscribing(db: Database, delivery: Delivery, now: Date): Promise<boolean> {
  if (now.getTime() - delivery.dueAt.getTime() < ON_TIME_MS) return false;
  const subscribedAt = await subscribedSince(db, delivery.channelId, 'reminders');
  return subscribedAt !== null && subscribedAt > delivery.dueAt;
}

async function composeReminder(
  db: Database,
  delivery: Delivery,
  programme: Programme,
  now: Date,
  locale: Locale,
  beforeSubscribing: boolean,
): Promise<Message> {
  const phase = programme.phases.find((candidate) => candidate.id === delivery.phaseId);
  if (!phase) throw new Error(`phase ${delivery.phaseId} is no longer in the programme`);
  const today = dayInZone(now, programme.info.timezone);
  const daysLeft = differenceInCalendarDays(parseISO(targetDayOf(phase)), parseISO(today));
  return renderReminderMessage(
    {
      phase,
      daysLeft,
      programmeName: programme.info.name,
      organisation: programme.info.organisation,
      missingLibraries: await missingLibraries(db, phase, programme),
      plannedBeforeSubscribing: beforeSubscribing
        ? { dueAt: delivery.dueAt, timezone: programme.info.timezone }
        : null,
    },
    locale,
  );
}

/** For a feedback phase with responses: the libraries still to answer. Null before anyone answered. */
async function missingLibraries(db: Database, phase: Phase, programme: Programme): Promise<string[] | null> {
  if (phase.kind !== 'feedback') return null;
  const answered = await librariesThatAnswered(db, phase.id);
  if (answered.size === 0) return null;
  const [owed] = feedbackOwed(programme, [phase], new Map([[phase.id, answered]]));
  return (owed?.owing ?? []).map((library) => library.name);
}

/**
 * A nudge to one person, about what the libraries they are reminded for owe (their own, or those they
 * are the contact of while nobody belongs to them: `librariesRemindedThrough`): looked up as it goes out.
 */
async function composeNudge(
  db: Database,
  delivery: Delivery,
  programme: Programme,
  locale: Locale,
): Promise<Message> {
  const phase = programme.phases.find((candidate) => candidate.id === delivery.phaseId);
  if (!phase) throw new Error(`phase ${delivery.phaseId} is no longer in the programme`);
  const remindedFor = librariesRemindedThrough(
    delivery.channelId,
    programme,
    await linkedPeopleByLibrary(db),
  );
  if (remindedFor.length === 0) throw new Error(`${delivery.channelId} is no longer linked to a library`);
  const common = (owing: RemindedFor[]) => {
    // A person reminded for several libraries hears of those that owe; the others need nothing of them.
    const named = owing.length > 0 ? owing : remindedFor;
    return {
      phase,
      libraryName: named.map((reminded) => reminded.library.name).join(', '),
      programmeName: programme.info.name,
      asContact: named.some((reminded) => reminded.asContact),
    };
  };
  if (phase.kind === 'feedback') {
    const answered = await librariesThatAnswered(db, phase.id);
    const owing = remindedFor.filter((reminded) => !answered.has(reminded.library.code));
    return renderNudgeMessage({ subject: 'feedback', ...common(owing) }, locale);
  }
  const codes = new Set(remindedFor.map((reminded) => reminded.library.code));
  const withUpdates = await programmeWithUpdates(db, programme);
  const owed = projectsOwing(withUpdates, { targetDay: phaseSpan(phase).first }).filter((entry) =>
    entry.libraryCodes.some((code) => codes.has(code)),
  );
  const owing = remindedFor.filter((reminded) =>
    owed.some((entry) => entry.libraryCodes.includes(reminded.library.code)),
  );
  return renderNudgeMessage(
    { subject: 'update', ...common(owing), projects: owed.map((entry) => entry.project) },
    locale,
  );
}

async function composeDigest(
  db: Database,
  delivery: Delivery,
  programme: Programme,
  now: Date,
  locale: Locale,
): Promise<Message> {
  // From the previous digest on: the same wall-clock time a week earlier, which is not 168 hours
  // earlier in the weeks the clocks change (an update would fall between two digests, or into both).
  const previousDue = subDays(new TZDate(delivery.dueAt.getTime(), programme.info.timezone), 7);
  const recent = await updatesSince(db, new Date(previousDue.getTime()), delivery.dueAt);
  const coverage = [];
  const open = openFeedbackPhases(programme, now);
  const answeredBy = await librariesThatAnsweredEach(
    db,
    open.map((phase) => phase.id),
  );
  for (const { phase, answered } of feedbackOwed(programme, open, answeredBy))
    coverage.push({ phase, answered: answered.length, total: programme.libraries.length });
  const digest = buildDigest(programme.phases, programme.info.timezone, recent, now, coverage);
  return renderDigestMessage(digest, programme.info.name, locale);
}
