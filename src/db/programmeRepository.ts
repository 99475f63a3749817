import { and, asc, desc, eq, gte, lt, notInArray, sql } from 'drizzle-orm';
import type {
  Library,
  Phase,
  Programme,
  Project,
  ProjectPartner,
  StatusUpdate,
} from '../domain/programme.js';
import { phaseSpan } from '../domain/programme.js';
import type { Database, DatabaseOrTransaction } from './client.js';
import { announceProgrammeChange } from './programmeChanges.js';
import { libraries, phases, programme, projectPartners, projects, statusUpdates } from './schema.js';

const PROGRAMME_ID = 1;

/** The version counter of the programme data, or null when no programme was imported yet. */
export async function readProgrammeVersion(db: Database): Promise<number | null> {
  const rows = await db
    .select({ version: programme.version })
    .from(programme)
    .where(eq(programme.id, PROGRAMME_ID));
  return rows[0]?.version ?? null;
}

export interface LoadOptions {
  /** How many of each project's newest updates to load; all when undefined. */
  updatesPerProject?: number;
}

/** The whole programme in domain shape, or null when the database holds none yet. */
export async function loadProgramme(db: Database, options: LoadOptions = {}): Promise<Programme | null> {
  const [info] = await db.select().from(programme).where(eq(programme.id, PROGRAMME_ID));
  if (!info) return null;

  const [libraryRows, projectRows, partnerRows, updateRows, phaseRows] = await Promise.all([
    db.select().from(libraries).orderBy(asc(libraries.code)),
    db.select().from(projects).orderBy(asc(projects.position), asc(projects.id)),
    db.select().from(projectPartners),
    loadUpdates(db, options.updatesPerProject),
    db.select().from(phases),
  ]);

  const partnersByProject = groupBy(partnerRows, (row) => row.projectId);
  const updatesByProject = groupBy(updateRows, (row) => row.projectId);

  const projectList: Project[] = projectRows.map((row) => ({
    slug: row.slug,
    name: row.name,
    aliases: row.aliases,
    description: row.description,
    status: row.status,
    allLibraries: row.allLibraries,
    partners: (partnersByProject.get(row.id) ?? [])
      .map((partner): ProjectPartner => ({ libraryCode: partner.libraryCode, role: partner.role }))
      .sort(byRoleThenCode),
    updates: (updatesByProject.get(row.id) ?? []).map(
      (update): StatusUpdate => ({
        at: update.createdAt.toISOString(),
        status: update.status,
        note: update.note,
        author: update.author,
        ...(update.nextMilestone ? { nextMilestone: update.nextMilestone } : {}),
      }),
    ),
  }));

  const phaseList: Phase[] = phaseRows
    .map((row) => ({
      id: row.id,
      title: row.title,
      description: row.description,
      date: row.date,
      start: row.startDate,
      end: row.endDate,
      label: row.label,
      kind: row.kind,
      reminders: row.reminders,
      late: row.late,
    }))
    .sort(byFirstDay);

  return {
    info: {
      name: info.name,
      organisation: info.organisation,
      timezone: info.timezone,
      contact:
        info.contactName && info.contactEmail ? { name: info.contactName, email: info.contactEmail } : null,
    },
    libraries: libraryRows.map((row): Library => ({ code: row.code, name: row.name, aliases: row.aliases })),
    projects: projectList,
    phases: phaseList,
    holidays: info.holidays,
  };
}

function loadUpdates(db: Database, perProject: number | undefined) {
  const columns = {
    projectId: statusUpdates.projectId,
    status: statusUpdates.status,
    note: statusUpdates.note,
    author: statusUpdates.author,
    nextMilestone: statusUpdates.nextMilestone,
    createdAt: statusUpdates.createdAt,
  };
  if (perProject === undefined) {
    return db
      .select(columns)
      .from(statusUpdates)
      .orderBy(desc(statusUpdates.createdAt), desc(statusUpdates.id));
  }
  // Only the newest few per project: the answer shows those, and history can grow without bound.
  const ranked = db
    .select({
      ...columns,
      rank: sql<number>`row_number() over (partition by ${statusUpdates.projectId} order by ${statusUpdates.createdAt} desc, ${statusUpdates.id} desc)`.as(
        'rank',
      ),
    })
    .from(statusUpdates)
    .as('ranked');
  return db
    .select({
      projectId: ranked.projectId,
      status: ranked.status,
      note: ranked.note,
      author: ranked.author,
      nextMilestone: ranked.nextMilestone,
      createdAt: ranked.createdAt,
    })
    .from(ranked)
    .where(sql`${ranked.rank} <= ${perProject}`)
    .orderBy(desc(ranked.createdAt));
}

export interface EntityCounts {
  added: number;
  changed: number;
  removed: number;
}

export interface ImportSummary {
  programmeChanged: boolean;
  libraries: EntityCounts;
  projects: EntityCounts;
  phases: EntityCounts;
  updatesAdded: number;
}

export function hasChanges(summary: ImportSummary): boolean {
  const entities = [summary.libraries, summary.projects, summary.phases];
  return (
    summary.programmeChanged ||
    summary.updatesAdded > 0 ||
    entities.some((counts) => counts.added + counts.changed + counts.removed > 0)
  );
}

/**
 * Upserts a whole programme in one transaction: libraries by code, projects by slug, phases by id,
 * updates by (time, note). Nothing is removed unless `prune`; a failure leaves the database untouched.
 */
export async function importProgramme(
  db: Database,
  file: Programme,
  options: { prune?: boolean } = {},
): Promise<ImportSummary> {
  return db.transaction(async (tx) => {
    const summary: ImportSummary = {
      programmeChanged: await upsertProgrammeInfo(tx, file),
      libraries: { added: 0, changed: 0, removed: 0 },
      projects: { added: 0, changed: 0, removed: 0 },
      phases: { added: 0, changed: 0, removed: 0 },
      updatesAdded: 0,
    };
    await upsertLibraries(tx, file.libraries, summary.libraries);
    await upsertProjects(tx, file.projects, summary);
    await upsertPhases(tx, file.phases, summary.phases);

    if (options.prune) {
      summary.projects.removed = await pruneRows(
        tx,
        projects,
        projects.slug,
        file.projects.map((p) => p.slug),
      );
      summary.phases.removed = await pruneRows(
        tx,
        phases,
        phases.id,
        file.phases.map((p) => p.id),
      );
      summary.libraries.removed = await pruneRows(
        tx,
        libraries,
        libraries.code,
        file.libraries.map((l) => l.code),
      );
    }
    if (hasChanges(summary)) {
      await announceProgrammeChange(tx);
    }
    return summary;
  });
}

async function upsertProgrammeInfo(db: DatabaseOrTransaction, file: Programme): Promise<boolean> {
  const values = {
    name: file.info.name,
    organisation: file.info.organisation,
    timezone: file.info.timezone,
    contactName: file.info.contact?.name ?? null,
    contactEmail: file.info.contact?.email ?? null,
    holidays: [...file.holidays].sort(),
  };
  const [existing] = await db.select().from(programme).where(eq(programme.id, PROGRAMME_ID));
  if (existing && sameFields(existing, values)) return false;
  await db
    .insert(programme)
    .values({ id: PROGRAMME_ID, ...values })
    .onConflictDoUpdate({ target: programme.id, set: values });
  return true;
}

async function upsertLibraries(
  db: DatabaseOrTransaction,
  list: Library[],
  counts: EntityCounts,
): Promise<void> {
  const existing = new Map((await db.select().from(libraries)).map((row) => [row.code, row]));
  for (const library of list) {
    const values = { name: library.name, aliases: library.aliases };
    const current = existing.get(library.code);
    if (!current) {
      await db.insert(libraries).values({ code: library.code, ...values });
      counts.added++;
    } else if (!sameFields(current, values)) {
      await db.update(libraries).set(values).where(eq(libraries.code, library.code));
      counts.changed++;
    }
  }
}

async function upsertProjects(
  db: DatabaseOrTransaction,
  list: Project[],
  summary: ImportSummary,
): Promise<void> {
  const existing = new Map((await db.select().from(projects)).map((row) => [row.slug, row]));
  for (const [position, project] of list.entries()) {
    const values = {
      name: project.name,
      aliases: project.aliases,
      description: project.description,
      status: project.status,
      allLibraries: project.allLibraries,
      position,
    };
    const current = existing.get(project.slug);
    let projectId: number;
    let changed = false;
    if (!current) {
      const [inserted] = await db
        .insert(projects)
        .values({ slug: project.slug, ...values })
        .returning({ id: projects.id });
      projectId = inserted!.id;
      summary.projects.added++;
    } else {
      projectId = current.id;
      if (!sameFields(current, values)) {
        await db
          .update(projects)
          .set({ ...values, updatedAt: new Date() })
          .where(eq(projects.id, projectId));
        changed = true;
      }
    }
    changed = (await syncPartners(db, projectId, project.partners)) || changed;
    if (current && changed) summary.projects.changed++;
    summary.updatesAdded += await addMissingUpdates(db, projectId, project.updates);
  }
}

async function syncPartners(
  db: DatabaseOrTransaction,
  projectId: number,
  partners: ProjectPartner[],
): Promise<boolean> {
  const current = await db.select().from(projectPartners).where(eq(projectPartners.projectId, projectId));
  const wanted = new Map(partners.map((partner) => [partner.libraryCode, partner.role]));
  const same =
    current.length === wanted.size && current.every((row) => wanted.get(row.libraryCode) === row.role);
  if (same) return false;
  await db.delete(projectPartners).where(eq(projectPartners.projectId, projectId));
  if (partners.length > 0) {
    await db
      .insert(projectPartners)
      .values(
        partners.map((partner) => ({ projectId, libraryCode: partner.libraryCode, role: partner.role })),
      );
  }
  return true;
}

async function addMissingUpdates(
  db: DatabaseOrTransaction,
  projectId: number,
  updates: StatusUpdate[],
): Promise<number> {
  if (updates.length === 0) return 0;
  const existing = await db
    .select({ createdAt: statusUpdates.createdAt, note: statusUpdates.note })
    .from(statusUpdates)
    .where(eq(statusUpdates.projectId, projectId));
  const known = new Set(existing.map((row) => `${row.createdAt.toISOString()}|${row.note}`));
  const missing = updates.filter(
    (update) => !known.has(`${new Date(update.at).toISOString()}|${update.note}`),
  );
  if (missing.length === 0) return 0;
  await db.insert(statusUpdates).values(
    missing.map((update) => ({
      projectId,
      status: update.status,
      note: update.note,
      author: update.author,
      source: 'file',
      createdAt: new Date(update.at),
    })),
  );
  return missing.length;
}

async function upsertPhases(db: DatabaseOrTransaction, list: Phase[], counts: EntityCounts): Promise<void> {
  const existing = new Map((await db.select().from(phases)).map((row) => [row.id, row]));
  for (const phase of list) {
    const values = {
      title: phase.title,
      description: phase.description,
      date: phase.date,
      startDate: phase.start,
      endDate: phase.end,
      label: phase.label,
      kind: phase.kind,
      reminders: phase.reminders,
      late: phase.late ?? 'accept',
    };
    const current = existing.get(phase.id);
    if (!current) {
      await db.insert(phases).values({ id: phase.id, ...values });
      counts.added++;
    } else if (!sameFields(current, values)) {
      await db.update(phases).set(values).where(eq(phases.id, phase.id));
      counts.changed++;
    }
  }
}

async function pruneRows(
  db: DatabaseOrTransaction,
  table: typeof projects | typeof phases | typeof libraries,
  key: typeof projects.slug | typeof phases.id | typeof libraries.code,
  keep: string[],
): Promise<number> {
  const removed = await db
    .delete(table)
    .where(keep.length > 0 ? notInArray(key, keep) : sql`true`)
    .returning({ key });
  return removed.length;
}

/** True when every field in `wanted` equals the stored one (arrays and null compared by value). */
function sameFields(stored: Record<string, unknown>, wanted: Record<string, unknown>): boolean {
  return Object.entries(wanted).every(
    ([field, value]) => JSON.stringify(stored[field]) === JSON.stringify(value),
  );
}

function groupBy<T, K>(rows: T[], keyOf: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

function byRoleThenCode(a: ProjectPartner, b: ProjectPartner): number {
  if (a.role !== b.role) return a.role === 'lead' ? -1 : 1;
  return a.libraryCode.localeCompare(b.libraryCode);
}

function byFirstDay(a: Phase, b: Phase): number {
  return phaseSpan(a).first.localeCompare(phaseSpan(b).first) || a.id.localeCompare(b.id);
}

/** Status updates made since `since`, newest first, with their project: the digest's "what changed". */
export async function updatesSince(db: Database, since: Date, until: Date) {
  const rows = await db
    .select({
      slug: projects.slug,
      name: projects.name,
      status: statusUpdates.status,
      note: statusUpdates.note,
      author: statusUpdates.author,
      createdAt: statusUpdates.createdAt,
    })
    .from(statusUpdates)
    .innerJoin(projects, eq(projects.id, statusUpdates.projectId))
    .where(and(gte(statusUpdates.createdAt, since), lt(statusUpdates.createdAt, until)))
    .orderBy(desc(statusUpdates.createdAt));
  return rows.map((row) => ({
    project: { slug: row.slug, name: row.name },
    update: { at: row.createdAt.toISOString(), status: row.status, note: row.note, author: row.author },
  }));
}
