import type {
  AllMiddlewareArgs,
  BlockAction,
  BlockElementAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import { chooseLibrary } from '../../../usecases/chooseLibrary.js';
import { openFeedbackModal } from '../../feedbackModalOpener.js';
import { publishHome } from '../../homePublisher.js';
import type { SlackServices } from '../../services.js';
import { requestOf } from '../middleware/requestContext.js';

type HomeActionArgs = SlackActionMiddlewareArgs<BlockAction<BlockElementAction>> & AllMiddlewareArgs;

/** "Give feedback" on the App Home: the form for that phase. */
export function homeFeedbackButton(services: SlackServices) {
  return async ({ ack, body, action, client, context }: HomeActionArgs) => {
    await ack();
    const { locale: localeLookup, log } = requestOf(context);
    const value = 'value' in action ? String(action.value ?? '') : '';
    try {
      const locale = await localeLookup;
      await openFeedbackModal(services, {
        userId: body.user.id,
        triggerId: body.trigger_id,
        phaseQuery: value.slice(0, 100),
        locale,
        client,
      });
    } catch (error) {
      log.error({ err: error }, 'opening the feedback form from Home failed');
    }
  };
}

/**
 * The library picker on the App Home. The choice is checked here as anywhere: a user picks once;
 * the picker is shown only then, but a forged action is refused all the same.
 */
export function homeChooseLibrary(services: SlackServices) {
  return async ({ ack, body, action, client, context }: HomeActionArgs) => {
    await ack();
    const { log } = requestOf(context);
    const chosen = 'selected_option' in action ? String(action.selected_option?.value ?? '') : '';
    try {
      const outcome = await chooseLibrary(services, {
        userId: body.user.id,
        targetUserId: body.user.id,
        libraryCode: chosen,
      });
      if (outcome.kind === 'chosen')
        log.info({ library: outcome.library.code }, 'library chosen on the App Home');
      else log.warn({ chosen, outcome }, 'library choice refused');
      await publishHome(services, client, body.user.id);
    } catch (error) {
      log.error({ err: error }, 'choosing a library failed');
    }
  };
}
