import { ErrorCode, WebClient } from '@slack/web-api';
import type { OAuthSettings } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { BotTokenRenewal } from '../../usecases/botTokenForPosting.js';
import { TOKEN_RENEWALS, webClientOptions } from '../webClientPolicy.js';

/** Slack's answers after which the same refresh token will never be taken: the app must be installed anew. */
const REFUSALS = new Set([
  'invalid_refresh_token',
  'invalid_grant_type',
  'invalid_client_id',
  'bad_client_secret',
  'token_revoked',
  'invalid_auth',
  'account_inactive',
]);

/**
 * Slack's `oauth.v2.access` with `grant_type=refresh_token`: a new bot token and the refresh token for
 * the one after it. Never throws; what went wrong is returned as Slack's error, never with a token.
 */
export function slackBotTokenRenewal(
  settings: Pick<OAuthSettings, 'clientId' | 'clientSecret'>,
  slackApiUrl: string | undefined,
  logger: Logger,
): BotTokenRenewal {
  const client = new WebClient(undefined, webClientOptions(TOKEN_RENEWALS, slackApiUrl, logger));
  return async (refreshToken, now) => {
    try {
      const answer = await client.oauth.v2.access({
        client_id: settings.clientId,
        client_secret: settings.clientSecret,
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      });
      if (!answer.access_token || !answer.refresh_token || !answer.expires_in)
        return { kind: 'refused', error: 'oauth.v2.access returned no token to rotate', permanent: false };
      return {
        kind: 'renewed',
        token: answer.access_token,
        refreshToken: answer.refresh_token,
        expiresAt: new Date(now.getTime() + answer.expires_in * 1000),
      };
    } catch (error) {
      const coded = error as { code?: string; statusCode?: number; data?: { error?: string } };
      if (coded.code === ErrorCode.PlatformError) {
        const slackError = coded.data?.error ?? 'unknown_error';
        return { kind: 'refused', error: slackError, permanent: REFUSALS.has(slackError) };
      }
      if (coded.code === ErrorCode.HTTPError)
        return { kind: 'refused', error: `HTTP ${coded.statusCode}`, permanent: false };
      return { kind: 'refused', error: 'Slack did not answer', permanent: false };
    }
  };
}
