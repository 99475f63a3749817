/**
 * A programme change made in Koers (a modal, a button on the Home) as a value: what to add, change or
 * remove. `applyEdit` turns it into the whole new programme, which is then checked and written exactly
 * as an imported file is (usecases/changeProgramme.ts), so the file's rules are the only rules.
 */
import type { Library, Phase, Programme, Project } from './programme.js';

export type EditedEntity = 'phase' | 'project' | 'library';

/** The fields a modal edits of a phase (its id, reminders' meaning and `late` as in the file). */
export type PhaseFields = Omit<Phase, 'id'>;
export interface ProjectFields {
  name: string;
  status: Project['status'];
  description: string;
  /** The lead library's code, or null for none. */
  lead: string | null;
  /** The partner libraries' codes besides the lead. */
  partners: string[];
}
export type LibraryFields = Omit<Library, 'code'>;

export type ProgrammeEdit =
  | { kind: 'phase.add'; id: string; fields: PhaseFields }
  | { kind: 'phase.change'; id: string; fields: PhaseFields }
  | { kind: 'phase.remove'; id: string }
  | { kind: 'project.add'; slug: string; fields: ProjectFields }
  | { kind: 'project.change'; slug: string; fields: ProjectFields }
  | { kind: 'project.finish'; slug: string }
  /** Out of every list, kept whole (`Project.archived`); `unarchive` brings it back. */
  | { kind: 'project.archive'; slug: string }
  | { kind: 'project.unarchive'; slug: string }
  | { kind: 'project.remove'; slug: string }
  | { kind: 'library.add'; code: string; fields: LibraryFields }
  | { kind: 'library.change'; code: string; fields: LibraryFields }
  | { kind: 'library.remove'; code: string }
  /** A whole programme, as a file brings it (the CLI's import, a file sent to Koers). */
  | { kind: 'replace'; programme: Programme; prune: boolean };

export type EditResult = { ok: true; programme: Programme } | { ok: false; problem: 'unknown' | 'exists' };

/** The entity an edit is about, with its key; null for a whole programme. */
export function editTarget(edit: ProgrammeEdit): { entity: EditedEntity; key: string } | null {
  if (edit.kind === 'replace') return null;
  const entity = edit.kind.split('.')[0] as EditedEntity;
  const key = 'id' in edit ? edit.id : 'slug' in edit ? edit.slug : edit.code;
  return { entity, key };
}

/** Whether an edit changes an entry that exists (so it must still be as it was when opened). */
export function editsExisting(edit: ProgrammeEdit): boolean {
  return edit.kind !== 'replace' && !edit.kind.endsWith('.add');
}

/**
 * The programme with `edit` applied. Only what the edit names changes: an entry that must exist and does
 * not (removed meanwhile) or one that must be new and exists is refused here; every other rule is the
 * file's (unknown codes, dates, duplicates), checked on the result.
 */
export function applyEdit(programme: Programme, edit: ProgrammeEdit): EditResult {
  switch (edit.kind) {
    case 'replace':
      return { ok: true, programme: edit.programme };
    case 'phase.add':
      if (programme.phases.some((phase) => phase.id === edit.id)) return { ok: false, problem: 'exists' };
      return done({ ...programme, phases: [...programme.phases, { id: edit.id, ...edit.fields }] });
    case 'phase.change':
      return replaceIn(
        programme,
        'phases',
        (phase) => phase.id === edit.id,
        // What the form does not hold (how late answers are taken) stays as it was.
        (phase) => ({ ...phase, ...edit.fields, id: edit.id }),
      );
    case 'phase.remove':
      return removeFrom(programme, 'phases', (phase) => phase.id === edit.id);
    case 'project.add':
      if (programme.projects.some((project) => project.slug === edit.slug)) {
        return { ok: false, problem: 'exists' };
      }
      return done({
        ...programme,
        projects: [
          ...programme.projects,
          {
            slug: edit.slug,
            aliases: [],
            allLibraries: false,
            updates: [],
            ...projectFromFields(edit.fields),
          },
        ],
      });
    case 'project.change':
      return replaceIn(
        programme,
        'projects',
        (project) => project.slug === edit.slug,
        (project) => ({
          ...project,
          ...projectFromFields(edit.fields),
          // A project for all libraries stays so; the modal edits its lead only.
          ...(project.allLibraries && {
            partners: edit.fields.lead ? [{ libraryCode: edit.fields.lead, role: 'lead' as const }] : [],
          }),
        }),
      );
    case 'project.finish':
      return replaceIn(
        programme,
        'projects',
        (project) => project.slug === edit.slug,
        (project) => ({ ...project, status: 'completed' }),
      );
    case 'project.archive':
    case 'project.unarchive': {
      const archive = edit.kind === 'project.archive';
      return replaceIn(
        programme,
        'projects',
        (project) => project.slug === edit.slug,
        ({ archived: _, ...project }) => (archive ? { ...project, archived: true } : project),
      );
    }
    case 'project.remove':
      return removeFrom(programme, 'projects', (project) => project.slug === edit.slug);
    case 'library.add':
      if (programme.libraries.some((library) => library.code === edit.code)) {
        return { ok: false, problem: 'exists' };
      }
      return done({ ...programme, libraries: [...programme.libraries, { code: edit.code, ...edit.fields }] });
    case 'library.change':
      return replaceIn(
        programme,
        'libraries',
        (library) => library.code === edit.code,
        () => ({ code: edit.code, ...edit.fields }),
      );
    case 'library.remove':
      return removeFrom(programme, 'libraries', (library) => library.code === edit.code);
  }
}

function done(programme: Programme): EditResult {
  return { ok: true, programme };
}

function projectFromFields(
  fields: ProjectFields,
): Pick<Project, 'name' | 'status' | 'description' | 'partners'> {
  const others = fields.partners.filter((code) => code !== fields.lead);
  return {
    name: fields.name,
    status: fields.status,
    description: fields.description,
    partners: [
      ...(fields.lead ? [{ libraryCode: fields.lead, role: 'lead' as const }] : []),
      ...others.map((code) => ({ libraryCode: code, role: 'partner' as const })),
    ],
  };
}

type Lists = Pick<Programme, 'phases' | 'projects' | 'libraries'>;

function replaceIn<L extends keyof Lists>(
  programme: Programme,
  list: L,
  matches: (entry: Lists[L][number]) => boolean,
  change: (entry: Lists[L][number]) => Lists[L][number],
): EditResult {
  const entries = programme[list] as Lists[L][number][];
  const index = entries.findIndex(matches);
  if (index < 0) return { ok: false, problem: 'unknown' };
  const next = entries.map((entry, position) => (position === index ? change(entry) : entry));
  return done({ ...programme, [list]: next });
}

function removeFrom<L extends keyof Lists>(
  programme: Programme,
  list: L,
  matches: (entry: Lists[L][number]) => boolean,
): EditResult {
  const entries = programme[list] as Lists[L][number][];
  if (!entries.some(matches)) return { ok: false, problem: 'unknown' };
  return done({ ...programme, [list]: entries.filter((entry) => !matches(entry)) });
}

/**
 * The fields of an entry as a modal shows them, for telling whether it changed since a modal opened:
 * each field's value in a short fingerprint, so private_metadata (3,000 characters) holds them all.
 */
export function entryFields(
  programme: Programme,
  entity: EditedEntity,
  key: string,
): Record<string, string> | null {
  switch (entity) {
    case 'phase': {
      const phase = programme.phases.find((candidate) => candidate.id === key);
      if (!phase) return null;
      return fingerprints({
        title: phase.title,
        label: phase.label,
        kind: phase.kind,
        start: phase.start ?? phase.date,
        end: phase.end ?? phase.date,
        reminders: phase.reminders,
        description: phase.description,
      });
    }
    case 'project': {
      const project = programme.projects.find((candidate) => candidate.slug === key);
      if (!project) return null;
      return fingerprints({
        name: project.name,
        status: project.status,
        description: project.description,
        lead: project.partners.find((partner) => partner.role === 'lead')?.libraryCode ?? null,
        partners: project.partners
          .filter((partner) => partner.role === 'partner')
          .map((partner) => partner.libraryCode)
          .sort(),
      });
    }
    case 'library': {
      const library = programme.libraries.find((candidate) => candidate.code === key);
      if (!library) return null;
      return fingerprints({ name: library.name, aliases: library.aliases, contacts: library.contacts ?? [] });
    }
  }
}

/** The fields whose fingerprint differs between what was opened and what is stored now. */
export function changedSinceOpened(
  opened: Record<string, string>,
  now: Record<string, string> | null,
): string[] {
  if (!now) return Object.keys(opened);
  return Object.keys(now).filter((field) => opened[field] !== now[field]);
}

function fingerprints(fields: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).map(([field, value]) => [field, fnv1a(JSON.stringify(value ?? null))]),
  );
}

/** FNV-1a, 32 bits: enough to tell an edited field from an unchanged one; not a security measure. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}
