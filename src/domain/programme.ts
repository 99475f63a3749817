/**
 * The programme as the domain sees it: plain data, no Slack and no SQL.
 * The database layer loads it into these shapes; the YAML file, the Slack renderers
 * and the CLI all speak in them.
 */

export const PROJECT_STATUSES = ['running', 'idea', 'paused', 'completed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const PARTNER_ROLES = ['lead', 'partner'] as const;
export type PartnerRole = (typeof PARTNER_ROLES)[number];

export const PHASE_KINDS = ['meeting', 'consultation', 'feedback', 'deadline'] as const;
export type PhaseKind = (typeof PHASE_KINDS)[number];

/** A calendar date in the programme's time zone, as `YYYY-MM-DD`. */
export type IsoDate = string;

export interface ProgrammeInfo {
  name: string;
  organisation: string;
  /** IANA time zone, e.g. Europe/Amsterdam: all phase dates are read in it. */
  timezone: string;
  contact: { name: string; email: string } | null;
}

export interface Library {
  code: string;
  name: string;
  aliases: string[];
  /**
   * The library's contacts for the programme, as Slack user ids: nudged for it while nobody has said they
   * belong to it (`/project ik-ben`, see owed.ts). Left out when there are none.
   */
  contacts?: string[];
}

export interface ProjectPartner {
  libraryCode: string;
  role: PartnerRole;
}

export interface StatusUpdate {
  /** Stable id: what lets a corrected update in the file change the stored one instead of adding one. */
  id?: string;
  /** When the update was made (ISO instant). */
  at: string;
  status: ProjectStatus | null;
  note: string;
  author: string | null;
  /** A next milestone announced with the update (updates made in Slack). */
  nextMilestone?: IsoDate;
}

export interface Project {
  slug: string;
  name: string;
  aliases: string[];
  description: string;
  status: ProjectStatus;
  /** True when the project runs for every library of the programme, not a listed few. */
  allLibraries: boolean;
  /** The listed partner libraries (empty when allLibraries). */
  partners: ProjectPartner[];
  /** Newest first. */
  updates: StatusUpdate[];
  /**
   * Put away by an admin: it keeps its history, partners and linked channel, and answers by name, but
   * no list, Home, overview or nudge shows it any more (`activeProjects`). Left out when not archived.
   */
  archived?: boolean;
}

export interface Phase {
  id: string;
  title: string;
  description: string;
  /** A single day, or null when the phase is a range. */
  date: IsoDate | null;
  start: IsoDate | null;
  end: IsoDate | null;
  /** A human label from the plan, such as "medio september". */
  label: string | null;
  kind: PhaseKind;
  /** ISO 8601 day offsets before the phase, e.g. P14D; null means the kind's defaults. */
  reminders: string[] | null;
  /**
   * A feedback phase after its last day: accept submissions, marked late (the default, so nothing
   * sent is lost), or refuse them.
   */
  late?: LateSubmissions;
  /**
   * Working days before the deadline that the libraries still owing feedback are nudged (feedback phases)
   * or, for a deadline phase, those owing a project update; null or absent: the kind's default.
   */
  nudgeDays?: number | null;
}

/** A named span (summer holiday, Christmas) in which Koers sends no reminders or nudges. */
export interface QuietPeriod {
  name: string;
  from: IsoDate;
  to: IsoDate;
}

export const LATE_SUBMISSIONS = ['accept', 'refuse'] as const;
export type LateSubmissions = (typeof LATE_SUBMISSIONS)[number];

export interface Programme {
  info: ProgrammeInfo;
  libraries: Library[];
  projects: Project[];
  /** In plan order (by first day). */
  phases: Phase[];
  /** Non-working days besides weekends, on which no reminder is posted. */
  holidays: IsoDate[];
  /** Reminders and nudges falling in one move to the first working day after it. */
  quietPeriods?: QuietPeriod[];
}

/** The first and last day of a phase, whatever its shape. */
export function phaseSpan(phase: Pick<Phase, 'date' | 'start' | 'end'>): { first: IsoDate; last: IsoDate } {
  const first = phase.date ?? phase.start;
  const last = phase.date ?? phase.end ?? phase.start;
  if (!first || !last) throw new Error('A phase needs a date or a start and end');
  return { first, last };
}

/**
 * The projects the programme's lists show: all but the archived. An archived project is still found by
 * name (`/project status NAME`), so matching uses every project.
 */
export function activeProjects(programme: Pick<Programme, 'projects'>): Project[] {
  return programme.projects.filter((project) => !project.archived);
}

const libraryNamesBySnapshot = new WeakMap<Programme, ReadonlyMap<string, string>>();

/** Each library's name by its code. A snapshot is never changed, so its map is built once. */
export function libraryNames(programme: Programme | null): ReadonlyMap<string, string> {
  if (!programme) return new Map();
  let names = libraryNamesBySnapshot.get(programme);
  if (!names) {
    names = new Map(programme.libraries.map((library) => [library.code, library.name]));
    libraryNamesBySnapshot.set(programme, names);
  }
  return names;
}
