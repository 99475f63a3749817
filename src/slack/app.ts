import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { AppConfig } from '../config.js';
import { toSlackLogger } from '../logger.js';
import { registerListeners } from './listeners/index.js';
import type { SlackServices } from './services.js';

export interface SlackApp {
  app: App;
  /** Bolt's HTTP listener for POST /slack/events; null in Socket Mode. */
  httpReceiver: HTTPReceiver | null;
}

/**
 * Bolt with its real receivers: HTTP by default (signature checked by Bolt), Socket Mode when an
 * app-level token is configured. Bolt's own server is not started: ours (httpServer.ts) serves
 * /healthz and guards the endpoint, then hands requests to the receiver.
 */
export function createSlackApp(config: AppConfig, services: SlackServices): SlackApp {
  const logger = toSlackLogger(services.logger);
  // `convoStore: false`: Koers keeps no conversation state, and Bolt's default store makes an Error (stack
  // and all) for every request without one: about 3 % of Koers's CPU per request in the bench's profile.
  const clientOptions = config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {};
  if (config.SLACK_APP_TOKEN) {
    const app = new App({
      token: config.SLACK_BOT_TOKEN,
      appToken: config.SLACK_APP_TOKEN,
      socketMode: true,
      logger,
      logLevel: LogLevel.INFO,
      clientOptions,
      convoStore: false,
    });
    registerListeners(app, services);
    return { app, httpReceiver: null };
  }
  const httpReceiver = new HTTPReceiver({
    signingSecret: config.SLACK_SIGNING_SECRET,
    endpoints: '/slack/events',
    logger,
    // The request id set by our HTTP front reaches every listener as context.requestId.
    customPropertiesExtractor: (req) => ({ requestId: String(req.headers['x-koers-request-id'] ?? '') }),
  });
  const app = new App({
    token: config.SLACK_BOT_TOKEN,
    receiver: httpReceiver,
    logger,
    clientOptions,
    convoStore: false,
  });
  registerListeners(app, services);
  return { app, httpReceiver };
}
