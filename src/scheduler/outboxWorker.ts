import { ErrorCode } from '@slack/web-api';
import { z } from 'zod';
import type { Database } from '../db/client.js';
import { findIdea, recordAdminMessage } from '../db/ideaRepository.js';
import {
  claimOwedMessages,
  markOwedFailed,
  markOwedSent,
  nextOwedInMs,
  type OwedMessage,
  releaseOwedForRetry,
  releaseOwedUntried,
} from '../db/outboxRepository.js';
import { loadProgramme } from '../db/programmeRepository.js';
import { projectsNamedLike } from '../domain/matching.js';
import { libraryNames, PROJECT_STATUSES } from '../domain/programme.js';
import { type Locale, localeFromSlack } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import {
  renderIdeaDecided,
  renderIdeaDecisionForProposer,
  renderIdeaForAdmin,
} from '../slack/render/ideaModal.js';
import { renderProjectUpdatePost } from '../slack/render/projectUpdateModal.js';
import { type BotToken, botClient, tokenFailureOf } from './botClient.js';
import { mapWithConcurrency } from './concurrency.js';
import { DueRunner, quietSlackLogger } from './dueRunner.js';
import { type DeliveryMark, type PosterOptions, type PostOutcome, SlackPoster } from './slackPoster.js';

export interface OutboxOptions {
  /** This instance's name on its claims, so only it settles them. */
  instanceId: string;
  /** How long a claim is ours; must outlast a whole send (look-ups and the post's retries). */
  leaseMs: number;
  /**
   * The wait before each next attempt after a passing failure (Slack away, 5xx, 429). One attempt more
   * than there are waits; after the last, the message is given up and shown to the admins.
   */
  retryDelaysMs: number[];
  /** Messages sent at once. */
  concurrency: number;
  /** The reminder poster's short retry policy, for the posts within one claim. */
  poster: PosterOptions;
}

export const DEFAULT_OUTBOX_OPTIONS: Omit<OutboxOptions, 'instanceId'> = {
  leaseMs: 50_000,
  // 10 s, 30 s, 2 min, 10 min, 30 min, 1 h, 3 h, 6 h: nine attempts over about eleven hours.
  retryDelaysMs: [10_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000],
  concurrency: 4,
  // 2 × (5 s + 5 s + 4 × 1 s) = 28 s at worst, and 2 × 5 s of look-ups before it: inside the lease.
  poster: { maxTries: 2, timeoutMs: 5_000, maxRetryAfterMs: 5_000 },
};

export interface OutboxReport {
  sent: { id: number; kind: OwedMessage['kind']; recipient: string }[];
  retrying: { id: number; kind: OwedMessage['kind']; recipient: string; error: string }[];
  failed: { id: number; kind: OwedMessage['kind']; recipient: string; error: string }[];
  /** Claimed but given back untried: the instance was stopping, or too little of the lease was left. */
  released: number;
}

export interface OutboxWorker {
  /** Claims the owed messages that are due and sends them; safe in any number of instances at once. */
  drain(): Promise<OutboxReport>;
  /** How long until the next unsettled message can be claimed; null when nothing is owed. */
  nextInMs(): Promise<number | null>;
}

export interface OutboxSettings {
  db: Database;
  logger: Logger;
  botToken: BotToken;
  slackApiUrl: string | undefined;
  defaultLocale: Locale;
  options?: Partial<OutboxOptions>;
  /** True once the instance is shutting down: sends in flight finish, the rest is given back. */
  stopping?: () => boolean;
}

const ideaPayload = z.object({ ideaId: z.number().int().positive() });
const updatePayload = z.object({
  projectName: z.string(),
  status: z.enum(PROJECT_STATUSES),
  note: z.string(),
  nextMilestone: z.string().nullable(),
  authorId: z.string(),
});

/** Attempts in which a failed look-up of the recipient's language holds the message back. */
const LOCALE_ATTEMPTS = 3;

/** What a send came to, with the direct message's channel when one was opened. */
type SendOutcome = PostOutcome & { channel?: string };

/**
 * The mark a post carries in its metadata. A message whose earlier attempt may have reached Slack (its
 * answer was lost, or the look-up for it failed) is looked for by this mark before it is posted again:
 * in a channel with `channels:history`/`groups:history`, in a direct message with `im:history`.
 */
function markOf(message: OwedMessage): DeliveryMark {
  return {
    kind: 'outbox',
    key: message.dedupeKey,
    since: message.createdAt,
    mayAlreadyBePosted: message.attempts > 1,
  };
}

/**
 * The outbox's worker: claims owed messages with a lease on the database's clock, the way the
 * reminder worker claims deliveries, renders each in its recipient's language, and posts it with the
 * reminder poster's short retry policy. A passing failure backs off and is tried again later; a
 * permanent one, or the last attempt, is recorded as failed and shown to the admins.
 */
export function createOutboxWorker(settings: OutboxSettings): OutboxWorker {
  const { db } = settings;
  const options: OutboxOptions = {
    ...DEFAULT_OUTBOX_OPTIONS,
    instanceId: 'outbox',
    ...settings.options,
    poster: { ...DEFAULT_OUTBOX_OPTIONS.poster, ...settings.options?.poster },
  };
  const logger = settings.logger.child({ component: 'outbox', instance: options.instanceId });
  const poster = new SlackPoster(settings.botToken, settings.slackApiUrl, settings.logger, {
    concurrency: options.concurrency,
    ...options.poster,
  });
  const lookupTimeoutMs = options.poster.timeoutMs ?? 5_000;
  // For the look-ups around a post (the admin's language, the direct message's channel): no retries
  // of its own, a short timeout; a failure is a passing one and the message is tried again later.
  const client = botClient(settings.botToken, {
    ...(settings.slackApiUrl ? { slackApiUrl: settings.slackApiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: lookupTimeoutMs,
    logger: quietSlackLogger,
  });
  // The listeners' look-up gives up after 0.7 s to keep the ack budget; nobody waits here, so the
  // recipient's language is asked with the look-up timeout, and kept once known. A failed look-up is a
  // passing failure like a failed post, for the first attempts: a message in the wrong language because
  // Slack came back between the look-up and the post would be sent for good. Later attempts send in the
  // default language rather than not at all.
  const knownLocales = new Map<string, Locale>();
  const localeOf = async (message: OwedMessage): Promise<Locale | SendOutcome> => {
    const known = knownLocales.get(message.recipient);
    if (known) return known;
    try {
      const { user } = await client.users.info({ user: message.recipient, include_locale: true });
      const locale = localeFromSlack(user?.locale, settings.defaultLocale);
      knownLocales.set(message.recipient, locale);
      return locale;
    } catch (error) {
      const failed = classifyLookup(error);
      return message.attempts < LOCALE_ATTEMPTS && failed.kind === 'transient'
        ? failed
        : settings.defaultLocale;
    }
  };
  // users.info and conversations.open, then the post with its retries.
  const worstCaseMs = 2 * lookupTimeoutMs + poster.worstCaseMs;
  if (options.leaseMs <= worstCaseMs) {
    throw new Error(`The outbox lease (${options.leaseMs} ms) must outlast a send (${worstCaseMs} ms).`);
  }

  async function send(message: OwedMessage): Promise<SendOutcome> {
    switch (message.kind) {
      case 'idea_to_admin': {
        const idea = await ideaOf(message);
        if (!idea) return { kind: 'permanent', error: 'idea_not_found' };
        // The channel of the direct message is kept, so the message can be updated once decided.
        // Opened first: when Slack answers that, the language look-up right after it is answered too.
        const opened = await openDirectMessage(message.recipient);
        if ('kind' in opened) return opened;
        const locale = await localeOf(message);
        if (typeof locale !== 'string') return locale;
        const programme = await loadProgramme(db, { updatesPerProject: 0 });
        const names = libraryNames(programme);
        // A project already called what the idea is called (not the one it became) is warned about.
        const sameName = projectsNamedLike(programme?.projects ?? [], idea.title).filter(
          (project) => project.slug !== idea.projectSlug,
        );
        // Decided before its message went out: the admin sees the decision, without buttons.
        const rendered =
          idea.status === 'proposed'
            ? renderIdeaForAdmin(idea, names, sameName, locale)
            : renderIdeaDecided(idea, names, false, sameName, locale);
        const posted = await poster.post({ channel: opened.channel, ...rendered } as never, markOf(message));
        if (posted.kind === 'sent' && idea.status === 'proposed') {
          await recordAdminMessage(db, idea.id, {
            userId: message.recipient,
            channel: opened.channel,
            ts: posted.ts,
          });
        }
        return { ...posted, channel: opened.channel };
      }
      case 'idea_decision_to_proposer': {
        const idea = await ideaOf(message);
        if (!idea) return { kind: 'permanent', error: 'idea_not_found' };
        // Posted in the direct message's own channel, not to the user id: that channel's history is
        // where an earlier post whose answer was lost is looked for.
        const opened = await openDirectMessage(message.recipient);
        if ('kind' in opened) return opened;
        const locale = await localeOf(message);
        if (typeof locale !== 'string') return locale;
        const rendered = renderIdeaDecisionForProposer(idea, locale);
        const posted = await poster.post({ channel: opened.channel, ...rendered } as never, markOf(message));
        return { ...posted, channel: opened.channel };
      }
      case 'project_update_post': {
        const post = updatePayload.safeParse(message.payload);
        if (!post.success) return { kind: 'permanent', error: 'malformed_payload' };
        const { projectName, authorId, ...values } = post.data;
        const rendered = renderProjectUpdatePost(
          { name: projectName },
          values,
          authorId,
          settings.defaultLocale,
        );
        return poster.post({ channel: message.recipient, ...rendered } as never, markOf(message));
      }
    }
  }

  async function ideaOf(message: OwedMessage) {
    const payload = ideaPayload.safeParse(message.payload);
    return payload.success ? findIdea(db, payload.data.ideaId) : null;
  }

  async function openDirectMessage(userId: string): Promise<{ channel: string } | SendOutcome> {
    try {
      const opened = await client.conversations.open({ users: userId });
      const channel = opened.channel?.id;
      return channel ? { channel } : { kind: 'transient', error: 'conversations.open returned no channel' };
    } catch (error) {
      return classifyLookup(error);
    }
  }

  async function settle(message: OwedMessage, outcome: SendOutcome, report: OutboxReport) {
    const entry = { id: message.id, kind: message.kind, recipient: message.recipient };
    const log = logger.child({ outboxId: message.id, kind: message.kind, attempts: message.attempts });
    if (outcome.kind === 'sent') {
      await markOwedSent(db, message.id, options.instanceId, {
        channel: outcome.channel ?? message.recipient,
        ts: outcome.ts,
      });
      report.sent.push(entry);
      log.info('owed message sent');
      return;
    }
    const retryInMs = options.retryDelaysMs[message.attempts - 1];
    if (outcome.kind === 'permanent' || retryInMs === undefined) {
      await markOwedFailed(db, message.id, options.instanceId, outcome.error);
      report.failed.push({ ...entry, error: outcome.error });
      log.warn({ error: outcome.error }, 'owed message given up');
      return;
    }
    await releaseOwedForRetry(db, message.id, options.instanceId, outcome.error, retryInMs);
    report.retrying.push({ ...entry, error: outcome.error });
    log.warn({ error: outcome.error, retryInMs }, 'owed message will be retried');
  }

  return {
    nextInMs: () => nextOwedInMs(db),
    drain: async () => {
      const report: OutboxReport = { sent: [], retrying: [], failed: [], released: 0 };
      // Measured from before the claim was asked for, the lease left is never more than granted.
      const claimedAt = Date.now();
      const claimed = await claimOwedMessages(db, {
        instanceId: options.instanceId,
        leaseMs: options.leaseMs,
        limit: 200,
      });
      await mapWithConcurrency(claimed, options.concurrency, async (message) => {
        const leaseLeftMs = options.leaseMs - (Date.now() - claimedAt);
        if (settings.stopping?.() || leaseLeftMs <= worstCaseMs) {
          await releaseOwedUntried(db, message.id, options.instanceId);
          report.released++;
          return;
        }
        let outcome: SendOutcome;
        try {
          outcome = await send(message);
        } catch (error) {
          outcome = { kind: 'transient', error: (error as Error).message };
        }
        await settle(message, outcome, report);
      });
      return report;
    },
  };
}

/** Slack errors of a look-up after which the same message would fail again, whatever we wait. */
const PERMANENT_LOOKUP_ERRORS = new Set([
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'missing_scope',
]);

function classifyLookup(error: unknown): SendOutcome {
  const tokenFailure = tokenFailureOf(error);
  if (tokenFailure) return tokenFailure;
  const coded = error as { code?: string; statusCode?: number; data?: { error?: string } };
  if (coded.code === ErrorCode.PlatformError) {
    const slackError = coded.data?.error ?? 'unknown_error';
    return { kind: PERMANENT_LOOKUP_ERRORS.has(slackError) ? 'permanent' : 'transient', error: slackError };
  }
  if (coded.code === ErrorCode.HTTPError) return { kind: 'transient', error: `HTTP ${coded.statusCode}` };
  if (coded.code === ErrorCode.RateLimitedError) return { kind: 'transient', error: 'rate limited' };
  return { kind: 'transient', error: (error as Error)?.message ?? String(error) };
}

/**
 * Drains the outbox in the running app: at once when a listener has written owed messages (so the
 * admin gets the direct message within seconds of the ack), and again when the next retry or a
 * lease left by a dead instance comes due, while anything is unsettled.
 */
export class OutboxDrainer extends DueRunner {
  constructor(worker: OutboxWorker, logger: Logger, maxWaitMs?: number) {
    super(
      {
        run: async () => {
          const report = await worker.drain();
          if (report.sent.length + report.failed.length + report.retrying.length > 0) {
            logger.info(
              { sent: report.sent.length, retrying: report.retrying.length, failed: report.failed.length },
              'outbox drained',
            );
          }
        },
        nextInMs: () => worker.nextInMs(),
        failure: 'draining the outbox failed; trying again later',
      },
      logger,
      maxWaitMs,
    );
  }
}
