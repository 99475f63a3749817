/**
 * What importing a programme file would change, entry by entry: the names added, changed (with the
 * fields) and removed. `import --check` prints it without writing; `import` returns it as its summary,
 * so the two always agree.
 */
import type { Library, Phase, Programme, Project, StatusUpdate } from './programme.js';
import { normalizeForMatch } from './text.js';

export interface EntryChange {
  /** The entry's key: a library code, project slug, phase id, or update id. */
  key: string;
  /** What a reader recognises it by: a name, a title, or for an update its project and day. */
  label: string;
  /** For a changed entry, the fields that change. */
  fields: string[];
}

export interface EntryDiff {
  added: EntryChange[];
  changed: EntryChange[];
  /** Entries the file no longer lists: removed with `prune`, else kept and only reported. */
  removed: EntryChange[];
}

/** A project missing from the file whose name a new project has: most likely a renamed slug. */
export interface LikelyRename {
  from: string;
  to: string;
  name: string;
}

export interface ProgrammeDiff {
  prune: boolean;
  /** The programme's own fields that change (name, organisation, time zone, contact, holidays). */
  programme: string[];
  libraries: EntryDiff;
  projects: EntryDiff;
  phases: EntryDiff;
  updates: EntryDiff;
  likelyRenames: LikelyRename[];
}

export const DIFF_ENTITIES = ['libraries', 'projects', 'phases', 'updates'] as const;
export type DiffEntity = (typeof DIFF_ENTITIES)[number];

/** Whether an import would write anything: what it adds or changes, and what it removes with prune. */
export function diffHasChanges(diff: ProgrammeDiff): boolean {
  return (
    diff.programme.length > 0 ||
    DIFF_ENTITIES.some((entity) => {
      const entries = diff[entity];
      return entries.added.length + entries.changed.length + (diff.prune ? entries.removed.length : 0) > 0;
    })
  );
}

/** The differences between what is stored (`current`, null when empty) and the file (`next`). */
export function diffProgramme(
  current: Programme | null,
  next: Programme,
  options: { prune: boolean },
): ProgrammeDiff {
  const projects = diffEntries(
    current?.projects ?? [],
    next.projects,
    (project) => project.slug,
    projectLabel,
    projectFields,
  );
  return {
    prune: options.prune,
    programme: current ? changedFields(infoFields(current), infoFields(next)) : ['name'],
    libraries: diffEntries(
      current?.libraries ?? [],
      next.libraries,
      (library) => library.code,
      libraryLabel,
      libraryFields,
    ),
    projects,
    phases: diffEntries(
      current?.phases ?? [],
      next.phases,
      (phase) => phase.id,
      (phase) => phase.title,
      phaseFields,
    ),
    updates: diffUpdates(current?.projects ?? [], next.projects),
    likelyRenames: likelyRenames(current?.projects ?? [], next.projects, projects),
  };
}

function diffEntries<T>(
  current: T[],
  next: T[],
  keyOf: (entry: T) => string,
  labelOf: (entry: T) => string,
  fieldsOf: (entry: T, index: number) => Record<string, unknown>,
): EntryDiff {
  const stored = new Map(current.map((entry, index) => [keyOf(entry), { entry, index }]));
  const listed = new Set(next.map(keyOf));
  const diff: EntryDiff = { added: [], changed: [], removed: [] };
  next.forEach((entry, index) => {
    const key = keyOf(entry);
    const before = stored.get(key);
    if (!before) {
      diff.added.push({ key, label: labelOf(entry), fields: [] });
      return;
    }
    const fields = changedFields(fieldsOf(before.entry, before.index), fieldsOf(entry, index));
    if (fields.length > 0) diff.changed.push({ key, label: labelOf(entry), fields });
  });
  for (const entry of current) {
    if (!listed.has(keyOf(entry)))
      diff.removed.push({ key: keyOf(entry), label: labelOf(entry), fields: [] });
  }
  return diff;
}

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(after).filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}

function infoFields(programme: Programme): Record<string, unknown> {
  const { info } = programme;
  return {
    name: info.name,
    organisation: info.organisation,
    timezone: info.timezone,
    contact: info.contact,
    holidays: [...programme.holidays].sort(),
    quiet_periods: programme.quietPeriods ?? [],
  };
}

function libraryLabel(library: Library): string {
  return `${library.code} ${library.name}`;
}

function libraryFields(library: Library): Record<string, unknown> {
  return { name: library.name, aliases: library.aliases, contacts: library.contacts ?? [] };
}

function projectLabel(project: Project): string {
  return `${project.slug} (${project.name})`;
}

function projectFields(project: Project, index: number): Record<string, unknown> {
  return {
    name: project.name,
    aliases: project.aliases,
    description: project.description,
    status: project.status,
    partners: project.allLibraries ? 'all' : project.partners.map((partner) => partner.libraryCode).sort(),
    lead: project.partners.find((partner) => partner.role === 'lead')?.libraryCode ?? null,
    archived: project.archived === true,
    order: index,
  };
}

function phaseFields(phase: Phase): Record<string, unknown> {
  return {
    title: phase.title,
    description: phase.description,
    date: phase.date,
    start: phase.start,
    end: phase.end,
    label: phase.label,
    kind: phase.kind,
    reminders: phase.reminders,
    late: phase.late ?? 'accept',
    nudge_days: phase.nudgeDays ?? null,
  };
}

/** How an update without an id is recognised: its project, instant and note, as imports always did. */
export function updateIdentity(slug: string, update: Pick<StatusUpdate, 'at' | 'note'>): string {
  return `${slug}|${new Date(update.at).toISOString()}|${update.note}`;
}

interface PlacedUpdate {
  slug: string;
  update: StatusUpdate;
}

/**
 * Updates are matched by id across the whole programme (an id may move to another project), and an
 * update the file lists without an id by its project, instant and note. Only the projects the file lists
 * count for removal: a project that goes takes its history along, which the projects' diff reports.
 */
function diffUpdates(current: Project[], next: Project[]): EntryDiff {
  const byId = new Map<string, PlacedUpdate>();
  const byIdentity = new Map<string, PlacedUpdate>();
  for (const project of current) {
    for (const update of project.updates) {
      if (update.id) byId.set(update.id, { slug: project.slug, update });
      byIdentity.set(updateIdentity(project.slug, update), { slug: project.slug, update });
    }
  }
  const diff: EntryDiff = { added: [], changed: [], removed: [] };
  const matched = new Set<StatusUpdate>();
  for (const project of next) {
    for (const update of project.updates) {
      const before = update.id ? byId.get(update.id) : byIdentity.get(updateIdentity(project.slug, update));
      const key = update.id ?? update.at.slice(0, 10);
      const label = updateLabel(project.slug, update);
      if (!before) {
        diff.added.push({ key, label, fields: [] });
        continue;
      }
      matched.add(before.update);
      const fields = changedFields(
        { ...updateFields(before.update), project: before.slug },
        { ...updateFields(update), project: project.slug },
      );
      if (fields.length > 0) diff.changed.push({ key, label, fields });
    }
  }
  const listed = new Set(next.map((project) => project.slug));
  for (const project of current) {
    if (!listed.has(project.slug)) continue;
    for (const update of project.updates) {
      if (!matched.has(update)) {
        diff.removed.push({
          key: update.id ?? update.at.slice(0, 10),
          label: updateLabel(project.slug, update),
          fields: [],
        });
      }
    }
  }
  return diff;
}

function updateFields(update: StatusUpdate): Record<string, unknown> {
  return {
    at: new Date(update.at).toISOString(),
    status: update.status,
    note: update.note,
    author: update.author,
  };
}

/** "effectmeting 2017-05-30: Eerste meting in vijf…": enough to find the update in the file. */
function updateLabel(slug: string, update: StatusUpdate): string {
  const note = Array.from(update.note);
  return `${slug} ${update.at.slice(0, 10)}: ${note.length > 40 ? `${note.slice(0, 40).join('')}…` : update.note}`;
}

function likelyRenames(current: Project[], next: Project[], projects: EntryDiff): LikelyRename[] {
  const added = next.filter((project) => projects.added.some((entry) => entry.key === project.slug));
  const renames: LikelyRename[] = [];
  for (const removed of projects.removed) {
    const old = current.find((project) => project.slug === removed.key);
    const name = old ? normalizeForMatch(old.name) : null;
    const successor = added.find((project) => normalizeForMatch(project.name) === name);
    if (!old || !successor) continue;
    renames.push({ from: old.slug, to: successor.slug, name: old.name });
    added.splice(added.indexOf(successor), 1);
  }
  return renames;
}
