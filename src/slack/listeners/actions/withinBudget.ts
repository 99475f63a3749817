import type { Locale } from '../../../i18n/index.js';
import { messages } from '../../../i18n/index.js';
import type { Logger } from '../../../logger.js';
import { raceAckBudget, SAVE_BUDGET_MS } from '../../ackBudget.js';

/**
 * A button is acked at once and answered through its response_url, so Slack's 3 seconds are always met;
 * but with the database hung, the user would hear nothing for as long as it hangs (on PostgreSQL until
 * a timeout, on a held PGlite until it is released). The button's work races the budget a form's save
 * has: when it is late, the user is told now, in their language, that Koers cannot save or answer now;
 * the work goes on, and what it does in the end still reaches them, so nothing is lost nor doubled.
 * `work` answers the user itself, errors included; one that still throws is logged here, never unhandled.
 */
export async function answerWithinBudget(options: {
  receivedAt: number;
  locale: Locale;
  log: Logger;
  work: () => Promise<unknown>;
  /** Tells the user the text (ephemerally, beside the message); absent where there is no response_url. */
  tell?: (text: string) => Promise<unknown>;
}): Promise<void> {
  const { log, tell } = options;
  const work = options.work().catch((error: unknown) => log.error({ err: error }, 'a button failed'));
  const budgetMs = Math.max(0, SAVE_BUDGET_MS - (performance.now() - options.receivedAt));
  const raced = await raceAckBudget(work, budgetMs);
  if (raced.done) return;
  log.warn('a button could not be answered in time');
  await tell?.(messages(options.locale).actionLate).catch((error: unknown) =>
    log.warn({ err: error }, 'telling the user a button is late failed'),
  );
  await raced.pending;
}
