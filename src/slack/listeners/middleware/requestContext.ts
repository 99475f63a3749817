import type { AnyMiddlewareArgs, Context, Middleware } from '@slack/bolt';
import { z } from 'zod';
import type { Locale } from '../../../i18n/index.js';
import type { Logger } from '../../../logger.js';
import type { SlackServices } from '../../services.js';

/** What every listener needs about the request it handles, set up once by `setUpRequest`. */
export interface RequestContext {
  /** The Slack user who acted; null when the payload names none we can read. */
  userId: string | null;
  /**
   * The user's language. A promise, started before the listener runs, so the look-up (at most 0.7 s,
   * `userLocales.ts`) overlaps the listener's own start: a listener whose ack carries words (`/project`)
   * awaits it before it answers; one that acks empty (a button, a form's thanks) acks first.
   */
  locale: Promise<Locale>;
  /** The logger for this request: its request id, user and surface on every line. */
  log: Logger;
  /**
   * When the request reached Koers (`performance.now()`): Slack's 3 seconds run from then, and under
   * load a request may wait a while before its listener starts.
   */
  receivedAt: number;
}

const slackId = z.string().min(1).max(64);

/** Where each kind of payload names its user and its surface; anything else is left out. */
const payloadSchema = z.object({
  type: z.string().optional(),
  user: z.object({ id: slackId }).optional(),
  user_id: slackId.optional(),
  command: z.string().max(64).optional(),
  event: z.object({ type: z.string().max(64), user: slackId.optional() }).optional(),
  view: z.object({ callback_id: z.string().max(255) }).optional(),
  actions: z.array(z.object({ action_id: z.string().max(255) })).optional(),
});

/**
 * Bolt middleware: reads the user from any payload (command, action, view, event), starts the locale
 * look-up and makes the request's logger, and puts them on `context` for the listener.
 */
export function setUpRequest(services: SlackServices): Middleware<AnyMiddlewareArgs> {
  return async ({ body, client, context, next }) => {
    const payload = payloadSchema.safeParse(body);
    const data = payload.success ? payload.data : {};
    const userId = data.user?.id ?? data.user_id ?? data.event?.user ?? null;
    const surface = data.command
      ? { command: data.command }
      : data.view
        ? { view: data.view.callback_id }
        : data.actions?.[0]
          ? { action: data.actions[0].action_id }
          : data.event
            ? { event: data.event.type }
            : {};
    const request: RequestContext = {
      userId,
      locale: userId ? services.userLocales.forUser(client, userId) : Promise.resolve(services.defaultLocale),
      log: services.logger.child({ requestId: context.requestId, user: userId ?? undefined, ...surface }),
      receivedAt: typeof context.receivedAt === 'number' ? context.receivedAt : performance.now(),
    };
    context[REQUEST_KEY] = request;
    await next();
  };
}

const REQUEST_KEY = 'koersRequest';

/** The request's user, locale and logger, as `setUpRequest` put them on Bolt's context. */
export function requestOf(context: Context): RequestContext {
  const request = context[REQUEST_KEY] as RequestContext | undefined;
  if (!request) throw new Error('setUpRequest must run before this listener');
  return request;
}
