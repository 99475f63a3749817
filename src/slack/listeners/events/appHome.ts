import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { publishHome } from '../../flows/homePublisher.js';
import type { SlackServices } from '../../services.js';
import { requestOf } from '../middleware/requestContext.js';

/** Publishes the App Home each time it is opened, so it always shows the current programme. */
export function appHomeOpened(services: SlackServices) {
  return async ({
    event,
    client,
    context,
  }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    if (event.tab !== 'home') return;
    const { locale, log } = requestOf(context);
    try {
      await publishHome(services, client, event.user, await locale);
    } catch (error) {
      // The previous Home stays visible; the next open tries again.
      log.error({ err: error }, 'publishing the App Home failed');
    }
  };
}
