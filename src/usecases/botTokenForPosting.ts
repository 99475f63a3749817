import type { Database } from '../db/client.js';
import { type RenewedBotToken, renewStoredBotToken, storedBotToken } from '../db/installationRepository.js';
import type { TokenCipher } from '../db/tokenCipher.js';
import { hasExpired, renewalDue } from '../domain/tokenRenewal.js';

/** Slack's side of a renewal (slack/oauth/tokenRenewal.ts): never throws, and never words a token. */
export type BotTokenRenewal = (
  refreshToken: string,
  now: Date,
) => Promise<
  | ({ kind: 'renewed' } & RenewedBotToken)
  /** `permanent`: Slack will never take this refresh token (the app must be installed anew). */
  | { kind: 'refused'; error: string; permanent: boolean }
>;

export type PostingToken =
  | { kind: 'token'; token: string; renewed: boolean }
  /** The renewal failed, but the token Slack issued before still holds for a while. */
  | { kind: 'stillValid'; token: string; error: string }
  /** The renewal failed and the token has run out: nothing can be posted until it succeeds. */
  | { kind: 'expired'; error: string; permanent: boolean }
  | { kind: 'uninstalled' };

/**
 * The installation's bot token for a post outside a request, good for at least the next minutes: one
 * that runs out soon (token rotation) is renewed first, and the renewal stored for every instance.
 */
export async function botTokenForPosting(
  db: Database,
  cipher: TokenCipher,
  key: string,
  renewal: BotTokenRenewal,
  now: Date,
): Promise<PostingToken> {
  const stored = await storedBotToken(db, cipher, key);
  if (!stored) return { kind: 'uninstalled' };
  if (!renewalDue(stored, now)) return { kind: 'token', token: stored.token, renewed: false };
  let refused: { error: string; permanent: boolean } | null = null;
  let renewed = false;
  const current = await renewStoredBotToken(db, cipher, key, async (locked) => {
    // Another instance renewed it while this one waited for the row.
    if (!renewalDue(locked, now) || !locked.refreshToken) return null;
    const answer = await renewal(locked.refreshToken, now);
    if (answer.kind === 'refused') {
      refused = { error: answer.error, permanent: answer.permanent };
      return null;
    }
    renewed = true;
    return answer;
  });
  if (!current) return { kind: 'uninstalled' };
  // TypeScript does not follow the assignment inside the callback.
  const refusal = refused as { error: string; permanent: boolean } | null;
  if (!refusal) return { kind: 'token', token: current.token, renewed };
  return hasExpired(current, now)
    ? { kind: 'expired', error: refusal.error, permanent: refusal.permanent }
    : { kind: 'stillValid', token: current.token, error: refusal.error };
}
