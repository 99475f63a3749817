import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { parseISO } from 'date-fns/parseISO';
import { openFeedbackPhases } from './feedbackForm.js';
import {
  type IsoDate,
  type Library,
  type Phase,
  PROJECT_STATUSES,
  type Programme,
  type Project,
  type ProjectStatus,
} from './programme.js';
import { buildTimeline, dayInZone, type Timeline, type TimelineEntry } from './timeline.js';

/** What one library still owes: feedback on the open feedback phases, and the updates of its projects. */
export interface LibraryStanding {
  library: Library;
  feedbackOwed: Phase[];
  /** Running projects it leads (or, without a lead, takes part in) with no update this quarter. */
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
  const quarterStart = startOfQuarter(timeline.today);
  const updatedThisQuarter = (project: Project) =>
    project.updates.some((update) => dayInZone(new Date(update.at), timezone) >= quarterStart);
  const dueProjects = programme.projects.filter(
    (project) => project.status === 'running' && !updatedThisQuarter(project),
  );
  const libraries = programme.libraries.map(
    (library): LibraryStanding => ({
      library,
      feedbackOwed: openPhases.filter((phase) => !answeredBy.get(phase.id)?.has(library.code)),
      updatesDue: dueProjects.filter((project) => owesUpdate(project, library.code)),
    }),
  );
  return {
    current: timeline.entries.filter((entry) => entry.state === 'current'),
    next: timeline.entries.find((entry) => entry.state === 'next') ?? null,
    nextDeadline: timeline.nextDeadline,
    statusGroups: PROJECT_STATUSES.map((status) => ({
      status,
      projects: programme.projects.filter((project) => project.status === status),
    })).filter((group) => group.projects.length > 0),
    libraries,
    feedback: openPhases.map((phase) => ({
      phase,
      answered: programme.libraries.filter((library) => answeredBy.get(phase.id)?.has(library.code)).length,
      total: programme.libraries.length,
    })),
    quarterStart,
    staleAt: nextMidnight(timeline.today, timezone),
  };
}

/** The lead library updates a project; a project without a lead is every partner's to update. */
function owesUpdate(project: Project, libraryCode: string): boolean {
  const leads = project.partners.filter((partner) => partner.role === 'lead');
  const responsible = leads.length > 0 ? leads : project.partners;
  return responsible.some((partner) => partner.libraryCode === libraryCode);
}

function startOfQuarter(day: IsoDate): IsoDate {
  const [year, month] = day.split('-').map(Number) as [number, number];
  const first = Math.floor((month - 1) / 3) * 3 + 1;
  return `${year}-${String(first).padStart(2, '0')}-01`;
}

function nextMidnight(today: IsoDate, timezone: string): Date {
  const tomorrow = addDays(parseISO(today), 1);
  return new Date(
    new TZDate(tomorrow.getFullYear(), tomorrow.getMonth(), tomorrow.getDate(), 0, 0, 0, timezone).getTime(),
  );
}
