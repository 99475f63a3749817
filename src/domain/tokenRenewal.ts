/*
 * Slack's token rotation: a bot token that expires (12 hours after it was issued) comes with a refresh
 * token that buys the next one. What Koers posts on its own clock renews the token before it runs out.
 */

/**
 * How long before its expiry a token is renewed: longer than a post with all its retries can take (the
 * scheduler's poster: about 4 minutes, `SlackPoster.worstCaseMs`), so a post that starts with a token
 * never finishes its retries with one Slack has let expire.
 */
export const RENEW_BEFORE_EXPIRY_MS = 10 * 60 * 1000;

export interface ExpiringToken {
  /** Undefined: the token does not expire (an app without token rotation). */
  expiresAt?: Date | undefined;
  refreshToken?: string | undefined;
}

/** The token runs out within the margin and can be renewed. */
export function renewalDue(token: ExpiringToken, now: Date): boolean {
  return (
    token.refreshToken !== undefined &&
    token.expiresAt !== undefined &&
    token.expiresAt.getTime() - now.getTime() <= RENEW_BEFORE_EXPIRY_MS
  );
}

/** Slack no longer takes the token. */
export function hasExpired(token: ExpiringToken, now: Date): boolean {
  return token.expiresAt !== undefined && token.expiresAt.getTime() <= now.getTime();
}
