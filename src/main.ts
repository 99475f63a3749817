import {
  type AppConfig,
  ConfigError,
  loadAppConfig,
  loadDotEnv,
  loadPlaygroundConfig,
  wantsPlayground,
} from './config.js';
import { DataDirBusyError } from './db/dataDirLock.js';
import { type RunningKoers, startKoers } from './koers.js';
import { createLogger } from './logger.js';
import { startPlayground } from './playground/index.js';

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
  const logger = createLogger(config.LOG_LEVEL);
  let koers: Pick<RunningKoers, 'stop'>;
  try {
    if (playground) {
      const running = await startPlayground({ config, logger });
      await running.ready;
      koers = running;
      console.log(`Koers runs against the playground, a local Slack in your browser: open ${running.url}`);
    } else koers = await startKoers({ config: config as AppConfig, logger });
  } catch (error) {
    if (error instanceof DataDirBusyError) {
      console.error(error.message);
      process.exit(1);
    }
    logger.fatal({ err: error }, 'Koers could not start');
    process.exit(1);
  }
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await koers.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

await main();
