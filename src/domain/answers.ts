import type { ParsedCommand, Subcommand } from './command.js';
import {
  findLibrary,
  findProject,
  type MatchResult,
  prepareLibraryMatches,
  prepareProjectMatches,
} from './matching.js';
import type { Library, PartnerRole, Programme, Project, ProjectStatus } from './programme.js';
import { activeProjects, libraryNames, PROJECT_STATUSES } from './programme.js';
import { buildTimeline, type Timeline } from './timeline.js';

/**
 * One answer, many surfaces: these are plain view models of what `/project …` answers.
 * Slack renders them as Block Kit, the CLI as text; neither decides what the answer is.
 */
export type Answer =
  | { kind: 'statusOverview'; groups: StatusGroup[]; libraries: Map<string, Library> }
  | { kind: 'projectDetail'; project: Project; partners: PartnerLine[] }
  | { kind: 'partnersOverview'; libraries: LibraryProjects[]; forAll: Project[] }
  | { kind: 'libraryDetail'; library: LibraryProjects; forAll: Project[] }
  | { kind: 'timeline'; timeline: Timeline; timezone: string }
  | { kind: 'choices'; subject: 'project' | 'library'; query: string; candidates: Candidate[] }
  | { kind: 'notFound'; subject: 'project' | 'library'; query: string; suggestions: Candidate[] }
  | { kind: 'help'; unknownWord: string | null; suggestion: Subcommand | null }
  | { kind: 'noProgramme' };

export interface StatusGroup {
  status: ProjectStatus;
  projects: Project[];
}

export interface PartnerLine {
  code: string;
  name: string;
  role: PartnerRole;
}

export interface LibraryProjects {
  library: Library;
  projects: { project: Project; role: PartnerRole }[];
}

/** A project or library offered to the user to pick: `key` is what to type to get it. */
export interface Candidate {
  key: string;
  name: string;
}

/** Subcommands that only read the programme; the others change subscriptions and are routed elsewhere. */
export const QUESTIONS = ['status', 'partners', 'timeline'] as const;
export type Question = (typeof QUESTIONS)[number];
export function isQuestion(name: Subcommand): name is Question {
  return (QUESTIONS as readonly string[]).includes(name);
}

/** The answer to a parsed `/project` command, as of `now`. */
export function answerCommand(programme: Programme | null, command: ParsedCommand, now: Date): Answer {
  if (command.kind === 'empty') return { kind: 'help', unknownWord: null, suggestion: null };
  if (command.kind === 'unknown') {
    return { kind: 'help', unknownWord: command.word, suggestion: command.suggestion };
  }
  if (!isQuestion(command.name)) return { kind: 'help', unknownWord: null, suggestion: null };
  if (!programme) return { kind: 'noProgramme' };

  switch (command.name) {
    case 'status':
      return command.args ? answerProject(programme, command.args) : statusOverview(programme);
    case 'partners':
      return command.args ? answerLibrary(programme, command.args) : partnersOverview(programme);
    case 'timeline':
      return {
        kind: 'timeline',
        timeline: buildTimeline(programme.phases, programme.info.timezone, now),
        timezone: programme.info.timezone,
      };
  }
}

/**
 * Does the costly part of `answerCommand` (matching a query against a large programme) in steps,
 * yielding between them (see `drain` in matchIndex.ts); `answerCommand` then finds it done.
 */
export function* prepareAnswer(
  programme: Programme | null,
  command: ParsedCommand,
): Generator<void, void, void> {
  if (!programme || command.kind !== 'command' || !command.args) return;
  if (command.name === 'status') yield* prepareProjectMatches(programme.projects, command.args);
  if (command.name === 'partners') yield* prepareLibraryMatches(programme.libraries, command.args);
}

export function statusOverview(programme: Programme): Answer {
  const groups = PROJECT_STATUSES.map((status) => ({
    status,
    projects: activeProjects(programme).filter((project) => project.status === status),
  })).filter((group) => group.projects.length > 0);
  return {
    kind: 'statusOverview',
    groups,
    libraries: new Map(programme.libraries.map((library) => [library.code, library])),
  };
}

/** Longer queries than this match nothing useful; we say so instead of searching. */
export const MAX_QUERY_LENGTH = 200;

/** The answer when a query names not exactly one project or library: the candidates, or the closest. */
export type Unresolved = Extract<Answer, { kind: 'choices' | 'notFound' }>;

/** The one item a query means, or else the answer that lists the candidates or suggests the closest. */
export type Resolution<T> = { kind: 'found'; item: T } | { kind: 'unresolved'; answer: Unresolved };

/**
 * Find one match or suggest the closest: the one place every command that takes a project or a
 * library by name (`status`, `partners`, `update`, `link`, `ik-ben`) turns a query into one item.
 */
function resolve<T>(
  subject: 'project' | 'library',
  query: string,
  match: MatchResult<T>,
  asCandidate: (item: T) => Candidate,
): Resolution<T> {
  if (match.kind === 'one') return { kind: 'found', item: match.item };
  return {
    kind: 'unresolved',
    answer:
      match.kind === 'many'
        ? { kind: 'choices', subject, query, candidates: match.items.map(asCandidate) }
        : { kind: 'notFound', subject, query, suggestions: match.suggestions.map(asCandidate) },
  };
}

export function resolveProject(programme: Pick<Programme, 'projects'>, query: string): Resolution<Project> {
  return resolve('project', query, findProject(programme.projects, query), (project) => ({
    key: project.slug,
    name: project.name,
  }));
}

export function resolveLibrary(programme: Pick<Programme, 'libraries'>, query: string): Resolution<Library> {
  return resolve('library', query, findLibrary(programme.libraries, query), (library) => ({
    key: library.code,
    name: library.name,
  }));
}

function answerProject(programme: Programme, query: string): Answer {
  const resolution = resolveProject(programme, query);
  if (resolution.kind === 'unresolved') return resolution.answer;
  const project = resolution.item;
  const names = libraryNames(programme);
  return {
    kind: 'projectDetail',
    project,
    partners: project.partners.map((partner) => ({
      code: partner.libraryCode,
      name: names.get(partner.libraryCode) ?? partner.libraryCode,
      role: partner.role,
    })),
  };
}

function projectsOf(programme: Programme, library: Library): LibraryProjects {
  const projects = activeProjects(programme).flatMap((project) => {
    const partner = project.partners.find((p) => p.libraryCode === library.code);
    return partner ? [{ project, role: partner.role }] : [];
  });
  return { library, projects };
}

export function partnersOverview(programme: Programme): Answer {
  return {
    kind: 'partnersOverview',
    libraries: programme.libraries.map((library) => projectsOf(programme, library)),
    forAll: activeProjects(programme).filter((project) => project.allLibraries),
  };
}

function answerLibrary(programme: Programme, query: string): Answer {
  const resolution = resolveLibrary(programme, query);
  if (resolution.kind === 'unresolved') return resolution.answer;
  return {
    kind: 'libraryDetail',
    library: projectsOf(programme, resolution.item),
    forAll: activeProjects(programme).filter((project) => project.allLibraries),
  };
}
