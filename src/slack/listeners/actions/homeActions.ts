import type {
  AllMiddlewareArgs,
  BlockAction,
  BlockElementAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import { messages } from '../../../i18n/index.js';
import { chooseLibrary } from '../../../usecases/chooseLibrary.js';
import { userFacingError } from '../../errors.js';
import { openFeedbackModal } from '../../flows/feedbackModalOpener.js';
import { publishHome } from '../../flows/homePublisher.js';
import { ModalSlot } from '../../modalSlot.js';
import { renderHomeNotice, renderNoticeModal } from '../../render/noticeViews.js';
import type { SlackServices } from '../../services.js';
import { requestOf } from '../middleware/requestContext.js';
import { answerWithinBudget } from './withinBudget.js';

type HomeActionArgs = SlackActionMiddlewareArgs<BlockAction<BlockElementAction>> & AllMiddlewareArgs;

/**
 * "Give feedback" on the App Home: the form for that phase. A Home button has no response_url, so
 * what the user must be told (no such phase, the data out of reach) is told in the modal the click
 * opens; when the form is slow, a notice opens it within the trigger's 3 seconds and the form follows.
 */
export function homeFeedbackButton(services: SlackServices) {
  return async ({ ack, body, action, client, context }: HomeActionArgs) => {
    await ack();
    const { locale: localeLookup, log, receivedAt } = requestOf(context);
    const locale = await localeLookup;
    const value = 'value' in action ? String(action.value ?? '') : '';
    const modal = new ModalSlot(client, body.trigger_id);
    const title = messages(locale).feedbackModalTitle;
    const tell = (text: string) => modal.notice(renderNoticeModal(title, text, locale));
    const work = async () => {
      try {
        const reply = await openFeedbackModal(services, {
          userId: body.user.id,
          triggerId: body.trigger_id,
          phaseQuery: value.slice(0, 100),
          locale,
          client,
          modal,
        });
        if (reply) await modal.show(renderNoticeModal(title, reply.text, locale));
      } catch (error) {
        log.error({ err: error }, 'opening the feedback form from Home failed');
        await modal.show(renderNoticeModal(title, userFacingError(error, locale), locale));
      }
    };
    await answerWithinBudget({ receivedAt, locale, log, work, tell });
  };
}

/**
 * The library picker on the App Home. The choice is checked here as anywhere: a user picks once;
 * the picker is shown only then, but a forged action is refused all the same. When the save is slow,
 * the Home says so within Slack's 3 seconds, and is published in full once the save is done.
 */
export function homeChooseLibrary(services: SlackServices) {
  return async ({ ack, body, action, client, context }: HomeActionArgs) => {
    await ack();
    const { locale: localeLookup, log, receivedAt } = requestOf(context);
    const locale = await localeLookup;
    const userId = body.user.id;
    const chosen = 'selected_option' in action ? String(action.selected_option?.value ?? '') : '';
    // The notice and the Home published after it must reach Slack in that order, never the reverse.
    let saved = false;
    let noticeShown: Promise<unknown> | null = null;
    const tell = (text: string) => {
      if (saved) return Promise.resolve();
      noticeShown = client.views.publish({ user_id: userId, view: renderHomeNotice(text) });
      return noticeShown;
    };
    const work = async () => {
      try {
        const outcome = await chooseLibrary(services, { userId, targetUserId: userId, libraryCode: chosen });
        saved = true;
        if (outcome.kind === 'chosen')
          log.info({ library: outcome.library.code }, 'library chosen on the App Home');
        else log.warn({ chosen, outcome }, 'library choice refused');
        await (noticeShown as Promise<unknown> | null)?.catch(() => {});
        await publishHome(services, client, userId, locale);
      } catch (error) {
        log.error({ err: error }, 'choosing a library failed');
      }
    };
    await answerWithinBudget({ receivedAt, locale, log, work, tell });
  };
}
