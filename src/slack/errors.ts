import { DatabaseUnavailableError } from '../db/programmeStore.js';
import { type Locale, messages } from '../i18n/index.js';

/** What the user reads when an answer failed: never a stack trace, always in their language. */
export function userFacingError(error: unknown, locale: Locale): string {
  const m = messages(locale);
  return error instanceof DatabaseUnavailableError ? m.databaseUnavailable : m.somethingWentWrong;
}
