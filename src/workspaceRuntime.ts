import type { AppConfig } from './config.js';
import type { DatabaseHandle } from './db/client.js';
import { isStoredAdmin, libraryOf, storedAdminIds } from './db/peopleRepository.js';
import { ProgrammeStore } from './db/programmeStore.js';
import { calendarSegmentOf } from './domain/workspaces.js';
import type { Logger } from './logger.js';
import type { BotToken } from './scheduler/botClient.js';
import type { RunningScheduler } from './scheduler/index.js';
import type { OutboxDrainer, OutboxOptions } from './scheduler/outboxWorker.js';
import type { OverviewOptions, OverviewRefresher } from './scheduler/overviewWorker.js';
import type { Worker } from './scheduler/reminderWorker.js';
import type { SlackServices } from './slack/services.js';
import { calendarAddress } from './usecases/calendarAddress.js';

/**
 * One programme as an instance keeps it: its database (a workspace's schema with OAuth, public with a
 * bot token), its programme snapshot, what the listeners need and its background work (the scheduler,
 * the outbox, the overviews). A bot-token Koers has one; with OAuth, each installed workspace has its
 * own (installedWorkspaces.ts), and nothing of one reaches another.
 */
export interface WorkspaceRuntime {
  database: DatabaseHandle;
  programmes: ProgrammeStore;
  services: SlackServices;
  /** Once its database is ready: the scheduler (if on), the outbox's first drain, and the overviews. */
  start(): Promise<void>;
  /** Sends the owed messages that are due now; resolves when done. */
  drainOutbox(): Promise<void>;
  /** Refreshes the overviews that are due now; resolves when done. */
  refreshOverviews(): Promise<void>;
  /** One scheduler tick now, as its minute runs one (reminders, digests, nudges); none once stopped. */
  tickScheduler(): Promise<void>;
  /**
   * A stopping instance's grace for work after answers is over: drains under way send what they
   * claimed, as the listeners' own posts did; later claims are given back untried.
   */
  closeOutbox(): void;
  /** Stops the background work, the snapshot's listening and (a workspace's) the database handle. */
  stop(): Promise<void>;
}

/** What every workspace of an instance runs with (koers.ts's WorkspaceSettings). */
export interface WorkspaceSettings {
  config: AppConfig;
  /**
   * The playground's calendar: a key of its own that outlives its made-up signing secret, and its
   * loopback address where PUBLIC_URL is not set.
   */
  calendar?: { key: string; publicUrl: () => string | undefined };
  /** The outbox's retry waits and lease (tests shorten these). */
  outbox?: Partial<Omit<OutboxOptions, 'instanceId'>>;
  /** The overviews' debounce, retry wait and canvas (tests shorten or switch these). */
  overview?: Partial<Omit<OverviewOptions, 'instanceId'>>;
}

export interface WorkspaceParts {
  database: DatabaseHandle;
  botToken: BotToken;
  /** This workspace's logger: with OAuth, its team id on every line. */
  logger: Logger;
  now: () => Date;
  /** Instance-wide: the users' languages and the work after answers a stopping instance waits for. */
  shared: Pick<SlackServices, 'userLocales' | 'background'>;
  /**
   * With OAuth, the installation's key: the calendar feed's path names the workspace
   * (`/calendar/T0123/<token>.ics`), and the seal of its modals holds it, so a form opened in one
   * workspace is refused when submitted as another's.
   */
  workspaceKey?: string;
  /** Whether `stop` closes the database handle (a workspace's, not the instance's own). */
  ownsDatabase: boolean;
}

export function createWorkspaceRuntime(options: WorkspaceSettings, parts: WorkspaceParts): WorkspaceRuntime {
  const { database, now } = parts;
  const workers = backgroundWorkers(options, parts);
  const programmes = new ProgrammeStore(database.db);
  programmes.follow(database);
  const services = slackServices(options, parts, programmes, workers);
  const started: Started = { scheduler: null, overviewFollow: null };
  let stopped = false;
  return {
    database,
    programmes,
    services,
    start: () =>
      startBackgroundWork(options.config.SCHEDULER, parts.logger, workers, programmes, now, started),
    drainOutbox: workers.drainOutbox,
    refreshOverviews: workers.refreshOverviews,
    tickScheduler: async () => {
      if (stopped) return;
      const [worker, { runTick }] = await Promise.all([
        workers.worker(),
        import('./scheduler/reminderWorker.js'),
      ]);
      await runTick(worker, now());
    },
    closeOutbox: workers.closeOutbox,
    stop: async () => {
      stopped = true;
      workers.closeOutbox();
      await started.scheduler?.stop();
      await workers.stopOutbox();
      started.overviewFollow?.();
      await workers.stopOverviews();
      await programmes.close();
      if (parts.ownsDatabase) await database.close();
    },
  };
}

/** What runs in the background once the database is ready; stopped in reverse. */
interface Started {
  scheduler: RunningScheduler | null;
  /** Ends following programme changes for the overviews. */
  overviewFollow: (() => void) | null;
}

/**
 * The workspace's three workers: the scheduler's (reminders, digests, nudges, an admin's retry), the
 * outbox's drainer (messages owed after an ack) and the overviews' refresher. One of each, each loaded
 * when first needed.
 */
interface BackgroundWorkers {
  worker(): Promise<Worker>;
  drainOutbox(): Promise<void>;
  refreshOverviews(): Promise<void>;
  closeOutbox(): void;
  stopOutbox(): Promise<void>;
  stopOverviews(): Promise<void>;
}

function backgroundWorkers(
  { config, ...options }: WorkspaceSettings,
  parts: WorkspaceParts,
): BackgroundWorkers {
  const { database, logger, now } = parts;
  const slack = { botToken: parts.botToken, slackApiUrl: config.SLACK_API_URL };
  let worker: Promise<Worker> | null = null;
  let drainer: Promise<OutboxDrainer> | null = null;
  let refresher: Promise<OverviewRefresher> | null = null;
  let outboxClosing = false;
  const theDrainer = () =>
    (drainer ??= Promise.all([import('./scheduler/outboxWorker.js'), import('./scheduler/index.js')]).then(
      ([{ createOutboxWorker, OutboxDrainer }, { newInstanceId }]) =>
        new OutboxDrainer(
          createOutboxWorker({
            db: database.db,
            logger,
            ...slack,
            defaultLocale: config.DEFAULT_LOCALE,
            options: { instanceId: newInstanceId(), ...options.outbox },
            stopping: () => outboxClosing,
          }),
          logger.child({ component: 'outbox' }),
        ),
    ));
  const theRefresher = () =>
    (refresher ??= Promise.all([
      import('./scheduler/overviewWorker.js'),
      import('./scheduler/index.js'),
    ]).then(
      ([{ createOverviewWorker, OverviewRefresher }, { newInstanceId }]) =>
        new OverviewRefresher(
          createOverviewWorker({
            db: database.db,
            logger,
            ...slack,
            defaultLocale: config.DEFAULT_LOCALE,
            now,
            options: { instanceId: newInstanceId(), ...options.overview },
          }),
          logger.child({ component: 'overview' }),
        ),
    ));
  return {
    worker: () =>
      (worker ??= import('./scheduler/index.js').then(({ createWorker }) =>
        createWorker({
          db: database.db,
          logger,
          ...slack,
          hour: config.REMINDER_HOUR,
          graceMs: config.REMINDER_GRACE_HOURS * 60 * 60 * 1000,
          defaultLocale: config.DEFAULT_LOCALE,
        }),
      )),
    drainOutbox: () => theDrainer().then((outbox) => outbox.kick()),
    refreshOverviews: () => theRefresher().then((overviews) => overviews.kick()),
    closeOutbox: () => {
      outboxClosing = true;
    },
    stopOutbox: async () => {
      await (await drainer)?.stop();
    },
    stopOverviews: async () => {
      await (await refresher)?.stop();
    },
  };
}

/** What the listeners need, wired to this workspace's database, workers and the configuration. */
function slackServices(
  { config, calendar }: WorkspaceSettings,
  parts: WorkspaceParts,
  programmes: ProgrammeStore,
  workers: BackgroundWorkers,
): SlackServices {
  const { database, now, shared } = parts;
  // ADMIN_USER_IDS or the admin role in the database; what an admin may do is decided in domain/permissions.
  const isAdmin = async (userId: string) =>
    config.ADMIN_USER_IDS.includes(userId) || (await isStoredAdmin(database.db, userId));
  return {
    db: database.db,
    programmes,
    ...shared,
    defaultLocale: config.DEFAULT_LOCALE,
    actorFor: async (userId) => ({
      userId,
      isAdmin: await isAdmin(userId),
      libraryCode: await libraryOf(database.db, userId),
    }),
    adminIds: async () => [...new Set([...config.ADMIN_USER_IDS, ...(await storedAdminIds(database.db))])],
    configuredAdminIds: config.ADMIN_USER_IDS,
    reminderHour: config.REMINDER_HOUR,
    logger: parts.logger,
    now,
    sendOwedMessages: () => shared.background.track(workers.drainOutbox()),
    refreshOverviews: () => shared.background.track(workers.refreshOverviews()),
    calendarAddress: () =>
      calendarAddress(database.db, {
        key: calendar?.key ?? config.SLACK_SIGNING_SECRET,
        publicUrl: config.PUBLIC_URL ?? calendar?.publicUrl(),
        ...(parts.workspaceKey && { workspace: calendarSegmentOf(parts.workspaceKey) }),
      }),
    viewSealKey: parts.workspaceKey
      ? `${config.SLACK_SIGNING_SECRET}\n${parts.workspaceKey}`
      : config.SLACK_SIGNING_SECRET,
    // One worker posts for the scheduler and for an admin's retry, with the same claims.
    retryDelivery: async (deliveryId) => {
      const [retrying, { retryFailedDelivery }] = await Promise.all([
        workers.worker(),
        import('./scheduler/reminderWorker.js'),
      ]);
      return retryFailedDelivery(retrying, deliveryId, now());
    },
  };
}

async function startBackgroundWork(
  scheduler: 'on' | 'off',
  logger: Logger,
  workers: BackgroundWorkers,
  programmes: ProgrammeStore,
  now: () => Date,
  started: Started,
): Promise<void> {
  if (scheduler === 'on') {
    const { startScheduler } = await import('./scheduler/index.js');
    // Each tick also refreshes the overviews: a phase starting, a CLI import, a Retry-After passed.
    started.scheduler = startScheduler(await workers.worker(), now, () =>
      Promise.all([workers.drainOutbox(), workers.refreshOverviews()]),
    );
  }
  // Messages owed since before this start (an instance killed after its ack) go out now.
  void workers
    .drainOutbox()
    .catch((error: unknown) => logger.warn({ err: error }, 'draining the outbox failed'));
  const kickOverviews = () =>
    void workers
      .refreshOverviews()
      .catch((error: unknown) => logger.warn({ err: error }, 'refreshing the overviews failed'));
  kickOverviews();
  // A programme write elsewhere (an import from the CLI, another instance) shows in every overview:
  // refreshed within seconds, not at the next tick; after a lost connection, once more in case one was missed.
  // The programme store's LISTEN connection serves this too: one per workspace, not one per follower.
  started.overviewFollow = programmes.onChangeHeard(kickOverviews);
}
