import { type ChatPostMessageArguments, ErrorCode, WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';

export type PostOutcome =
  | { kind: 'sent'; ts: string }
  /** Slack refused for good (channel gone, bot removed …): retrying cannot help. */
  | { kind: 'permanent'; error: string }
  /** Still failing after our retries (rate limit, 5xx, network): a later tick may try again. */
  | { kind: 'transient'; error: string };

/** Errors after which the same post would fail again, whatever we wait. */
const PERMANENT_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'missing_scope',
  'restricted_action',
  'msg_too_long',
  'invalid_blocks',
  'no_text',
]);

export interface PosterOptions {
  /** Attempts per post within one claim, the first included. */
  maxTries?: number;
  /** A Retry-After longer than this gives the claim back instead of holding it. */
  maxRetryAfterMs?: number;
  /** Per HTTP call. */
  timeoutMs?: number;
  /** First back-off after a 5xx; doubled per try. */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Posts reminders with a retry policy of our own instead of the WebClient's default (ten retries over
 * about thirty minutes, also after a socket reset, when Slack may already have the message). Ours is
 * short and bounded, so that the whole of it fits well inside a delivery's claim lease:
 * at most maxTries × (timeoutMs + maxRetryAfterMs) — with the defaults 4 × (10 s + 30 s) = 160 s.
 */
export class SlackPoster {
  private readonly client: WebClient;
  private readonly options: Required<PosterOptions>;
  /**
   * Slack's limit on chat.postMessage is the workspace's, not one post's: after a 429, every post of
   * this poster waits out its Retry-After, instead of the others each running into a 429 of their own
   * and waking at scattered times (in the fan-out bench: 72 refusals, and a second lost now and then).
   */
  private pausedUntil = 0;

  constructor(token: string, slackApiUrl: string | undefined, logger: Logger, options: PosterOptions = {}) {
    this.options = {
      maxTries: 4,
      maxRetryAfterMs: 30_000,
      timeoutMs: 10_000,
      backoffMs: 1_000,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      ...options,
    };
    this.client = new WebClient(token, {
      ...(slackApiUrl ? { slackApiUrl } : {}),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: this.options.timeoutMs,
      logger: silentSlackLogger(logger),
    });
  }

  /** The longest one post can take, retries included: the claim lease must be longer. */
  get worstCaseMs(): number {
    return this.options.maxTries * (this.options.timeoutMs + this.options.maxRetryAfterMs);
  }

  async post(message: ChatPostMessageArguments): Promise<PostOutcome> {
    let lastError = 'not tried';
    for (let attempt = 1; attempt <= this.options.maxTries; attempt++) {
      // At most maxRetryAfterMs: a longer Retry-After gives the claim back rather than pausing.
      const paused = this.pausedUntil - Date.now();
      if (paused > 0) await this.options.sleep(paused);
      try {
        const result = await this.client.chat.postMessage(message);
        return { kind: 'sent', ts: result.ts ?? '' };
      } catch (error) {
        const failure = classify(error);
        lastError = failure.error;
        if (failure.kind === 'permanent') return failure;
        if (attempt === this.options.maxTries) break;
        if (failure.retryAfterMs !== undefined) {
          if (failure.retryAfterMs > this.options.maxRetryAfterMs) break;
          this.pausedUntil = Math.max(this.pausedUntil, Date.now() + failure.retryAfterMs);
        } else {
          await this.options.sleep(this.options.backoffMs * 2 ** (attempt - 1));
        }
      }
    }
    return { kind: 'transient', error: lastError };
  }
}

function classify(error: unknown): { kind: 'permanent' | 'transient'; error: string; retryAfterMs?: number } {
  const coded = error as {
    code?: string;
    retryAfter?: number;
    statusCode?: number;
    data?: { error?: string };
  };
  switch (coded.code) {
    case ErrorCode.RateLimitedError:
      return {
        kind: 'transient',
        error: `rate limited (retry after ${coded.retryAfter} s)`,
        retryAfterMs: (coded.retryAfter ?? 1) * 1000,
      };
    case ErrorCode.HTTPError:
      return { kind: 'transient', error: `HTTP ${coded.statusCode}` };
    case ErrorCode.PlatformError: {
      const slackError = coded.data?.error ?? 'unknown_error';
      return { kind: PERMANENT_ERRORS.has(slackError) ? 'permanent' : 'transient', error: slackError };
    }
    default:
      return { kind: 'transient', error: (error as Error)?.message ?? String(error) };
  }
}

function silentSlackLogger(logger: Logger) {
  const child = logger.child({ component: 'slack-poster' });
  return {
    debug: () => {},
    info: () => {},
    warn: (...messages: unknown[]) => child.warn(messages.map(String).join(' ')),
    error: (...messages: unknown[]) => child.error(messages.map(String).join(' ')),
    setLevel: () => {},
    getLevel: () => 'warn' as never,
    setName: () => {},
  };
}
