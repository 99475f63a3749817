/**
 * Who still owes the programme something: a library's feedback on the current feedback phase's plan,
 * and a project update in the current period. One rule for the admins' Home, the digest and the nudges,
 * so that what the Home calls "open" is exactly what a nudge is sent about.
 */
import {
  activeProjects,
  type IsoDate,
  type Library,
  type Phase,
  type Programme,
  type Project,
} from './programme.js';
import { dayInZone } from './timeline.js';

/** One feedback phase's coverage: who answered and who still owes feedback. */
export interface FeedbackOwed {
  phase: Phase;
  answered: Library[];
  owing: Library[];
}

/**
 * Per phase given, in the programme's library order: the libraries that answered it and those that did
 * not. A library counts as having answered once anyone of it did (the newest submission counts).
 */
export function feedbackOwed(
  programme: Pick<Programme, 'libraries'>,
  phases: Phase[],
  answeredBy: ReadonlyMap<string, ReadonlySet<string>>,
): FeedbackOwed[] {
  return phases
    .filter((phase) => phase.kind === 'feedback')
    .map((phase) => {
      const answered = answeredBy.get(phase.id) ?? new Set<string>();
      return {
        phase,
        answered: programme.libraries.filter((library) => answered.has(library.code)),
        owing: programme.libraries.filter((library) => !answered.has(library.code)),
      };
    });
}

/** A calendar quarter in the programme's time zone: the period a running project reports once in. */
export interface UpdatePeriod {
  /** e.g. 2017-Q3: with the project, the identity of an update owed. */
  id: string;
  first: IsoDate;
  last: IsoDate;
}

export function updatePeriodOf(now: Date, timezone: string): UpdatePeriod {
  const today = dayInZone(now, timezone);
  const year = Number(today.slice(0, 4));
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3);
  const firstMonth = quarter * 3 + 1;
  const lastMonth = firstMonth + 2;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  const pad = (value: number) => String(value).padStart(2, '0');
  return {
    id: `${year}-Q${quarter + 1}`,
    first: `${year}-${pad(firstMonth)}-01`,
    last: `${year}-${pad(lastMonth)}-${pad(lastDay)}`,
  };
}

/** A running project without an update in the period, and the libraries that owe it. */
export interface UpdateOwed {
  project: Pick<Project, 'slug' | 'name'>;
  /** The libraries that answer for it (`updateOwers`): its lead, or without one every partner. */
  libraryCodes: string[];
}

/**
 * The running projects with no update dated within `period` (read in `timezone`), each with the
 * libraries answerable for it. Ideas, paused, completed and archived projects owe nothing.
 */
export function updatesOwed(
  programme: Pick<Programme, 'projects' | 'info'>,
  period: UpdatePeriod,
): UpdateOwed[] {
  const { timezone } = programme.info;
  return activeProjects(programme)
    .filter((project) => project.status === 'running')
    .filter(
      (project) =>
        !project.updates.some((update) => {
          const day = dayInZone(new Date(update.at), timezone);
          return period.first <= day && day <= period.last;
        }),
    )
    .map((project) => ({
      project: { slug: project.slug, name: project.name },
      libraryCodes: updateOwers(project),
    }))
    .filter((owed) => owed.libraryCodes.length > 0);
}

/**
 * The libraries that answer for a project's update: its lead, or, for a project without one, every
 * partner. A project of all libraries lists only its lead as a partner: without a lead, nobody.
 */
export function updateOwers(project: Pick<Project, 'partners'>): string[] {
  const leads = project.partners.filter((partner) => partner.role === 'lead');
  return (leads.length > 0 ? leads : project.partners).map((partner) => partner.libraryCode);
}

/**
 * The people to remind of what a library owes: those who said they belong to it (`/project ik-ben`, or
 * an admin for them); while nobody has, the contacts an admin named for it in the programme. None means
 * "nobody to remind". Contacts never come on top of linked people: whoever belongs to a library answers
 * for it, and a contact is only the way in until someone does.
 */
export function peopleToRemind(
  library: Pick<Library, 'code' | 'contacts'>,
  linkedPeople: ReadonlyMap<string, readonly string[]>,
): readonly string[] {
  const linked = linkedPeople.get(library.code) ?? [];
  return linked.length > 0 ? linked : (library.contacts ?? []);
}

/** A library a person is reminded for, and whether as its contact (nobody belongs to it yet). */
export interface RemindedFor {
  library: Library;
  asContact: boolean;
}

/** The libraries `userId` is reminded for (`peopleToRemind`), in the programme's order. */
export function librariesRemindedThrough(
  userId: string,
  programme: Pick<Programme, 'libraries'>,
  linkedPeople: ReadonlyMap<string, readonly string[]>,
): RemindedFor[] {
  return programme.libraries.flatMap((library) =>
    peopleToRemind(library, linkedPeople).includes(userId)
      ? [{ library, asContact: !(linkedPeople.get(library.code) ?? []).includes(userId) }]
      : [],
  );
}
