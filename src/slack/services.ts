import type { Database } from '../db/client.js';
import type { ProgrammeStore } from '../db/programmeStore.js';
import type { Actor } from '../domain/permissions.js';
import type { Locale } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import type { CalendarAddress } from '../usecases/calendarAddress.js';
import type { DeliveryRetryOutcome } from '../usecases/deliveryLog.js';
import type { BackgroundWork } from './backgroundWork.js';
import type { UserLocales } from './userLocales.js';

/** The instance's side of a token revocation (OAuth): the installations table, and the workspace to stop. */
export interface RevocationServices {
  db: Database;
  logger: Logger;
  /** The workspace's bot token is gone: its reminders, nudges and overviews stop at once. */
  revoked(key: string): Promise<void>;
}

/** What the Slack listeners need from the rest of Koers: one workspace's, built in workspaceRuntime.ts. */
export interface SlackServices {
  db: Database;
  /** Who the user is for permission checks: admin or not, and their library. */
  actorFor(userId: string): Promise<Actor>;
  /** Every admin's user id: the people who get idea proposals to decide. */
  adminIds(): Promise<string[]>;
  /** The admins the server's ADMIN_USER_IDS names: changed there, never from Slack. */
  configuredAdminIds: readonly string[];
  /** Local hour at which reminders are posted. */
  reminderHour: number;
  programmes: ProgrammeStore;
  userLocales: UserLocales;
  defaultLocale: Locale;
  logger: Logger;
  /** The clock, so tests can ask "what does the timeline say on 1 September 2017?". */
  now(): Date;
  /** Sends the messages a use case has just written to the outbox (soon, in the background). */
  sendOwedMessages(): void;
  /** Refreshes the channels' live overviews after a change they show (soon, in the background; debounced). */
  refreshOverviews(): void;
  /** Work that goes on after Slack has its answer; a stopping instance waits for it. */
  background: BackgroundWork;
  /** The calendar feed's address (`/project agenda`), its token made on first use. */
  calendarAddress(): Promise<CalendarAddress>;
  /** Posts a failed delivery again through the scheduler's claims (wired in koers.ts). */
  retryDelivery(deliveryId: number): Promise<DeliveryRetryOutcome>;
  /** Seals the modals Koers opens (`viewSeal.ts`): the signing secret, which only Slack and Koers know. */
  viewSealKey: string;
}
