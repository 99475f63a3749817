import { eq, lt } from 'drizzle-orm';
import type { Database } from './client.js';
import { oauthStates } from './schema.js';

export interface IssuedState {
  id: string;
  installOptions: Record<string, unknown>;
  locale: 'nl' | 'en';
  expiresAt: Date;
}

/** Remembers a state handed out with an install link; states long expired are dropped on the way. */
export async function rememberState(db: Database, state: IssuedState, now: Date): Promise<void> {
  await db.delete(oauthStates).where(lt(oauthStates.expiresAt, now));
  await db.insert(oauthStates).values(state);
}

/**
 * Takes a state for good: it is gone from the table whether or not it is still in time, so a state
 * comes back from Slack once. Null when it was never issued or was taken already (a replay); with
 * several instances, exactly one of two redirects with the same state gets it.
 */
export async function takeState(db: Database, id: string): Promise<IssuedState | null> {
  const [taken] = await db.delete(oauthStates).where(eq(oauthStates.id, id)).returning();
  return taken ?? null;
}
