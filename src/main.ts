import { resolve } from 'node:path';
import {
  type AppConfig,
  ConfigError,
  dataDirGiven,
  loadAppConfig,
  loadDotEnv,
  loadOutboxTiming,
  loadPlaygroundConfig,
  PLAYGROUND_DATA_DIR,
  wantsPlayground,
} from './config.js';
import { DataDirBusyError } from './db/dataDirLock.js';
import { type RunningKoers, startKoers } from './koers.js';
import { createLogger } from './logger.js';

/** The configuration, or exit 1 with one message naming every problem. */
function configOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  loadDotEnv();
  const playground = wantsPlayground();
  const config = configOrExit(playground ? loadPlaygroundConfig : loadAppConfig);
  const outbox = configOrExit(() => loadOutboxTiming());
  // The playground's own data, never a database the user pointed it at, may be started anew.
  const ownDatabase =
    !config.DATABASE_URL && (!dataDirGiven() || resolve(config.DATA_DIR) === resolve(PLAYGROUND_DATA_DIR));
  const fresh = process.argv.slice(2).includes('--fresh');
  if (fresh && !(playground && ownDatabase)) {
    console.error(
      `--fresh starts only the playground's own data anew (${PLAYGROUND_DATA_DIR}, no Slack variables, no DATABASE_URL or other DATA_DIR).`,
    );
    process.exit(1);
  }
  const logger = createLogger(config.LOG_LEVEL);
  // A promise some library let fall (a Slack call failing after its retries, a link that drops) is a
  // bug to log, never a reason to stop answering everyone else.
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled rejection (Koers keeps running)');
  });
  let koers: Pick<RunningKoers, 'stop' | 'slackRefusedAtStart'>;
  try {
    if (playground) {
      // Loaded only here: the playground brings its own Slack stand-in, which a real start never needs.
      const { startPlayground } = await import('./playground/index.js');
      const running = await startPlayground({ config, logger, ownDatabase, fresh });
      await running.ready;
      koers = { stop: running.stop, slackRefusedAtStart: running.koers.slackRefusedAtStart };
      console.log(`Koers runs against the playground, a local Slack in your browser: open ${running.url}`);
    } else koers = await startKoers({ config: config as AppConfig, logger, outbox });
  } catch (error) {
    if (error instanceof DataDirBusyError) {
      console.error(error.message);
      process.exit(1);
    }
    logger.fatal({ err: error }, 'Koers could not start');
    process.exit(1);
  }
  void koers.slackRefusedAtStart.then(async (refusal) => {
    const { describeRefusal } = await import('./slack/slackLink.js');
    console.error(describeRefusal(refusal));
    await koers.stop();
    process.exit(1);
  });
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await koers.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

await main();
