import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { parseISO } from 'date-fns/parseISO';
import { openFeedbackPhases } from './feedbackForm.js';
import { feedbackOwed, updatePeriodOf, updatesOwed } from './owed.js';
import {
  activeProjects,
  type IsoDate,
  type Library,
  type Phase,
  PROJECT_STATUSES,
  type Programme,
  type Project,
  type ProjectStatus,
} from './programme.js';
import { buildTimeline, type Timeline, type TimelineEntry } from './timeline.js';

/** What one library still owes: feedback on the open feedback phases, and the updates of its projects. */
export interface LibraryStanding {
  library: Library;
  feedbackOwed: Phase[];
  /** Running projects it answers for (`updateOwers`: the lead, or without one every partner) with no update this quarter. */
  updatesDue: Project[];
}

/** Everything a channel's live overview shows, as of one instant. */
export interface OverviewStanding {
  current: TimelineEntry[];
  next: TimelineEntry | null;
  nextDeadline: Timeline['nextDeadline'];
  statusGroups: { status: ProjectStatus; projects: Project[] }[];
  /** Per library, in the programme's order; libraries that owe nothing are included (with nothing owed). */
  libraries: LibraryStanding[];
  /** The open feedback phases, and how many libraries answered each. */
  feedback: { phase: Phase; answered: number; total: number }[];
  /** The first day this quarter, in the programme's time zone: an update since then counts. */
  quarterStart: IsoDate;
  /** The instant the overview changes by the clock alone: the next midnight in the programme's time zone. */
  staleAt: Date;
}

/**
 * Where the programme stands for its channels' overview: the admins' Home coverage (who answered each
 * open feedback phase) and, per library, what is still open. `answeredBy` maps an open feedback phase to
 * the libraries that answered it.
 */
export function overviewStanding(
  programme: Programme,
  answeredBy: ReadonlyMap<string, ReadonlySet<string>>,
  now: Date,
): OverviewStanding {
  const { timezone } = programme.info;
  const timeline = buildTimeline(programme.phases, timezone, now);
  const openPhases = openFeedbackPhases(programme, now);
  const period = updatePeriodOf(now, timezone);
  // The same rules as the Home and the nudges (owed.ts): what the overview calls open is what is nudged.
  const coverage = feedbackOwed(programme, openPhases, answeredBy);
  const owedUpdates = updatesOwed(programme, period);
  const projectsBySlug = new Map(programme.projects.map((project) => [project.slug, project]));
  const libraries = programme.libraries.map(
    (library): LibraryStanding => ({
      library,
      feedbackOwed: coverage
        .filter((phase) => phase.owing.some((owing) => owing.code === library.code))
        .map((phase) => phase.phase),
      updatesDue: owedUpdates
        .filter((owed) => owed.libraryCodes.includes(library.code))
        .flatMap((owed) => projectsBySlug.get(owed.project.slug) ?? []),
    }),
  );
  return {
    current: timeline.entries.filter((entry) => entry.state === 'current'),
    next: timeline.entries.find((entry) => entry.state === 'next') ?? null,
    nextDeadline: timeline.nextDeadline,
    statusGroups: PROJECT_STATUSES.map((status) => ({
      status,
      projects: activeProjects(programme).filter((project) => project.status === status),
    })).filter((group) => group.projects.length > 0),
    libraries,
    feedback: coverage.map(({ phase, answered }) => ({
      phase,
      answered: answered.length,
      total: programme.libraries.length,
    })),
    quarterStart: period.first,
    staleAt: nextMidnight(timeline.today, timezone),
  };
}

function nextMidnight(today: IsoDate, timezone: string): Date {
  const tomorrow = addDays(parseISO(today), 1);
  return new Date(
    new TZDate(tomorrow.getFullYear(), tomorrow.getMonth(), tomorrow.getDate(), 0, 0, 0, timezone).getTime(),
  );
}
