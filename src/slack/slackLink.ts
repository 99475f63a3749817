import { ErrorCode, WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import { TOKEN_CHECKS, webClientOptions } from './webClientPolicy.js';

/** What /healthz says of Slack: answering, out of reach, or refusing the token. */
export type SlackLinkStatus = 'ok' | 'unreachable' | 'refused';

/** The bot's identity from `auth.test`, which Bolt puts in every listener's context once known. */
export interface BotIdentity {
  botId: string;
  botUserId: string;
}

/** Slack's answers that mean the token itself is no good: waiting will not help. */
const REFUSING_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'team_disabled',
  'no_permission',
]);

export interface SlackLinkOptions {
  token: string;
  slackApiUrl: string | undefined;
  logger: Logger;
  /** How often a working link is checked again, so that a revoked token shows (default 5 minutes). */
  recheckMs?: number;
  /** The first wait after an unanswered check; doubled each time up to maxRetryMs. */
  firstRetryMs?: number;
  maxRetryMs?: number;
}

/**
 * Koers's view of Slack's Web API, kept without ever holding up an answer: `auth.test` runs in the
 * background, retried with back-off while Slack is out of reach, and again now and then once it
 * answers. A refused token is logged once per refusal, never thrown.
 */
export class SlackLink {
  /** 'unchecked' until the first answer (or its absence); reported as unreachable. */
  private current: SlackLinkStatus | 'unchecked' = 'unchecked';
  private known: BotIdentity | undefined;
  private accepted = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly client: WebClient;
  private readonly log: Logger;
  private readonly recheckMs: number;
  private readonly firstRetryMs: number;
  private readonly maxRetryMs: number;
  private resolveRefusedAtStart: (error: string) => void = () => {};

  /**
   * Resolves with Slack's error when the token is refused before Slack ever accepted it: a token
   * copied wrong, which no waiting mends. Never resolves otherwise.
   */
  readonly refusedAtStart = new Promise<string>((resolve) => {
    this.resolveRefusedAtStart = resolve;
  });

  constructor(options: SlackLinkOptions) {
    this.log = options.logger.child({ component: 'slack-link' });
    this.client = new WebClient(options.token, webClientOptions(TOKEN_CHECKS, options.slackApiUrl, this.log));
    this.recheckMs = options.recheckMs ?? 5 * 60_000;
    this.firstRetryMs = options.firstRetryMs ?? 1_000;
    this.maxRetryMs = options.maxRetryMs ?? 60_000;
  }

  get status(): SlackLinkStatus {
    return this.current === 'unchecked' ? 'unreachable' : this.current;
  }

  /** True once a check has gone unanswered (not before the first check has had its chance). */
  get knownUnreachable(): boolean {
    return this.current === 'unreachable';
  }

  get identity(): BotIdentity | undefined {
    return this.known;
  }

  start(): void {
    void this.check(this.firstRetryMs);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async check(retryMs: number): Promise<void> {
    if (this.stopped) return;
    const outcome = await this.client.auth.test().then(
      (result) => ({ ok: true as const, result }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    if (this.stopped) return;
    if (outcome.ok) {
      if (outcome.result.bot_id && outcome.result.user_id) {
        this.known = { botId: outcome.result.bot_id, botUserId: outcome.result.user_id };
      }
      this.accepted = true;
      if (this.current !== 'ok') this.log.info('Slack Web API answers; the bot token is accepted');
      this.current = 'ok';
      this.schedule(this.recheckMs, this.firstRetryMs);
      return;
    }
    const refusal = refusingError(outcome.error);
    if (refusal) {
      if (this.current !== 'refused') {
        this.log.error({ slackError: refusal }, `Slack refused SLACK_BOT_TOKEN (${refusal})`);
        if (!this.accepted) this.resolveRefusedAtStart(refusal);
      }
      this.current = 'refused';
      this.schedule(this.recheckMs, this.firstRetryMs);
      return;
    }
    if (this.current !== 'unreachable') {
      this.log.warn({ err: outcome.error }, 'Slack Web API unreachable; retrying in the background');
    }
    this.current = 'unreachable';
    this.schedule(retryMs, Math.min(retryMs * 2, this.maxRetryMs));
  }

  private schedule(delayMs: number, nextRetryMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.check(nextRetryMs), delayMs);
    this.timer.unref();
  }
}

/** Slack's error code when it refused the token itself, else undefined. */
export function refusingError(error: unknown): string | undefined {
  const coded = error as { code?: string; data?: { error?: string } };
  if (coded?.code !== ErrorCode.PlatformError) return undefined;
  const slackError = coded.data?.error ?? '';
  return REFUSING_ERRORS.has(slackError) ? slackError : undefined;
}

/** A token Slack refused, with the variable it came from. */
export interface SlackRefusal {
  variable: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN';
  error: string;
}

/** One line in the style of the configuration errors: what Slack said and what to do. */
export function describeRefusal(refusal: SlackRefusal): string {
  const remedy =
    refusal.variable === 'SLACK_BOT_TOKEN'
      ? 'copy the Bot User OAuth Token again (OAuth & Permissions)'
      : 'create an app-level token with connections:write again (Basic Information → App-Level Tokens)';
  return `Koers cannot start: Slack refused ${refusal.variable} (${refusal.error}): ${remedy}.`;
}
