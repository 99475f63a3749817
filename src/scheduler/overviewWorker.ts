import { createHash } from 'node:crypto';
import { ErrorCode } from '@slack/web-api';
import type { Database } from '../db/client.js';
import { librariesThatAnsweredEach } from '../db/feedbackRepository.js';
import {
  type ChannelOverview,
  claimDueOverviews,
  nextOverviewDueInMs,
  type OverviewProgress,
  releaseOverview,
  settleFailed,
  settleRefreshed,
} from '../db/overviewRepository.js';
import { loadProgramme } from '../db/programmeRepository.js';
import { openFeedbackPhases } from '../domain/feedbackForm.js';
import { overviewStanding } from '../domain/overviewStanding.js';
import type { Locale } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import { renderOverviewMarkdown, renderOverviewMessage } from '../slack/render/overviewMessage.js';
import { type BotToken, botClient, tokenFailureOf } from './botClient.js';
import { DueRunner, quietSlackLogger } from './dueRunner.js';

/** The `event_type` of the metadata on the overview message: how it is told from Koers's other posts. */
export const OVERVIEW_EVENT_TYPE = 'koers_overview';

export interface OverviewOptions {
  /** This instance's name on its claims. */
  instanceId: string;
  /** How long a claim is ours: longer than a whole refresh (five calls at most, each `timeoutMs`). */
  leaseMs: number;
  /** An overview is edited at most once per this interval, however many changes come in. */
  debounceMs: number;
  /** The wait before trying again after Slack failed without saying how long (5xx, no answer). */
  retryMs: number;
  timeoutMs: number;
  /** Also keep the channel canvas, where the workspace allows one. */
  canvas: boolean;
}

export const DEFAULT_OVERVIEW_OPTIONS: Omit<OverviewOptions, 'instanceId'> = {
  leaseMs: 60_000,
  debounceMs: 10_000,
  retryMs: 30_000,
  timeoutMs: 5_000,
  canvas: true,
};

export interface OverviewSettings {
  db: Database;
  logger: Logger;
  botToken: BotToken;
  slackApiUrl: string | undefined;
  defaultLocale: Locale;
  now: () => Date;
  options?: Partial<OverviewOptions>;
}

export interface OverviewReport {
  /** Channels whose overview Koers posted, edited or pinned in this run. */
  refreshed: string[];
  /** Channels whose overview was already current: nothing sent to Slack. */
  unchanged: string[];
  /** Channels held up by Slack (a 429 included), with the error: tried again later. */
  retrying: { channel: string; error: string; retryAfterMs?: number }[];
}

/**
 * The most Slack calls one refresh makes (update, a look in the history, post or update, pin, unpin,
 * canvas): the lease must outlast them.
 */
const REFRESH_CALLS = 7;
/** How far back an overview an earlier, failed try may have posted is looked for. */
const LOOK_BACK_MS = 60 * 60 * 1000;

export interface OverviewWorker {
  /** Claims the overviews due and refreshes them; safe in any number of instances at once. */
  refresh(): Promise<OverviewReport>;
  /** How long until a dirty overview can be claimed; null when none waits. */
  nextInMs(): Promise<number | null>;
}

/**
 * Slack's refusals after which the channel canvas cannot be Koers's: recorded, and the pinned message is
 * the overview from then on (Koers does not ask again at every refresh).
 */
const CANVAS_REFUSALS = new Set([
  'team_tier_cannot_create_channel_canvases',
  'channel_canvas_already_exists',
  'missing_scope',
  'not_allowed',
  'restricted_action',
  'canvas_disabled_user_team',
]);

/** Errors after which the same refresh would fail again until something changes in the channel. */
const PERMANENT_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'missing_scope',
]);

class SlackFailure extends Error {
  constructor(
    readonly slackError: string,
    readonly retryAfterMs: number | undefined,
    readonly permanent: boolean,
  ) {
    super(slackError);
  }
}

function toFailure(error: unknown): SlackFailure {
  const tokenFailure = tokenFailureOf(error);
  if (tokenFailure) return new SlackFailure(tokenFailure.error, undefined, tokenFailure.kind === 'permanent');
  const coded = error as {
    code?: string;
    retryAfter?: number;
    statusCode?: number;
    data?: { error?: string };
  };
  if (coded.code === ErrorCode.RateLimitedError) {
    const seconds = coded.retryAfter ?? 1;
    return new SlackFailure(`rate limited (retry after ${seconds} s)`, seconds * 1000, false);
  }
  if (coded.code === ErrorCode.PlatformError) {
    const slackError = coded.data?.error ?? 'unknown_error';
    return new SlackFailure(slackError, undefined, PERMANENT_ERRORS.has(slackError));
  }
  if (coded.code === ErrorCode.HTTPError)
    return new SlackFailure(`HTTP ${coded.statusCode}`, undefined, false);
  return new SlackFailure((error as Error)?.message ?? String(error), undefined, false);
}

/**
 * Keeps each subscribed channel's overview current: claims the dirty ones (a lease on the database's
 * clock, so no two instances edit one overview at once), renders each in the workspace's language, and
 * posts, edits or pins it. An unchanged overview (same content hash) is not edited; a deleted one is
 * posted anew; a 429 keeps it dirty until its Retry-After has passed.
 */
export function createOverviewWorker(settings: OverviewSettings): OverviewWorker {
  const { db, defaultLocale } = settings;
  const options: OverviewOptions = {
    ...DEFAULT_OVERVIEW_OPTIONS,
    instanceId: 'overview',
    ...settings.options,
  };
  if (options.leaseMs <= REFRESH_CALLS * options.timeoutMs) {
    throw new Error(
      `The overview lease (${options.leaseMs} ms) must outlast a refresh (${REFRESH_CALLS * options.timeoutMs} ms).`,
    );
  }
  const logger = settings.logger.child({ component: 'overview', instance: options.instanceId });
  const client = botClient(settings.botToken, {
    ...(settings.slackApiUrl ? { slackApiUrl: settings.slackApiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs,
    logger: quietSlackLogger,
  });
  const call = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw toFailure(error);
    }
  };

  async function refreshOne(
    row: ChannelOverview,
    rendering: Rendering | null,
    report: OverviewReport,
  ): Promise<void> {
    const channel = row.channelId;
    const progress: OverviewProgress = {
      repost: row.repost,
      messageTs: row.messageTs,
      pinned: row.pinned,
      contentHash: row.contentHash,
      canvasState: row.canvasState,
      canvasId: row.canvasId,
      canvasRefusal: row.canvasRefusal,
    };
    const now = settings.now();
    try {
      if (!row.enabled || !rendering) {
        if (progress.messageTs && progress.pinned) {
          await unpin(channel, progress.messageTs);
          report.refreshed.push(channel);
        } else report.unchanged.push(channel);
        Object.assign(progress, { messageTs: null, pinned: false, contentHash: null });
        await settleRefreshed(db, channel, options.instanceId, progress, {
          debounceMs: 0,
          staleAt: null,
          now,
        });
        return;
      }
      const { message, hash, markdown, staleAt } = rendering;
      let sent = false;
      const replaced = row.repost ? progress.messageTs : null;
      if (replaced) Object.assign(progress, { messageTs: null, pinned: false });
      if (progress.messageTs && hash !== progress.contentHash) {
        try {
          await call(() =>
            client.chat.update({
              channel,
              ts: progress.messageTs!,
              text: message.text,
              blocks: message.blocks,
            }),
          );
          progress.contentHash = hash;
          sent = true;
        } catch (error) {
          // Someone deleted it: post a new one (and pin that).
          if (!(error instanceof SlackFailure) || error.slackError !== 'message_not_found') throw error;
          Object.assign(progress, { messageTs: null, pinned: false });
        }
      }
      if (!progress.messageTs) {
        // An earlier claim that did not settle (its attempts count claims since the last success) may
        // have posted it all the same (Slack took it, its answer was lost): that one is kept, not posted
        // a second time. A repost means a new one, so it never looks.
        const earlier = row.attempts > 1 && !row.repost ? await findPosted(channel) : null;
        if (earlier) {
          Object.assign(progress, { messageTs: earlier, pinned: false, contentHash: null });
        } else {
          const posted = await call(() =>
            client.chat.postMessage({
              channel,
              text: message.text,
              blocks: message.blocks,
              metadata: { event_type: OVERVIEW_EVENT_TYPE, event_payload: { channel } },
            }),
          );
          Object.assign(progress, {
            repost: false,
            messageTs: posted.ts ?? null,
            pinned: false,
            contentHash: hash,
          });
          sent = true;
        }
      }
      if (progress.messageTs && progress.contentHash !== hash) {
        // The one an earlier try posted shows what was current then.
        await call(() =>
          client.chat.update({
            channel,
            ts: progress.messageTs!,
            text: message.text,
            blocks: message.blocks,
          }),
        );
        progress.contentHash = hash;
        sent = true;
      }
      if (!progress.pinned && progress.messageTs) {
        await pin(channel, progress.messageTs);
        progress.pinned = true;
        sent = true;
      }
      if (replaced) {
        // Best effort: the new overview is posted and pinned; an old pin Slack would not remove now stays.
        await unpin(channel, replaced).catch((error: unknown) =>
          logger.warn({ channel, error: (error as Error).message }, 'the old overview stays pinned'),
        );
        sent = true;
      }
      if (options.canvas && progress.canvasState !== 'refused') {
        sent = (await keepCanvas(channel, markdown, hash, row, progress)) || sent;
      }
      await settleRefreshed(db, channel, options.instanceId, progress, {
        debounceMs: sent ? options.debounceMs : 0,
        staleAt,
        now,
      });
      (sent ? report.refreshed : report.unchanged).push(channel);
    } catch (error) {
      const failure = error instanceof SlackFailure ? error : toFailure(error);
      await settleFailed(db, channel, options.instanceId, progress, {
        error: failure.slackError,
        retryInMs: failure.retryAfterMs ?? options.retryMs,
        giveUp: failure.permanent,
      });
      report.retrying.push({
        channel,
        error: failure.slackError,
        ...(failure.retryAfterMs !== undefined && { retryAfterMs: failure.retryAfterMs }),
      });
      logger.warn({ channel, error: failure.slackError }, 'overview refresh held up; tried again later');
    }
  }

  /**
   * Koers's own overview among the channel's messages of the last hour (by its metadata), newest first;
   * null when there is none, or the channel's history cannot be read (an app installed before
   * `channels:history`): then the overview is posted, as without a look.
   */
  async function findPosted(channel: string): Promise<string | null> {
    const oldest = ((settings.now().getTime() - LOOK_BACK_MS) / 1000).toFixed(6);
    try {
      const history = await call(() =>
        client.conversations.history({ channel, oldest, limit: 200, include_all_metadata: true }),
      );
      const mine = (history.messages ?? []).find((candidate) => {
        const metadata = (candidate as { metadata?: { event_type?: string; event_payload?: unknown } })
          .metadata;
        const payload = metadata?.event_payload as { channel?: unknown } | undefined;
        return metadata?.event_type === OVERVIEW_EVENT_TYPE && payload?.channel === channel;
      });
      return mine?.ts ?? null;
    } catch (error) {
      if (error instanceof SlackFailure && error.permanent) return null;
      throw error;
    }
  }

  async function pin(channel: string, timestamp: string): Promise<void> {
    try {
      await call(() => client.pins.add({ channel, timestamp }));
    } catch (error) {
      if (!(error instanceof SlackFailure) || error.slackError !== 'already_pinned') throw error;
    }
  }

  /** The old overview's pin goes; one that is gone or was unpinned already is no error. */
  async function unpin(channel: string, timestamp: string): Promise<void> {
    try {
      await call(() => client.pins.remove({ channel, timestamp }));
    } catch (error) {
      if (!(error instanceof SlackFailure) || error.retryAfterMs !== undefined) throw error;
    }
  }

  /** Creates or edits the channel canvas; a refusal is recorded and the pinned message stays the overview. */
  async function keepCanvas(
    channel: string,
    markdown: string,
    hash: string,
    row: ChannelOverview,
    progress: OverviewProgress,
  ): Promise<boolean> {
    const content = { type: 'markdown' as const, markdown };
    try {
      if (progress.canvasState === 'made' && progress.canvasId) {
        if (row.contentHash === hash && !row.repost) return false;
        await call(() =>
          client.canvases.edit({
            canvas_id: progress.canvasId!,
            changes: [{ operation: 'replace', document_content: content }],
          }),
        );
        return true;
      }
      const made = await call(() =>
        client.conversations.canvases.create({ channel_id: channel, document_content: content }),
      );
      Object.assign(progress, { canvasState: 'made', canvasId: made.canvas_id ?? null, canvasRefusal: null });
      return true;
    } catch (error) {
      if (!(error instanceof SlackFailure)) throw error;
      if (error.slackError === 'canvas_not_found') {
        Object.assign(progress, { canvasState: 'untried', canvasId: null });
        return false;
      }
      if (!CANVAS_REFUSALS.has(error.slackError)) throw error;
      Object.assign(progress, { canvasState: 'refused', canvasId: null, canvasRefusal: error.slackError });
      logger.info({ channel, error: error.slackError }, 'no channel canvas; the pinned overview stays');
      return false;
    }
  }

  return {
    nextInMs: () => nextOverviewDueInMs(db),
    refresh: async () => {
      const report: OverviewReport = { refreshed: [], unchanged: [], retrying: [] };
      const now = settings.now();
      const claimed = await claimDueOverviews(db, {
        instanceId: options.instanceId,
        leaseMs: options.leaseMs,
        limit: 50,
        now,
      });
      if (claimed.length === 0) return report;
      const claimedAt = Date.now();
      const rendering = await render(db, defaultLocale, now);
      // One after the other: Slack's limits on chat.update and pins.add are per workspace. After a 429
      // the rest wait out its Retry-After too, rather than each running into one; and a row whose lease
      // could run out during its refresh is given back untried, so no other instance edits it meanwhile.
      let pausedForMs = 0;
      for (const row of claimed) {
        const leaseLeftMs = options.leaseMs - (Date.now() - claimedAt);
        if (pausedForMs > 0 || leaseLeftMs <= REFRESH_CALLS * options.timeoutMs) {
          await releaseOverview(db, row.channelId, options.instanceId, pausedForMs);
          continue;
        }
        const retrying = report.retrying.length;
        await refreshOne(row, rendering, report);
        const failure = report.retrying[retrying];
        if (failure?.retryAfterMs !== undefined) pausedForMs = failure.retryAfterMs;
      }
      return report;
    },
  };
}

interface Rendering {
  message: ReturnType<typeof renderOverviewMessage>;
  markdown: string;
  hash: string;
  staleAt: Date;
}

/** The one overview every channel shows, as of `now`; null without a programme. */
async function render(db: Database, locale: Locale, now: Date): Promise<Rendering | null> {
  const programme = await loadProgramme(db);
  if (!programme) return null;
  const answeredBy = await librariesThatAnsweredEach(
    db,
    openFeedbackPhases(programme, now).map((phase) => phase.id),
  );
  const standing = overviewStanding(programme, answeredBy, now);
  const message = renderOverviewMessage(programme, standing, locale);
  const markdown = renderOverviewMarkdown(programme, standing, locale);
  const hash = createHash('sha256')
    .update(JSON.stringify([message, markdown]))
    .digest('hex');
  return { message, markdown, hash, staleAt: standing.staleAt };
}

/**
 * Refreshes the overviews in the running app: at once when a listener changed something they show, and
 * again when the debounce or a Retry-After of a dirty one has passed.
 */
export class OverviewRefresher extends DueRunner {
  constructor(worker: OverviewWorker, logger: Logger, maxWaitMs?: number) {
    super(
      {
        run: async () => {
          const report = await worker.refresh();
          if (report.refreshed.length + report.retrying.length > 0) {
            logger.info(
              { refreshed: report.refreshed.length, retrying: report.retrying.length },
              'overviews refreshed',
            );
          }
        },
        nextInMs: () => worker.nextInMs(),
        failure: 'refreshing the overviews failed; trying again later',
      },
      logger,
      maxWaitMs,
    );
  }
}
