import type { webApi } from '@slack/bolt';
import type { Locale } from '../../i18n/index.js';
import { showHome } from '../../usecases/showHome.js';
import type { HomePages } from '../homePages.js';
import { renderHomeView } from '../render/homeView.js';
import type { SlackServices } from '../services.js';

/**
 * Publishes a user's App Home. Slack shows only what was last published, so this runs when the Home
 * is opened and after every change the user makes from it or from a form.
 */
export async function publishHome(
  services: SlackServices,
  client: webApi.WebClient,
  userId: string,
  /** The user's language when the caller has it already. */
  knownLocale?: Locale,
  /** Where the Home's long lists start (their Next / Previous buttons); the top when not given. */
  pages: HomePages = {},
): Promise<void> {
  const locale = knownLocale ?? (await services.userLocales.forUser(client, userId));
  const home = await showHome(services, userId);
  await client.views.publish({
    user_id: userId,
    view: renderHomeView(home.programme, locale, home.now, {
      ...home.viewer,
      ideasOffset: pages.ideas ?? 0,
      ...(home.changesProgramme && { admin: { offset: pages.admin ?? 0 } }),
    }),
  });
}
