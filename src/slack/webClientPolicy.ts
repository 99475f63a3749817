import type { webApi } from '@slack/bolt';
import type { Logger } from '../logger.js';
import { toSlackLogger } from './slackLogger.js';

/**
 * The WebClient's default is ten retries over about thirty minutes with no timeout: a listener waiting
 * on it during an outage never ends, and its last rejection surfaces long after anyone cares. The
 * WebClients of the listeners and of the Socket Mode link take one of these policies instead; the
 * scheduler's poster and the outbox's look-ups (`src/scheduler/`) set their own, shorter ones, which
 * their claim leases must outlast.
 */
export interface SlackCallPolicy {
  /** Per HTTP call. */
  timeoutMs: number;
  retryConfig: webApi.RetryOptions;
}

/** Calls made for a user who waits (a modal, a home tab, a file): a few seconds, two retries. */
export const LISTENER_CALLS: SlackCallPolicy = {
  timeoutMs: 10_000,
  retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2_000 },
};

/** Koers's own checks of the token (auth.test): one try each; SlackLink retries with its own back-off. */
export const TOKEN_CHECKS: SlackCallPolicy = {
  timeoutMs: 5_000,
  retryConfig: { retries: 0 },
};

/**
 * A token's renewal (oauth.v2.access): one try, as it holds the installation's row while it waits; a
 * post that finds no token tries again with its own retries, or at a later tick.
 */
export const TOKEN_RENEWALS: SlackCallPolicy = {
  timeoutMs: 10_000,
  retryConfig: { retries: 0 },
};

/**
 * Socket Mode's `apps.connections.open`, also on every reconnect: Slack may be away for long, and the
 * link must come back by itself when it returns, so it keeps trying, at most 30 s apart.
 */
export const SOCKET_CONNECTIONS: SlackCallPolicy = {
  timeoutMs: 10_000,
  retryConfig: { retries: 10, forever: true, factor: 2, minTimeout: 1_000, maxTimeout: 30_000 },
};

export function webClientOptions(
  policy: SlackCallPolicy,
  slackApiUrl: string | undefined,
  logger: Logger,
): webApi.WebClientOptions {
  return {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    timeout: policy.timeoutMs,
    retryConfig: { ...policy.retryConfig },
    logger: toSlackLogger(logger),
  };
}
