import { asc, eq } from 'drizzle-orm';
import type { Database } from './client.js';
import { admins, userLibraries } from './schema.js';

/** The library a user speaks for, or null when they have not chosen one yet. */
export async function libraryOf(db: Database, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ code: userLibraries.libraryCode })
    .from(userLibraries)
    .where(eq(userLibraries.userId, userId));
  return row?.code ?? null;
}

export async function setLibraryOf(
  db: Database,
  userId: string,
  libraryCode: string,
  setBy: string,
  now: Date,
) {
  await db
    .insert(userLibraries)
    .values({ userId, libraryCode, setBy, updatedAt: now })
    .onConflictDoUpdate({ target: userLibraries.userId, set: { libraryCode, setBy, updatedAt: now } });
}

/** True for admins kept in the database (ADMIN_USER_IDS is checked by the caller). */
export async function isStoredAdmin(db: Database, userId: string): Promise<boolean> {
  const rows = await db.select({ userId: admins.userId }).from(admins).where(eq(admins.userId, userId));
  return rows.length > 0;
}

export async function storedAdminIds(db: Database): Promise<string[]> {
  return (await db.select({ userId: admins.userId }).from(admins)).map((row) => row.userId);
}

/** Per library, the users linked to it (chosen by themselves or set by an admin), in user id order. */
export async function linkedPeopleByLibrary(db: Database): Promise<Map<string, string[]>> {
  const rows = await db
    .select({ userId: userLibraries.userId, code: userLibraries.libraryCode })
    .from(userLibraries)
    .orderBy(asc(userLibraries.userId));
  const people = new Map<string, string[]>();
  for (const row of rows) people.set(row.code, [...(people.get(row.code) ?? []), row.userId]);
  return people;
}

/** Makes a user an admin in the database; false when they were one there already. */
export async function addStoredAdmin(
  db: Database,
  userId: string,
  addedBy: string,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .insert(admins)
    .values({ userId, addedBy, createdAt: now })
    .onConflictDoNothing({ target: admins.userId })
    .returning({ userId: admins.userId });
  return rows.length > 0;
}

/**
 * Takes a user's admin role off, unless no admin would be left: `othersRemain` is told the admins that
 * would remain in the database and says whether that leaves anyone (the seed list counts too). The
 * admins' rows are locked for the decision, so two admins removing each other at once leave one.
 */
export async function removeStoredAdmin(
  db: Database,
  userId: string,
  othersRemain: (storedLeft: string[]) => boolean,
): Promise<'removed' | 'notStored' | 'last'> {
  return db.transaction(async (tx) => {
    const stored = (await tx.select({ userId: admins.userId }).from(admins).for('update')).map(
      (row) => row.userId,
    );
    if (!stored.includes(userId)) return 'notStored';
    if (!othersRemain(stored.filter((id) => id !== userId))) return 'last';
    await tx.delete(admins).where(eq(admins.userId, userId));
    return 'removed';
  });
}
