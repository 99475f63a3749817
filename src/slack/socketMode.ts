import type { App } from '@slack/bolt';
import type { Logger } from '../logger.js';
import { refusingError } from './slackLink.js';

const SOCKET_RETRY_MS = 30_000;

/**
 * Starts the Socket Mode link; resolves with Slack's error when it refuses the app-level token, else
 * (connected, or stopping) with undefined. Any other refusal to connect is retried.
 */
export async function connectSocketMode(
  app: App,
  logger: Logger,
  stopping: () => boolean,
): Promise<string | undefined> {
  while (!stopping()) {
    try {
      await app.start();
      logger.info('Socket Mode connected');
      return undefined;
    } catch (error) {
      const refusal = refusingError(error);
      if (refusal) return refusal;
      logger.warn({ err: error, retryInMs: SOCKET_RETRY_MS }, 'Socket Mode could not connect; retrying');
      await new Promise((resolve) => setTimeout(resolve, SOCKET_RETRY_MS).unref());
    }
  }
  return undefined;
}
