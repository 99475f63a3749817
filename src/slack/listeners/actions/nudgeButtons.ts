import type {
  AllMiddlewareArgs,
  BlockButtonAction,
  BlockStaticSelectAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import { MAX_QUERY_LENGTH } from '../../../domain/answers.js';
import { messages } from '../../../i18n/index.js';
import { openProjectUpdate } from '../../../usecases/openProjectUpdate.js';
import { userFacingError } from '../../errors.js';
import { ModalSlot } from '../../modalSlot.js';
import { renderNoticeModal } from '../../render/noticeViews.js';
import { renderProjectUpdateModal } from '../../render/projectUpdateModal.js';
import type { SlackServices } from '../../services.js';
import { sealView } from '../../viewSeal.js';
import { requestOf } from '../middleware/requestContext.js';
import { answerWithinBudget } from './withinBudget.js';

type NudgeArgs = SlackActionMiddlewareArgs<BlockButtonAction | BlockStaticSelectAction> & AllMiddlewareArgs;

/**
 * "Give an update" (or a project chosen from the menu) in an update nudge: that project's update form,
 * asked of the same use case as `/project update`, so the same right applies. The slug comes back from
 * Slack and is only a query: a project gone since the nudge is said to be gone.
 */
export function nudgeUpdateOpener(services: SlackServices) {
  return async ({ ack, body, action, client, context }: NudgeArgs) => {
    await ack();
    const { locale: localeLookup, log, receivedAt } = requestOf(context);
    const locale = await localeLookup;
    const m = messages(locale);
    const modal = new ModalSlot(client, body.trigger_id);
    const tell = (text: string) => modal.notice(renderNoticeModal(m.updateModalTitle, text, locale));
    const slug = String((action.type === 'button' ? action.value : action.selected_option?.value) ?? '');
    const work = async () => {
      try {
        const outcome = await openProjectUpdate(services, {
          userId: body.user.id,
          query: slug.slice(0, MAX_QUERY_LENGTH),
        });
        if (outcome.kind === 'open') {
          const form = renderProjectUpdateModal(outcome.project, locale);
          await modal.show(sealView(services.viewSealKey, form, body.user.id));
        } else if (outcome.kind === 'refused') {
          await tell(m.refusal[outcome.refusal]);
        } else {
          await tell(outcome.kind === 'noProgramme' ? m.noProgramme : m.nudgeProjectGone);
        }
      } catch (error) {
        log.error({ err: error }, 'opening the update form from a nudge failed');
        await tell(userFacingError(error, locale));
      }
    };
    await answerWithinBudget({ receivedAt, locale, log, work, tell });
  };
}
