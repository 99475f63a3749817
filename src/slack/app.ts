import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { AppConfig } from '../config.js';
import type { Database } from '../db/client.js';
import { registerRevocationListeners } from './listeners/events/installationRevoked.js';
import { type ListenerInstance, registerListeners, type WorkspaceOfRequest } from './listeners/index.js';
import type { OAuthReceiverOptions } from './oauth/index.js';
import type { SlackServices } from './services.js';
import type { BotIdentity } from './slackLink.js';
import { toSlackLogger } from './slackLogger.js';
import { LISTENER_CALLS, SOCKET_CONNECTIONS, webClientOptions } from './webClientPolicy.js';

export interface SlackApp {
  app: App;
  /** Bolt's HTTP listener for POST /slack/events; null in Socket Mode. */
  httpReceiver: HTTPReceiver | null;
}

/**
 * Bolt with its real receivers: HTTP by default, Socket Mode when an app-level token is configured.
 * Bolt's own server is not started: ours (http/server.ts) serves /healthz and checks every request's
 * signature, age and uniqueness, then hands it to the receiver.
 *
 * Bolt given a token awaits `auth.test` before it dispatches anything, so while Slack's Web API is out
 * of reach no command would be answered, and the last failed retry would reject unhandled. Instead
 * every request is authorised at once with the token and whatever identity `SlackLink` has learned
 * in the background (`context.botId` and `context.botUserId` are there once Slack has answered).
 *
 * With `oauth` (SLACK_CLIENT_ID and the rest set) the receiver also serves the OAuth install, and Bolt
 * authorises each request with its installation's token from the database instead; each request is
 * then served by its own workspace's services (`servicesFor`).
 */
export function createSlackApp(
  config: AppConfig,
  instance: ListenerInstance & { db: Database },
  servicesFor: (workspace: WorkspaceOfRequest) => Promise<SlackServices | null>,
  botIdentity: () => BotIdentity | undefined,
  oauth?: { receiverOptions: OAuthReceiverOptions; revoked(key: string): Promise<void> },
): SlackApp {
  const logger = toSlackLogger(instance.logger);
  const clientOptions = webClientOptions(LISTENER_CALLS, config.SLACK_API_URL, instance.logger);
  const authorize = async () => ({ botToken: config.SLACK_BOT_TOKEN, ...botIdentity() });
  if (config.SLACK_APP_TOKEN) {
    const app = new App({
      authorize,
      appToken: config.SLACK_APP_TOKEN,
      socketMode: true,
      logger,
      logLevel: LogLevel.INFO,
      clientOptions,
      // Koers keeps no conversation state, and Bolt's default store makes an Error (stack and all) for
      // every request without one: about 3 % of Koers's CPU per request in the bench's profile.
      convoStore: false,
      // The Socket Mode client takes its WebClient options from here, not from clientOptions.
      installerOptions: {
        clientOptions: webClientOptions(SOCKET_CONNECTIONS, config.SLACK_API_URL, instance.logger),
      },
    });
    registerListeners(app, instance, servicesFor);
    return { app, httpReceiver: null };
  }
  const httpReceiver = new HTTPReceiver({
    signingSecret: config.SLACK_SIGNING_SECRET,
    endpoints: '/slack/events',
    // http/server.ts checks every request's signature, age and uniqueness before it reaches Bolt.
    signatureVerification: false,
    logger,
    // The request id set by our HTTP front reaches every listener as context.requestId.
    customPropertiesExtractor: (req) => ({
      requestId: String(req.headers['x-koers-request-id'] ?? ''),
      receivedAt: Number(req.headers['x-koers-received-at'] ?? performance.now()),
    }),
    ...oauth?.receiverOptions,
  });
  const app = new App({
    ...(!oauth && { authorize }),
    receiver: httpReceiver,
    logger,
    clientOptions,
    convoStore: false,
  });
  registerListeners(app, instance, servicesFor);
  if (oauth) registerRevocationListeners(app, { ...instance, revoked: oauth.revoked });
  return { app, httpReceiver };
}
