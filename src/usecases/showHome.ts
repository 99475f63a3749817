import { librariesThatAnsweredEach, phasesAnsweredBy } from '../db/feedbackRepository.js';
import { linkedPeopleByLibrary } from '../db/peopleRepository.js';
import type { ProgrammeChangeRecord } from '../db/programmeChangeLog.js';
import { openFeedbackPhases } from '../domain/feedbackForm.js';
import { decide } from '../domain/permissions.js';
import type { Programme } from '../domain/programme.js';
import type { UseCaseContext } from './context.js';
import { type ChannelLog, showDeliveryLog } from './deliveryLog.js';
import { listPendingIdeas, type PendingIdeasResult } from './listIdeas.js';
import { listProgrammeChanges } from './listProgrammeChanges.js';

/** The latest programme changes an admin's Home shows; `/project wijzigingen` shows more. */
const HOME_CHANGES = 3;

/** Who is looking at the Home, and what they and their library have answered. */
export interface HomeReading {
  libraryCode: string | null;
  seesCoverage: boolean;
  /** Per open feedback phase: the libraries that answered it. */
  answeredBy: Map<string, Set<string>>;
  /** Open feedback phases this user answered themselves. */
  answeredByMe: Set<string>;
  /** For admins: the people linked to each library, so a library with nobody to remind stands out. */
  linkedPeople?: ReadonlyMap<string, readonly string[]>;
  /** For admins: the latest deliveries per channel. */
  deliveryLog?: ChannelLog[];
  /** For admins: the ideas waiting for a decision, and the messages Koers could not deliver. */
  pendingIdeas?: Extract<PendingIdeasResult, { kind: 'ideas' }>;
  /** For admins: the latest programme changes, from a modal, a file or the CLI. */
  recentChanges?: ProgrammeChangeRecord[];
}

export interface HomeContents {
  programme: Programme | null;
  now: Date;
  viewer: HomeReading;
  /** The viewer may change the programme: their Home has the section to do it. */
  changesProgramme: boolean;
}

/**
 * What a user's App Home shows. Its queries are as many for twenty open feedback phases as for one:
 * the Home is published on every open and after every change made from it.
 */
export async function showHome(context: UseCaseContext, userId: string): Promise<HomeContents> {
  const programme = await context.programmes.current();
  const now = context.now();
  const actor = await context.actorFor(userId);
  const openPhaseIds = programme ? openFeedbackPhases(programme, now).map((phase) => phase.id) : [];
  const answeredBy = await librariesThatAnsweredEach(context.db, openPhaseIds);
  const answeredByMe = await phasesAnsweredBy(context.db, userId, openPhaseIds);
  const seesCoverage = decide(actor, { kind: 'viewFeedbackCoverage' }).allowed;
  const linkedPeople = seesCoverage ? await linkedPeopleByLibrary(context.db) : undefined;
  const log = actor.isAdmin ? await showDeliveryLog(context.db, actor) : null;
  const ideas = actor.isAdmin ? await listPendingIdeas(context.db, actor) : null;
  const changes = actor.isAdmin ? await listProgrammeChanges(context.db, actor, HOME_CHANGES) : null;
  return {
    programme,
    now,
    viewer: {
      libraryCode: actor.libraryCode,
      seesCoverage,
      answeredBy,
      answeredByMe,
      ...(linkedPeople && { linkedPeople }),
      ...(log?.kind === 'log' && { deliveryLog: log.channels }),
      ...(ideas?.kind === 'ideas' && { pendingIdeas: ideas }),
      ...(changes?.kind === 'changes' && { recentChanges: changes.changes }),
    },
    changesProgramme: decide(actor, { kind: 'changeProgramme' }).allowed,
  };
}
