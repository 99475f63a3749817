import type { webApi } from '@slack/bolt';
import { type Locale, localeFromSlack } from '../i18n/index.js';

const CACHE_MS = 6 * 60 * 60 * 1000;
/** The locale look-up must leave most of Slack's 3-second ack budget to the answer itself. */
const LOOKUP_TIMEOUT_MS = 700;

/**
 * The user's language from their Slack locale (`users.info`), cached per user. When Slack is slow or
 * says no, the programme's default language answers, and the next command asks again. While Slack's
 * Web API is known to be away, it is not asked at all: the answer need not wait for the time-out.
 */
export class UserLocales {
  private readonly cache = new Map<string, { locale: Locale; until: number }>();

  constructor(
    private readonly fallback: Locale,
    private readonly webApiAway: () => boolean = () => false,
  ) {}

  async forUser(client: webApi.WebClient, userId: string): Promise<Locale> {
    const cached = this.cache.get(userId);
    if (cached && cached.until > Date.now()) return cached.locale;
    if (this.webApiAway()) return this.fallback;
    try {
      const lookup = client.users.info({ user: userId, include_locale: true });
      const result = await Promise.race([
        lookup,
        new Promise<null>((resolve) => setTimeout(resolve, LOOKUP_TIMEOUT_MS, null).unref()),
      ]);
      if (!result?.user) return this.fallback;
      const locale = localeFromSlack(result.user.locale, this.fallback);
      this.cache.set(userId, { locale, until: Date.now() + CACHE_MS });
      return locale;
    } catch {
      return this.fallback;
    }
  }
}
