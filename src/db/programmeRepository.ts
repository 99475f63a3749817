import { and, asc, desc, eq, gte, inArray, lt, notInArray, sql } from 'drizzle-orm';
import type {
  Library,
  Phase,
  Programme,
  Project,
  ProjectPartner,
  QuietPeriod,
  StatusUpdate,
} from '../domain/programme.js';
import { phaseSpan } from '../domain/programme.js';
import { diffHasChanges, diffProgramme, type ProgrammeDiff } from '../domain/programmeDiff.js';
import type { Database, DatabaseOrTransaction } from './client.js';
import { announceProgrammeChange } from './programmeChanges.js';
import { libraries, phases, programme, projectPartners, projects, statusUpdates } from './schema.js';

const PROGRAMME_ID = 1;

/** The version counter of the programme data, or null when no programme was imported yet. */
export async function readProgrammeVersion(db: DatabaseOrTransaction): Promise<number | null> {
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
export async function loadProgramme(
  db: DatabaseOrTransaction,
  options: LoadOptions = {},
): Promise<Programme | null> {
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
    ...(row.archived && { archived: true }),
    partners: (partnersByProject.get(row.id) ?? [])
      .map((partner): ProjectPartner => ({ libraryCode: partner.libraryCode, role: partner.role }))
      .sort(byRoleThenCode),
    updates: (updatesByProject.get(row.id) ?? []).map(
      (update): StatusUpdate => ({
        id: update.publicId,
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
      ...(row.nudgeDays !== null && { nudgeDays: row.nudgeDays }),
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
    libraries: libraryRows.map(
      (row): Library => ({
        code: row.code,
        name: row.name,
        aliases: row.aliases,
        ...(row.contacts.length > 0 && { contacts: row.contacts }),
      }),
    ),
    projects: projectList,
    phases: phaseList,
    holidays: info.holidays,
    ...(info.quietPeriods.length > 0 && { quietPeriods: info.quietPeriods.map(inFileOrder) }),
  };
}

function loadUpdates(db: DatabaseOrTransaction, perProject: number | undefined) {
  const columns = {
    projectId: statusUpdates.projectId,
    status: statusUpdates.status,
    note: statusUpdates.note,
    author: statusUpdates.author,
    nextMilestone: statusUpdates.nextMilestone,
    createdAt: statusUpdates.createdAt,
    publicId: statusUpdates.publicId,
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
      publicId: ranked.publicId,
    })
    .from(ranked)
    .where(sql`${ranked.rank} <= ${perProject}`)
    .orderBy(desc(ranked.createdAt));
}

/**
 * Upserts a whole programme in one transaction: libraries by code, projects by slug, phases by id,
 * updates by id (or, without one, by time and note). Nothing is removed unless `prune`; a failure
 * leaves the database untouched; what it changes is changed as of `now`. Returns what changed, as
 * `checkImport` would have predicted.
 */
export async function importProgramme(
  db: Database,
  file: Programme,
  options: { prune?: boolean; now: Date },
): Promise<ProgrammeDiff> {
  return db.transaction((tx) => importProgrammeIn(tx, file, options));
}

/**
 * `importProgramme` inside the caller's transaction (the programme change use case checks and records a
 * change in the same one). `current` is what the caller loaded in it, when it did: entries equal to
 * their stored selves are then not written at all, so a one-field edit of a large programme stays cheap.
 */
export async function importProgrammeIn(
  tx: DatabaseOrTransaction,
  file: Programme,
  options: { prune?: boolean; now: Date; current?: Programme | null },
): Promise<ProgrammeDiff> {
  const prune = options.prune ?? false;
  const { now } = options;
  const current = options.current === undefined ? await loadProgramme(tx) : options.current;
  const diff = diffProgramme(current, file, { prune });
  await upsertProgrammeInfo(tx, file);
  await upsertLibraries(tx, file.libraries);
  await upsertProjects(tx, file.projects, prune, now, options.current ?? null);
  await upsertPhases(tx, file.phases);

  if (prune) {
    await pruneRows(
      tx,
      projects,
      projects.slug,
      file.projects.map((p) => p.slug),
    );
    await pruneRows(
      tx,
      phases,
      phases.id,
      file.phases.map((p) => p.id),
    );
    await pruneRows(
      tx,
      libraries,
      libraries.code,
      file.libraries.map((l) => l.code),
    );
  }
  if (diffHasChanges(diff)) {
    await announceProgrammeChange(tx, now);
  }
  return diff;
}

/**
 * Holds the programme row until the caller's transaction ends: two changes checked against the stored
 * programme then follow each other, and the second sees what the first wrote.
 */
export async function lockProgramme(tx: DatabaseOrTransaction): Promise<void> {
  await tx.execute(sql`select id from programme where id = ${PROGRAMME_ID} for update`);
}

/** What importing `file` would change, without writing anything: `import --check`. */
export async function checkImport(
  db: Database,
  file: Programme,
  options: { prune?: boolean } = {},
): Promise<ProgrammeDiff> {
  return diffProgramme(await loadProgramme(db), file, { prune: options.prune ?? false });
}

async function upsertProgrammeInfo(db: DatabaseOrTransaction, file: Programme): Promise<void> {
  const values = {
    name: file.info.name,
    organisation: file.info.organisation,
    timezone: file.info.timezone,
    contactName: file.info.contact?.name ?? null,
    contactEmail: file.info.contact?.email ?? null,
    holidays: [...file.holidays].sort(),
    quietPeriods: (file.quietPeriods ?? []).map(inFileOrder),
  };
  const [existing] = await db.select().from(programme).where(eq(programme.id, PROGRAMME_ID));
  if (existing && sameFields({ ...existing, quietPeriods: existing.quietPeriods.map(inFileOrder) }, values))
    return;
  await db
    .insert(programme)
    .values({ id: PROGRAMME_ID, ...values })
    .onConflictDoUpdate({ target: programme.id, set: values });
}

async function upsertLibraries(db: DatabaseOrTransaction, list: Library[]): Promise<void> {
  const existing = new Map((await db.select().from(libraries)).map((row) => [row.code, row]));
  for (const library of list) {
    const values = { name: library.name, aliases: library.aliases, contacts: library.contacts ?? [] };
    const current = existing.get(library.code);
    if (!current) {
      await db.insert(libraries).values({ code: library.code, ...values });
    } else if (!sameFields(current, values)) {
      await db.update(libraries).set(values).where(eq(libraries.code, library.code));
    }
  }
}

async function upsertProjects(
  db: DatabaseOrTransaction,
  list: Project[],
  prune: boolean,
  now: Date,
  current: Programme | null,
): Promise<void> {
  const existing = new Map((await db.select().from(projects)).map((row) => [row.slug, row]));
  const stored = new Map(
    (current?.projects ?? []).map((project, index) => [project.slug, { project, index }]),
  );
  const fresh: NewProject[] = [];
  for (const [position, project] of list.entries()) {
    const before = stored.get(project.slug);
    if (before && before.index === position && sameProject(before.project, project)) continue;
    const values = {
      name: project.name,
      aliases: project.aliases,
      description: project.description,
      status: project.status,
      allLibraries: project.allLibraries,
      archived: project.archived === true,
      position,
    };
    const current = existing.get(project.slug);
    if (!current) {
      fresh.push({ project, values });
      continue;
    }
    if (!sameFields(current, values)) {
      await db
        .update(projects)
        .set({ ...values, updatedAt: now })
        .where(eq(projects.id, current.id));
    }
    await syncPartners(db, current.id, project.partners);
    await syncUpdates(db, current.id, project.updates, prune);
  }
  await insertProjects(db, fresh, prune, now);
}

/** A project the database does not hold yet, with its row's values but the slug. */
type NewProject = { project: Project; values: Omit<typeof projects.$inferInsert, 'slug'> };

/**
 * Rows per multi-row insert: PostgreSQL takes at most 65,535 parameters in one statement, and a
 * project row has a dozen columns.
 */
const INSERT_CHUNK = 500;

/**
 * Projects new to the database, a few statements for hundreds of them rather than four each: a file
 * of a thousand projects imports into the embedded database in a second, not in fifteen.
 */
async function insertProjects(
  db: DatabaseOrTransaction,
  fresh: NewProject[],
  prune: boolean,
  now: Date,
): Promise<void> {
  for (let start = 0; start < fresh.length; start += INSERT_CHUNK) {
    const chunk = fresh.slice(start, start + INSERT_CHUNK);
    const inserted = await db
      .insert(projects)
      .values(
        chunk.map(({ project, values }) => ({
          slug: project.slug,
          ...values,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .returning({ id: projects.id, slug: projects.slug });
    const idOf = new Map(inserted.map((row) => [row.slug, row.id]));
    const partners = chunk.flatMap(({ project }) =>
      project.partners.map((partner) => ({
        projectId: idOf.get(project.slug)!,
        libraryCode: partner.libraryCode,
        role: partner.role,
      })),
    );
    for (let from = 0; from < partners.length; from += INSERT_CHUNK) {
      await db.insert(projectPartners).values(partners.slice(from, from + INSERT_CHUNK));
    }
    for (const { project } of chunk) {
      if (project.updates.length > 0) await syncUpdates(db, idOf.get(project.slug)!, project.updates, prune);
    }
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

/**
 * An update with an id is that stored update, corrected where the file differs (it may even move here
 * from another project); one without an id is recognised by its time and note, as before ids existed.
 * With `prune`, the project's stored updates the file does not list go.
 */
async function syncUpdates(
  db: DatabaseOrTransaction,
  projectId: number,
  updates: StatusUpdate[],
  prune: boolean,
): Promise<void> {
  const ids = updates.flatMap((update) => (update.id ? [update.id] : []));
  const [own, byId] = await Promise.all([
    db.select().from(statusUpdates).where(eq(statusUpdates.projectId, projectId)),
    ids.length > 0
      ? db.select().from(statusUpdates).where(inArray(statusUpdates.publicId, ids))
      : Promise.resolve([]),
  ]);
  const storedById = new Map(byId.map((row) => [row.publicId, row]));
  const identity = (at: string | Date, note: string) => `${new Date(at).toISOString()}|${note}`;
  const storedByIdentity = new Map(own.map((row) => [identity(row.createdAt, row.note), row]));
  const kept = new Set<number>();
  for (const update of updates) {
    const values = {
      projectId,
      status: update.status,
      note: update.note,
      author: update.author,
      createdAt: new Date(update.at),
    };
    const stored = update.id
      ? storedById.get(update.id)
      : storedByIdentity.get(identity(update.at, update.note));
    if (!stored) {
      const [inserted] = await db
        .insert(statusUpdates)
        .values({ ...values, source: 'file', ...(update.id ? { publicId: update.id } : {}) })
        .returning({ id: statusUpdates.id });
      kept.add(inserted!.id);
      continue;
    }
    kept.add(stored.id);
    const same =
      stored.projectId === projectId &&
      stored.status === values.status &&
      stored.note === values.note &&
      stored.author === values.author &&
      stored.createdAt.getTime() === values.createdAt.getTime();
    if (!same) await db.update(statusUpdates).set(values).where(eq(statusUpdates.id, stored.id));
  }
  const gone = own.filter((row) => !kept.has(row.id)).map((row) => row.id);
  if (prune && gone.length > 0) await db.delete(statusUpdates).where(inArray(statusUpdates.id, gone));
}

async function upsertPhases(db: DatabaseOrTransaction, list: Phase[]): Promise<void> {
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
      nudgeDays: phase.nudgeDays ?? null,
    };
    const current = existing.get(phase.id);
    if (!current) {
      await db.insert(phases).values({ id: phase.id, ...values });
    } else if (!sameFields(current, values)) {
      await db.update(phases).set(values).where(eq(phases.id, phase.id));
    }
  }
}

async function pruneRows(
  db: DatabaseOrTransaction,
  table: typeof projects | typeof phases | typeof libraries,
  key: typeof projects.slug | typeof phases.id | typeof libraries.code,
  keep: string[],
): Promise<void> {
  await db.delete(table).where(keep.length > 0 ? notInArray(key, keep) : sql`true`);
}

/** Whether a loaded project and one to write hold the same (a Slack update's milestone is not the file's). */
function sameProject(stored: Project, wanted: Project): boolean {
  const comparable = (project: Project) =>
    JSON.stringify([
      project.slug,
      project.name,
      project.aliases,
      project.description,
      project.status,
      project.allLibraries,
      project.archived === true,
      project.partners.map((partner) => `${partner.role}:${partner.libraryCode}`).sort(),
      project.updates.map((update) => [update.id, update.at, update.status, update.note, update.author]),
    ]);
  return comparable(stored) === comparable(wanted);
}

/** True when every field in `wanted` equals the stored one (arrays and null compared by value). */
/**
 * A quiet period with its keys in the file's order: jsonb keeps an object's keys in an order of its own
 * (shortest first), which would make the same periods compare as changed.
 */
function inFileOrder({ name, from, to }: QuietPeriod): QuietPeriod {
  return { name, from, to };
}

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
