import type { Database } from './db/client.js';
import type { TokenCipher } from './db/tokenCipher.js';
import type { Logger } from './logger.js';
import { BotTokenNotRenewed } from './scheduler/botClient.js';
import { type BotTokenRenewal, botTokenForPosting } from './usecases/botTokenForPosting.js';

/**
 * After Slack refused to renew a token, the posts of the next minute are failed without asking again:
 * a fan-out of reminders would otherwise send the dead refresh token once per post.
 */
const REFUSAL_MEMORY_MS = 60_000;

export interface PostingBotToken {
  token(): Promise<string | undefined>;
  /** Installed anew: its new tokens are tried at once. */
  forgetRefusal(): void;
}

/**
 * An installation's bot token for what Koers posts on its own (the scheduler, the outbox, the
 * overviews), renewed before it runs out (Slack's token rotation). Bolt renews the token of a request
 * by itself; nothing renews it between requests but this. Within one instance, calls at once share one
 * renewal; across instances the installation's row is locked for it (renewStoredBotToken).
 *
 * `token` resolves to undefined once Koers is uninstalled there; it rejects with `BotTokenNotRenewed`
 * when the token has expired and Slack would not renew it, so that the post fails, and says why.
 */
export function postingBotToken(options: {
  /** The instance's own database: the installations table. */
  db: Database;
  cipher: TokenCipher;
  key: string;
  renewal: BotTokenRenewal;
  /** The installation's logger (its team id on every line). */
  logger: Logger;
  /** Slack's clock, which the token's expiry is on: the wall clock, not the programme's. */
  now?: () => Date;
}): PostingBotToken {
  const { db, cipher, key, renewal, logger } = options;
  const now = options.now ?? (() => new Date());
  let underWay: Promise<string | undefined> | null = null;
  let refused: { error: BotTokenNotRenewed; until: number } | null = null;

  const lookUp = async (): Promise<string | undefined> => {
    const outcome = await botTokenForPosting(db, cipher, key, renewal, now());
    switch (outcome.kind) {
      case 'uninstalled':
        return undefined;
      case 'token':
        if (outcome.renewed) logger.info('renewed the bot token (token rotation)');
        refused = null;
        return outcome.token;
      case 'stillValid':
        logger.warn(
          { error: outcome.error },
          'renewing the bot token failed; its old token holds a little longer, and renewing is tried again',
        );
        return outcome.token;
      case 'expired': {
        const error = new BotTokenNotRenewed(outcome.error, outcome.permanent);
        logger.error(
          { error: outcome.error },
          outcome.permanent
            ? 'the bot token has expired and Slack refused to renew it: Koers must be installed there anew'
            : 'the bot token has expired and could not be renewed; trying again at the next post',
        );
        if (outcome.permanent) refused = { error, until: now().getTime() + REFUSAL_MEMORY_MS };
        throw error;
      }
    }
  };

  return {
    token: () => {
      if (refused && now().getTime() < refused.until) return Promise.reject(refused.error);
      underWay ??= lookUp().finally(() => {
        underWay = null;
      });
      return underWay;
    },
    forgetRefusal: () => {
      refused = null;
    },
  };
}
