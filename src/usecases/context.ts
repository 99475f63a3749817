import type { Database } from '../db/client.js';
import type { ProgrammeStore } from '../db/programmeStore.js';
import type { Actor } from '../domain/permissions.js';

/** What a use case needs from the rest of Koers; the Slack services (and the CLI) provide it. */
export interface UseCaseContext {
  db: Database;
  programmes: ProgrammeStore;
  /** Who the user is for permission checks: admin or not, and their library. */
  actorFor(userId: string): Promise<Actor>;
  /** Every admin's user id: the people who are told of a new idea. */
  adminIds(): Promise<string[]>;
  /** The admins the server's ADMIN_USER_IDS names: changed there, never from Slack. */
  configuredAdminIds: readonly string[];
  /** The clock, passed in. */
  now(): Date;
}
