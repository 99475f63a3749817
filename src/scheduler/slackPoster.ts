import { type ChatPostMessageArguments, ErrorCode, type WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import { type BotToken, botClient, tokenFailureOf } from './botClient.js';

export type PostOutcome =
  | { kind: 'sent'; ts: string }
  /** Slack refused for good (channel gone, bot removed …): retrying cannot help. */
  | { kind: 'permanent'; error: string }
  /** Still failing after our retries (rate limit, Slack's refusal): Slack does not have it; a later tick may try again. */
  | { kind: 'transient'; error: string }
  /**
   * Slack may have the message (a post went unanswered) and its channel could not be checked: a later
   * claim looks in the channel first, and posts only if the message is not there.
   */
  | { kind: 'unknown'; error: string };

/** The `event_type` of the metadata on every delivery Koers posts: letters and underscores, as Slack asks. */
export const DELIVERY_EVENT_TYPE = 'koers_delivery';

/** Which delivery a post is, carried in its message metadata so that it can be found in the channel. */
export interface DeliveryMark {
  kind: string;
  key: string;
  /** The first claim that may have posted it, by the database's clock: the channel is searched from then. */
  since: Date;
  /** An earlier claim may have posted it: look in the channel before posting. */
  mayAlreadyBePosted: boolean;
}

/** The database's clock and Slack's need not agree: the channel is searched from this much earlier. */
const CLOCK_MARGIN_MS = 10 * 60 * 1000;
/**
 * Messages per page of conversations.history, and the pages one look may read: one page of 500 is far
 * more than a channel gets between a claim and its retry, and a second page would cost the lease 10 s
 * more per try (an internal app may ask up to 999 a page; Tier 3).
 */
const HISTORY_PAGE = 500;
const HISTORY_PAGES = 1;

/** Errors after which the same post would fail again, whatever we wait. */
const PERMANENT_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  // No token at all: Koers's OAuth installation there is gone (uninstalled).
  'not_authed',
  'missing_scope',
  'restricted_action',
  'msg_too_long',
  'invalid_blocks',
  'no_text',
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
]);

export interface PosterOptions {
  /** Attempts per post within one claim, the first included. */
  maxTries?: number;
  /** A Retry-After longer than this gives the claim back instead of holding it. */
  maxRetryAfterMs?: number;
  /** Per HTTP call. */
  timeoutMs?: number;
  /** Posts under way at once through this poster (the scheduler's fan-out): how many may wait their turn. */
  concurrency?: number;
  /** First back-off after a 5xx; doubled per try. */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** How long the pace learned from a 429 holds after it: a fan-out is over well within a minute. */
const PACE_MEMORY_MS = 60_000;
/** The slowest pace learned: one post a second, Slack's own limit for one channel. */
const MAX_SPACING_MS = 1_000;

/**
 * Posts reminders with a retry policy of our own instead of the WebClient's default (ten retries over
 * about thirty minutes, also after a socket reset, when Slack may already have the message). Ours is
 * short and bounded, so that the whole of it fits well inside a delivery's claim lease (`worstCaseMs`):
 * with the defaults 4 × (10 s looking in the channel + 10 s + 30 s + 8 × 1 s waiting its turn) = 232 s.
 *
 * A post that went unanswered (a timeout, a dropped connection, a 5xx) may have reached the channel
 * all the same. It is never simply sent again: every post carries its delivery's key in its message
 * metadata, and before a post that may be a repeat, the poster looks for that key among the channel's
 * messages since the claim (conversations.history). Found: it was sent. Not there: post. The channel
 * cannot be read: the outcome stays unknown and a later claim looks again.
 *
 * After a 429 the poster also paces itself, at the rate Slack lets posts through. Without a pace,
 * every pause ends in a burst that runs straight into the next 429 (in the fan-out bench 31–39
 * refusals for 500 posts). Retry-After comes in whole seconds, though, and while we wait Slack's
 * allowance fills up again: the posts a second's allowance holds go at once when the pause ends, and
 * only then does the pace hold. In the fan-out bench that is 3–7 refusals for 500 posts, and all of
 * them within 3 % of the least time the limits allow.
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
  /** The least time between two posts' starts while paced; 0 until a 429 has taught one. */
  private spacingMs = 0;
  private pacedUntil = 0;
  private lastStartAt = Number.NEGATIVE_INFINITY;
  /** Posts that may start unpaced once the pause is over: what Slack's allowance regained meanwhile. */
  private refilled = 0;
  /** The last 429 that taught a pace, and the posts Slack has taken since: the rate of the next lesson. */
  private lastRefusalAt = Number.NEGATIVE_INFINITY;
  private acceptedSinceRefusal = 0;
  /** When posts were accepted, the last second's worth: the pace the first 429 teaches. */
  private readonly acceptedAt: number[] = [];
  /** Posts take their turn to start one after the other, so that a pause or the pace holds for all. */
  private turns: Promise<void> = Promise.resolve();
  /** Each person's direct message with Koers, once opened: a nudge is posted there, and looked for there. */
  private readonly directMessages = new Map<string, string>();

  constructor(token: BotToken, slackApiUrl: string | undefined, logger: Logger, options: PosterOptions = {}) {
    this.options = {
      maxTries: 4,
      maxRetryAfterMs: 30_000,
      timeoutMs: 10_000,
      backoffMs: 1_000,
      concurrency: 8,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      ...options,
    };
    this.client = botClient(token, {
      ...(slackApiUrl ? { slackApiUrl } : {}),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: this.options.timeoutMs,
      logger: silentSlackLogger(logger),
    });
  }

  /** The longest one post can take, retries and waiting its turn included: the claim lease must be longer. */
  get worstCaseMs(): number {
    const { maxTries, timeoutMs, maxRetryAfterMs, concurrency } = this.options;
    return maxTries * ((HISTORY_PAGES + 1) * timeoutMs + maxRetryAfterMs + concurrency * MAX_SPACING_MS);
  }

  /** The longest `directMessageOf` can take: one call, not retried. */
  get directMessageWorstCaseMs(): number {
    return this.options.timeoutMs;
  }

  async post(message: ChatPostMessageArguments, mark: DeliveryMark): Promise<PostOutcome> {
    const { channel } = message;
    const marked = {
      ...message,
      metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { kind: mark.kind, key: mark.key } },
    } as ChatPostMessageArguments;
    let lastError = 'not tried';
    let mayBeThere = mark.mayAlreadyBePosted;
    for (let attempt = 1; attempt <= this.options.maxTries; attempt++) {
      if (mayBeThere) {
        const found = await this.findPosted(channel, mark);
        if (found.kind === 'found') return { kind: 'sent', ts: found.ts };
        if (found.kind === 'unreadable')
          return found.permanent
            ? { kind: 'permanent', error: found.error }
            : { kind: 'unknown', error: found.error };
        mayBeThere = false;
      }
      await this.takeTurn();
      try {
        const result = await this.client.chat.postMessage(marked);
        this.accepted(Date.now());
        return { kind: 'sent', ts: result.ts ?? '' };
      } catch (error) {
        const failure = classify(error);
        lastError = failure.error;
        if (failure.kind === 'permanent') return failure;
        // Slack answered and refused (a 429, an error of its own): it does not have the message.
        mayBeThere = !failure.refused;
        if (attempt === this.options.maxTries) break;
        if (failure.retryAfterMs !== undefined) {
          if (failure.retryAfterMs > this.options.maxRetryAfterMs) break;
          this.rateLimited(Date.now(), failure.retryAfterMs);
        } else {
          await this.options.sleep(this.options.backoffMs * 2 ** (attempt - 1));
        }
      }
    }
    return mayBeThere ? { kind: 'unknown', error: lastError } : { kind: 'transient', error: lastError };
  }

  /**
   * Where a post to `channel` goes: a channel as it is; for a person (a user id), their direct message
   * with Koers, opened once. Posted to the user id, the message would land there too, but that id has
   * no history to read: a post whose answer was lost could not be looked for before it is sent again.
   */
  async conversationOf(channel: string): Promise<string | PostOutcome> {
    if (!/^[UW][A-Z0-9]+$/.test(channel)) return channel;
    const known = this.directMessages.get(channel);
    if (known) return known;
    try {
      const opened = await this.client.conversations.open({ users: channel });
      const id = opened.channel?.id;
      if (!id) return { kind: 'transient', error: 'conversations.open returned no channel' };
      this.directMessages.set(channel, id);
      return id;
    } catch (error) {
      const failure = classify(error);
      return { kind: failure.kind, error: `${failure.error} (conversations.open)` };
    }
  }

  /**
   * Looks among the channel's messages since the claim for this delivery's own (by its metadata), newest
   * first, a few pages at most: whatever was posted since is far less than that.
   */
  private async findPosted(
    channel: string,
    mark: DeliveryMark,
  ): Promise<
    | { kind: 'found'; ts: string }
    | { kind: 'absent' }
    | { kind: 'unreadable'; error: string; permanent: boolean }
  > {
    const oldest = ((mark.since.getTime() - CLOCK_MARGIN_MS) / 1000).toFixed(6);
    let cursor: string | undefined;
    try {
      for (let page = 0; page < HISTORY_PAGES; page++) {
        const result = await this.client.conversations.history({
          channel,
          oldest,
          limit: HISTORY_PAGE,
          include_all_metadata: true,
          ...(cursor ? { cursor } : {}),
        });
        const mine = (result.messages ?? []).find((candidate) => {
          const metadata = (candidate as { metadata?: { event_type?: string; event_payload?: unknown } })
            .metadata;
          const payload = metadata?.event_payload as { kind?: unknown; key?: unknown } | undefined;
          return (
            metadata?.event_type === DELIVERY_EVENT_TYPE &&
            payload?.kind === mark.kind &&
            payload.key === mark.key
          );
        });
        if (mine?.ts) return { kind: 'found', ts: mine.ts };
        cursor = result.response_metadata?.next_cursor || undefined;
        if (!result.has_more || !cursor) return { kind: 'absent' };
      }
      return {
        kind: 'unreadable',
        error: `more than ${HISTORY_PAGE * HISTORY_PAGES} messages since the claim`,
        permanent: false,
      };
    } catch (error) {
      const failure = classify(error);
      return {
        kind: 'unreadable',
        error: `${failure.error} (conversations.history)`,
        permanent: failure.kind === 'permanent',
      };
    }
  }

  private takeTurn(): Promise<void> {
    const turn = this.turns.then(() => this.waitUntilFree());
    // A failed wait (an injected sleep) must not hold up every later post.
    this.turns = turn.catch(() => {});
    return turn;
  }

  /** Waits out a pause (at most maxRetryAfterMs) and the pace, then marks this post's start. */
  private async waitUntilFree(): Promise<void> {
    for (;;) {
      const now = Date.now();
      const spacing = now < this.pacedUntil && this.refilled === 0 ? this.spacingMs : 0;
      const wait = Math.max(this.pausedUntil, this.lastStartAt + spacing) - now;
      if (wait <= 0) break;
      const pauseBefore = this.pausedUntil;
      await this.options.sleep(wait);
      // A 429 that came while this post waited moves the pause on: wait again; otherwise go.
      if (this.pausedUntil === pauseBefore) break;
    }
    this.lastStartAt = Date.now();
    if (this.refilled > 0) this.refilled--;
  }

  private accepted(now: number): void {
    this.acceptedAt.push(now);
    while (this.acceptedAt[0]! <= now - 1_000) this.acceptedAt.shift();
    this.acceptedSinceRefusal++;
  }

  private rateLimited(now: number, retryAfterMs: number): void {
    // The posts already on their way when Slack said 429 are refused with it: one refusal, one lesson.
    const sameRefusal = now < this.pausedUntil;
    this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
    if (sameRefusal) return;
    const perSecond = this.allowancePerSecond(now);
    if (perSecond > 0) this.spacingMs = Math.min(MAX_SPACING_MS, 1_000 / perSecond);
    // A pause of a second or more regains a second's worth, and no more than that is safe to assume:
    // a burst larger than the allowance only earns the next 429.
    this.refilled = Math.floor(perSecond * Math.min(1, retryAfterMs / 1_000));
    this.pacedUntil = now + PACE_MEMORY_MS;
    this.lastRefusalAt = now;
    this.acceptedSinceRefusal = 0;
  }

  /**
   * How many posts a second Slack lets through. Between two refusals its allowance went from empty to
   * empty, so what it took in between is what it regained: that is the rate. At the first refusal only
   * the second before it tells, and that second may hold a burst.
   */
  private allowancePerSecond(now: number): number {
    if (now < this.pacedUntil && now > this.lastRefusalAt)
      return (this.acceptedSinceRefusal * 1_000) / (now - this.lastRefusalAt);
    return this.acceptedAt.filter((at) => at > now - 1_000).length;
  }
}

/** `refused`: Slack answered the call and did not carry it out, so a post it refused is not in the channel. */
function classify(error: unknown): {
  kind: 'permanent' | 'transient';
  error: string;
  retryAfterMs?: number;
  refused?: boolean;
} {
  const tokenFailure = tokenFailureOf(error);
  if (tokenFailure) return { ...tokenFailure, refused: true };
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
        refused: true,
      };
    case ErrorCode.HTTPError:
      return { kind: 'transient', error: `HTTP ${coded.statusCode}` };
    case ErrorCode.PlatformError: {
      const slackError = coded.data?.error ?? 'unknown_error';
      return {
        kind: PERMANENT_ERRORS.has(slackError) ? 'permanent' : 'transient',
        error: slackError,
        refused: true,
      };
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
