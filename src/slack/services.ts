import type { ProgrammeStore } from '../db/programmeStore.js';
import type { Locale } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import type { UserLocales } from './userLocales.js';

/** What the Slack listeners need from the rest of Koers; built once in main.ts. */
export interface SlackServices {
  programmes: ProgrammeStore;
  userLocales: UserLocales;
  defaultLocale: Locale;
  logger: Logger;
  /** The clock, so tests can ask "what does the timeline say on 1 September 2017?". */
  now(): Date;
}
