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
