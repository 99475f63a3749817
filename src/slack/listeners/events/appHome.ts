import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { renderHomeView } from '../../render/homeView.js';
import type { SlackServices } from '../../services.js';

/** Publishes the App Home each time it is opened, so it always shows the current programme. */
export function appHomeOpened(services: SlackServices) {
  return async ({
    event,
    client,
    context,
  }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    if (event.tab !== 'home') return;
    const log = services.logger.child({ requestId: context.requestId, event: 'app_home_opened' });
    try {
      const locale = await services.userLocales.forUser(client, event.user);
      const programme = await services.programmes.current();
      await client.views.publish({
        user_id: event.user,
        view: renderHomeView(programme, locale, services.now()),
      });
    } catch (error) {
      // The previous Home stays visible; the next open tries again.
      log.error({ err: error }, 'publishing the App Home failed');
    }
  };
}
