import { calendarFeedRoute } from './calendar/feedRoute.js';
import type { AppConfig } from './config.js';
import { type DatabaseHandle, openDatabase } from './db/client.js';
import { withDeadline } from './db/deadline.js';
import { isStoredAdmin, libraryOf, storedAdminIds } from './db/peopleRepository.js';
import { readProgrammeVersion } from './db/programmeRepository.js';
import { ProgrammeStore } from './db/programmeStore.js';
import type { HttpRoute } from './http/route.js';
import type { Logger } from './logger.js';
import type { BotToken } from './scheduler/botClient.js';
import type { RunningScheduler } from './scheduler/index.js';
import type { OutboxDrainer, OutboxOptions } from './scheduler/outboxWorker.js';
import type { OverviewOptions, OverviewRefresher } from './scheduler/overviewWorker.js';
import type { Worker } from './scheduler/reminderWorker.js';
import type { SlackServices } from './slack/services.js';
import type { SlackLinkOptions, SlackRefusal } from './slack/slackLink.js';
import { calendarAddress } from './usecases/calendarAddress.js';

export { EXAMPLE_PROGRAMME_FILE } from './db/exampleProgramme.js';

export interface RunningKoers {
  port: number;
  /** Resolves once the database is migrated and the scheduler runs. */
  ready: Promise<void>;
  /**
   * Resolves when Slack refuses a token it never accepted (copied wrong): main.ts then stops with one
   * line. Never resolves otherwise; a token revoked later only shows in the log and /healthz.
   */
  slackRefusedAtStart: Promise<SlackRefusal>;
  /** Sends the owed messages that are due now (the outbox), as the app does after an ack; resolves when done. */
  drainOutbox(): Promise<void>;
  /** Refreshes the channels' overviews that are due now, as the app does after a change; resolves when done. */
  refreshOverviews(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  config: AppConfig;
  logger: Logger;
  /** An already opened database (tests); otherwise opened from the config. */
  database?: DatabaseHandle;
  now?: () => Date;
  /** Pages served beside Slack's endpoint (the playground). */
  routes?: HttpRoute[];
  /** Listen on this address only (the playground: loopback). */
  host?: string;
  /** How often Slack's Web API is checked again, and retried while away (tests shorten these). */
  slackLinkTiming?: Pick<SlackLinkOptions, 'recheckMs' | 'firstRetryMs' | 'maxRetryMs'>;
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

/**
 * Start-up: the database is opened while the Slack side loads; then the Slack app and HTTP, so /healthz
 * can say 503 (and commands "try again later") while the database does not answer yet; then, in the
 * background, the migrations (retried with back-off until the database answers), the scheduler, the
 * outbox and the overviews. Stopping undoes it all in reverse.
 *
 * The embedded database takes the longest to open, and much of that waits on WebAssembly compiling
 * and files being read off the main thread: the Slack side (Bolt above all) is loaded meanwhile.
 */
export async function startKoers(options: StartOptions): Promise<RunningKoers> {
  const { config, logger } = options;
  const opening =
    options.database ??
    openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      startWith: 'example',
      embedded: 'serve',
      requestTimeouts: true,
      ...(config.KOERS_PGLITE_TEMPLATE && { templateFile: config.KOERS_PGLITE_TEMPLATE }),
    });
  // Settled here as well, so a failed open is not an unhandled rejection while the modules load.
  void Promise.resolve(opening).catch(() => {});
  const [
    { createSlackApp },
    { BackgroundWork },
    { startHttpServer, REPLAY_WINDOW_MS },
    { SharedReplayGuard },
    { UserLocales },
    { SlackLink },
    { connectSocketMode },
  ] = await Promise.all([
    import('./slack/app.js'),
    import('./slack/backgroundWork.js'),
    import('./http/server.js'),
    import('./http/sharedReplayGuard.js'),
    import('./slack/userLocales.js'),
    import('./slack/slackLink.js'),
    import('./slack/socketMode.js'),
  ]);
  const database = await opening;
  const now = options.now ?? (() => new Date());
  let stopping = false;
  let databaseReady = false;

  // OAuth mode: each installation's token is in the database; there is no one token to check.
  const oauth = config.SLACK_OAUTH
    ? (await import('./slack/oauth/index.js')).setUpOAuth({
        settings: config.SLACK_OAUTH,
        db: database.db,
        logger,
        defaultLocale: config.DEFAULT_LOCALE,
        slackApiUrl: config.SLACK_API_URL,
        publicUrl: config.PUBLIC_URL,
      })
    : null;
  const botToken: BotToken = config.SLACK_OAUTH ? async () => oauth?.botToken() : config.SLACK_BOT_TOKEN;
  const slackLink = config.SLACK_OAUTH
    ? null
    : new SlackLink({
        token: config.SLACK_BOT_TOKEN,
        slackApiUrl: config.SLACK_API_URL,
        logger,
        ...options.slackLinkTiming,
      });
  // One worker posts for the scheduler and for an admin's retry, with the same claims; loaded when first needed.
  let worker: Promise<Worker> | null = null;
  const theWorker = () =>
    (worker ??= import('./scheduler/index.js').then(({ createWorker }) =>
      createWorker({
        db: database.db,
        logger,
        botToken,
        slackApiUrl: config.SLACK_API_URL,
        hour: config.REMINDER_HOUR,
        graceMs: config.REMINDER_GRACE_HOURS * 60 * 60 * 1000,
        defaultLocale: config.DEFAULT_LOCALE,
      }),
    ));
  // The messages owed after an ack (the outbox) are sent by one drainer per instance; loaded when first needed.
  let drainer: Promise<OutboxDrainer> | null = null;
  // Set once a stopping instance's grace for work after answers is over: drains under way until then
  // send what they claimed, as the listeners' own posts did; later claims are given back untried.
  let outboxClosing = false;
  const theDrainer = () =>
    (drainer ??= Promise.all([import('./scheduler/outboxWorker.js'), import('./scheduler/index.js')]).then(
      ([{ createOutboxWorker, OutboxDrainer }, { newInstanceId }]) =>
        new OutboxDrainer(
          createOutboxWorker({
            db: database.db,
            logger,
            botToken,
            slackApiUrl: config.SLACK_API_URL,
            defaultLocale: config.DEFAULT_LOCALE,
            options: { instanceId: newInstanceId(), ...options.outbox },
            stopping: () => outboxClosing,
          }),
          logger.child({ component: 'outbox' }),
        ),
    ));
  const drainOutbox = () => theDrainer().then((outbox) => outbox.kick());
  // The channels' live overviews are refreshed by one refresher per instance; loaded when first needed.
  let refresher: Promise<OverviewRefresher> | null = null;
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
            botToken,
            slackApiUrl: config.SLACK_API_URL,
            defaultLocale: config.DEFAULT_LOCALE,
            now,
            options: { instanceId: newInstanceId(), ...options.overview },
          }),
          logger.child({ component: 'overview' }),
        ),
    ));
  const refreshOverviews = () => theRefresher().then((overviews) => overviews.kick());
  // ADMIN_USER_IDS or the admin role in the database; what an admin may do is decided in domain/permissions.
  const isAdmin = async (userId: string) =>
    config.ADMIN_USER_IDS.includes(userId) || (await isStoredAdmin(database.db, userId));
  const programmes = new ProgrammeStore(database.db);
  programmes.follow(database);
  const services: SlackServices = {
    db: database.db,
    programmes,
    userLocales: new UserLocales(config.DEFAULT_LOCALE, () => slackLink?.knownUnreachable ?? false),
    defaultLocale: config.DEFAULT_LOCALE,
    actorFor: async (userId) => ({
      userId,
      isAdmin: await isAdmin(userId),
      libraryCode: await libraryOf(database.db, userId),
    }),
    adminIds: async () => [...new Set([...config.ADMIN_USER_IDS, ...(await storedAdminIds(database.db))])],
    configuredAdminIds: config.ADMIN_USER_IDS,
    reminderHour: config.REMINDER_HOUR,
    logger,
    now,
    background: new BackgroundWork(),
    sendOwedMessages: () => services.background.track(drainOutbox()),
    refreshOverviews: () => services.background.track(refreshOverviews()),
    calendarAddress: () =>
      calendarAddress(database.db, {
        key: options.calendar?.key ?? config.SLACK_SIGNING_SECRET,
        publicUrl: config.PUBLIC_URL ?? options.calendar?.publicUrl(),
      }),
    viewSealKey: config.SLACK_SIGNING_SECRET,
    retryDelivery: async (deliveryId) => {
      const [retrying, { retryFailedDelivery }] = await Promise.all([
        theWorker(),
        import('./scheduler/reminderWorker.js'),
      ]);
      return retryFailedDelivery(retrying, deliveryId, now());
    },
  };
  const slack = createSlackApp(config, services, () => slackLink?.identity, oauth?.receiverOptions);
  // Instances share one server database; an embedded one has a single instance, across restarts.
  const replays = new SharedReplayGuard({
    windowMs: REPLAY_WINDOW_MS,
    logger,
    followOthers: database.kind === 'postgres',
  });
  const http = await startHttpServer({
    port: config.PORT,
    ...(options.host ? { host: options.host } : {}),
    slackListener: slack.httpReceiver?.requestListener ?? null,
    signingSecret: config.SLACK_SIGNING_SECRET,
    replays,
    isHealthy: async () => databaseReady && (await withDeadline(database.ping()).then(() => true)),
    ...(slackLink && { slackStatus: () => slackLink.status }),
    ...(oauth && { installations: oauth.installations }),
    routes: [
      ...(oauth && slack.httpReceiver ? [oauth.route(slack.httpReceiver)] : []),
      calendarFeedRoute({
        db: database.db,
        programmes: services.programmes,
        reminderHour: config.REMINDER_HOUR,
        locale: config.DEFAULT_LOCALE,
        logger,
        now,
      }),
      ...(options.routes ?? []),
    ],
    logger,
  });
  slackLink?.start();
  let appTokenRefused: (refusal: SlackRefusal) => void = () => {};
  const slackRefusedAtStart = Promise.race([
    slackLink
      ? slackLink.refusedAtStart.then((error): SlackRefusal => ({ variable: 'SLACK_BOT_TOKEN', error }))
      : new Promise<SlackRefusal>(() => {}),
    new Promise<SlackRefusal>((resolve) => {
      appTokenRefused = resolve;
    }),
  ]);
  // Socket Mode connects in the background: its client keeps asking for a link while Slack is away.
  if (!slack.httpReceiver) {
    void connectSocketMode(slack.app, logger, () => stopping).then((error) => {
      if (error) appTokenRefused({ variable: 'SLACK_APP_TOKEN', error });
    });
  }

  let scheduler: RunningScheduler | null = null;
  let overviewFollow: (() => void) | null = null;
  const ready = (async () => {
    await prepareDatabase(database, logger, () => stopping, now);
    if (stopping) return;
    await replays.start(database.db);
    await oauth
      ?.resealTokens()
      .catch((error: unknown) => logger.error({ err: error }, 'sealing the tokens anew failed'));
    databaseReady = true;
    if (config.SCHEDULER === 'on') {
      const { startScheduler } = await import('./scheduler/index.js');
      // Each tick also refreshes the overviews: a phase starting, a CLI import, a Retry-After passed.
      scheduler = startScheduler(await theWorker(), now, () =>
        Promise.all([drainOutbox(), refreshOverviews()]),
      );
    }
    // Messages owed since before this start (an instance killed after its ack) go out now.
    void drainOutbox().catch((error: unknown) => logger.warn({ err: error }, 'draining the outbox failed'));
    const kickOverviews = () =>
      void refreshOverviews().catch((error: unknown) =>
        logger.warn({ err: error }, 'refreshing the overviews failed'),
      );
    kickOverviews();
    // A programme write elsewhere (an import from the CLI, another instance) shows in every overview:
    // refreshed within seconds, not at the next tick; after a lost connection, once more in case one was missed.
    // The programme store's LISTEN connection serves this too: one per instance, not one per follower.
    overviewFollow = programmes.onChangeHeard(kickOverviews);
    logger.info(
      {
        port: http.port,
        database: database.kind,
        location: database.location,
        ...(database.sharing && { sharedWithCli: database.sharing }),
        socketMode: !slack.httpReceiver,
        install: oauth ? 'oauth' : 'bot token',
        scheduler: config.SCHEDULER,
      },
      'Koers is ready',
    );
  })();

  return {
    port: http.port,
    ready,
    slackRefusedAtStart,
    drainOutbox,
    refreshOverviews,
    // Reverse order of start: no new requests or ticks, finish what runs, then close the database.
    stop: async () => {
      stopping = true;
      slackLink?.stop();
      await http.close();
      const unfinished = await services.background.settled(BACKGROUND_GRACE_MS);
      if (unfinished > 0) logger.warn({ unfinished }, 'stopped with work after an answer still running');
      outboxClosing = true;
      await ready.catch(() => {});
      await replays.stop();
      await (scheduler as RunningScheduler | null)?.stop();
      await (await drainer)?.stop();
      (overviewFollow as (() => void) | null)?.();
      await (await refresher)?.stop();
      if (!slack.httpReceiver) await slack.app.stop();
      await programmes.close();
      if (!options.database) await database.close();
    },
  };
}

/** How long a stopping instance waits for uploads and posts that listeners began after answering. */
const BACKGROUND_GRACE_MS = 15_000;

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 15_000;

/** Migrates (and seeds a new embedded database), retrying with back-off while the database is away. */
async function prepareDatabase(
  database: DatabaseHandle,
  logger: Logger,
  stopping: () => boolean,
  now: () => Date,
): Promise<void> {
  for (
    let attempt = 1, waitMs = FIRST_RETRY_MS;
    !stopping();
    attempt++, waitMs = Math.min(waitMs * 2, MAX_RETRY_MS)
  ) {
    try {
      await database.migrate();
      if (await seedExampleIfNew(database, now()))
        logger.info('loaded the example programme into the new embedded database');
      return;
    } catch (error) {
      logger.warn(
        { err: error, attempt, retryInMs: waitMs, database: database.location },
        'database not ready; retrying',
      );
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

/**
 * On the very first start of an embedded database, load the example programme so a new user sees
 * real answers at once (a data folder made from the build's example template has it already). A
 * server database is never filled behind its operator's back.
 */
export async function seedExampleIfNew(database: DatabaseHandle, now: Date): Promise<boolean> {
  if (database.kind !== 'pglite') return false;
  if ((await readProgrammeVersion(database.db)) !== null) return false;
  const { importExampleProgramme } = await import('./db/exampleProgramme.js');
  await importExampleProgramme(database.db, now);
  return true;
}
