/**
 * The nudges a tick owes: per planned nudge, a direct message to each person to remind of every library
 * that still owes what the nudge is about (those linked to it, or while nobody is, its contacts:
 * `peopleToRemind`), and a row for each owing library with nobody to remind (skipped as such, so the
 * admins see it). Recomputed every tick: a library that answers meanwhile
 * has its people's unsent nudges withdrawn, and one that is sent stays sent.
 */
import type { Database } from '../db/client.js';
import { duePending, markSkipped } from '../db/deliveryRepository.js';
import { librariesThatAnswered } from '../db/feedbackRepository.js';
import { mutedAmong } from '../db/muteRepository.js';
import { linkedPeopleByLibrary } from '../db/peopleRepository.js';
import { loadProgramme } from '../db/programmeRepository.js';
import {
  MUTED,
  NOBODY_TO_REMIND,
  nobodyNudgeKey,
  nobodyRecipient,
  nudgeKey,
  type PlannedDelivery,
} from '../domain/deliveryKeys.js';
import type { PlannedNudge } from '../domain/nudgePlan.js';
import { feedbackOwed, peopleToRemind, updatePeriodOf, updatesOwed } from '../domain/owed.js';
import type { Programme } from '../domain/programme.js';

/** A nudge as the catch-up rules read it, by delivery key: when, until when, and why it is skipped. */
export interface NudgePlanEntry {
  dueAt: Date;
  targetDay: string;
  skip?: string;
}

/** The libraries owing what `nudge` asks for. Update nudges read the projects' updates of the period. */
export async function librariesOwing(
  db: Database,
  programme: Programme,
  nudge: PlannedNudge,
): Promise<string[]> {
  if (nudge.subject === 'feedback') {
    const phase = programme.phases.find((candidate) => candidate.id === nudge.phaseId);
    if (!phase) return [];
    const answered = new Map([[phase.id, await librariesThatAnswered(db, phase.id)]]);
    return feedbackOwed(programme, [phase], answered).flatMap((owed) =>
      owed.owing.map((library) => library.code),
    );
  }
  return [
    ...new Set(
      projectsOwing(await programmeWithUpdates(db, programme), nudge).flatMap((owed) => owed.libraryCodes),
    ),
  ];
}

/** The projects without an update in the quarter of the nudge's deadline. */
export function projectsOwing(programme: Programme, nudge: Pick<PlannedNudge, 'targetDay'>) {
  return updatesOwed(
    programme,
    updatePeriodOf(new Date(`${nudge.targetDay}T12:00:00Z`), programme.info.timezone),
  );
}

/** The tick's programme is loaded without updates; what a project owes needs them. */
export async function programmeWithUpdates(db: Database, programme: Programme): Promise<Programme> {
  return (await loadProgramme(db)) ?? programme;
}

export async function wantedNudges(
  db: Database,
  programme: Programme,
  plan: PlannedNudge[],
  now: Date,
): Promise<{ wanted: PlannedDelivery[]; byKey: Map<string, NudgePlanEntry> }> {
  const wanted: PlannedDelivery[] = [];
  const byKey = new Map<string, NudgePlanEntry>();
  // Only nudges coming due within a day or so, until their deadline, are worked out: whom they go to is
  // asked anew every tick (a library may answer), and a deadline months ahead needs no rows yet. Rows of
  // nudges long gone are history, and a sent one stays sent.
  const soon = now.getTime() + LOOK_AHEAD_MS;
  const current = plan.filter((nudge) => nudge.targetDay >= dayBefore(now) && nudge.dueAt.getTime() <= soon);
  if (current.length === 0) return { wanted, byKey };
  const people = await linkedPeopleByLibrary(db);
  for (const nudge of current) {
    const deadline = { phaseId: nudge.phaseId, deadline: nudge.targetDay };
    const entry = { dueAt: nudge.dueAt, targetDay: nudge.targetDay, ...(nudge.skip && { skip: nudge.skip }) };
    byKey.set(nudgeKey(deadline), entry);
    byKey.set(nobodyNudgeKey(deadline), { ...entry, skip: nudge.skip ?? NOBODY_TO_REMIND });
    for (const code of await librariesOwing(db, programme, nudge)) {
      const library = programme.libraries.find((candidate) => candidate.code === code);
      const recipients = library ? peopleToRemind(library, people) : [];
      const base = { kind: 'nudge' as const, phaseId: nudge.phaseId, offset: null, dueAt: nudge.dueAt };
      if (recipients.length === 0) {
        wanted.push({ ...base, key: nobodyNudgeKey(deadline), channelId: nobodyRecipient(code) });
      }
      for (const userId of recipients) wanted.push({ ...base, key: nudgeKey(deadline), channelId: userId });
    }
  }
  return { wanted, byKey };
}

/** How far ahead a tick works out whom a nudge goes to. */
const LOOK_AHEAD_MS = 36 * 60 * 60 * 1000;

/** A day's margin: a deadline "today" in any time zone is still current. */
function dayBefore(now: Date): string {
  return new Date(now.getTime() - 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/** Nudges come due for people who muted Koers (`/project stil`): skipped, and the log says so. */
export async function skipMutedNudges(
  db: Database,
  now: Date,
): Promise<{ id: number; key: string; channelId: string; reason: string }[]> {
  const due = (await duePending(db, now)).filter((delivery) => delivery.kind === 'nudge');
  const muted = await mutedAmong(
    db,
    due.map((delivery) => delivery.channelId),
    now,
  );
  const skipped = due.filter((delivery) => muted.has(delivery.channelId));
  const reason = `${MUTED}: the recipient asked for no messages from Koers for now`;
  await markSkipped(
    db,
    skipped.map((delivery) => delivery.id),
    reason,
    now,
  );
  return skipped.map((delivery) => ({
    id: delivery.id,
    key: delivery.key,
    channelId: delivery.channelId,
    reason,
  }));
}
