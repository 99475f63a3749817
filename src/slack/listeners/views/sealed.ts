import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { messages } from '../../../i18n/index.js';
import { renderFormProblem } from '../../render/feedbackModal.js';
import type { SlackServices } from '../../services.js';
import { unsealViewMetadata } from '../../viewSeal.js';
import { requestOf } from '../middleware/requestContext.js';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * A submitted view goes on to its listener only when Koers opened it for the user who sends it (its
 * seal matches); the listener then reads the metadata Koers put in, without the seal.
 */
export function onlyViewsKoersOpened(services: SlackServices, listener: (args: ViewArgs) => Promise<void>) {
  return async (args: ViewArgs) => {
    const { view, body, ack, context } = args;
    const metadata = unsealViewMetadata(
      services.viewSealKey,
      view.private_metadata,
      view.callback_id,
      body.user.id,
    );
    if (metadata === null) {
      const { locale: localeLookup, log } = requestOf(context);
      log.warn({ callbackId: view.callback_id, viewId: view.id }, 'a view Koers did not open was refused');
      const locale = await localeLookup;
      await ack({
        response_action: 'update',
        view: renderFormProblem('Koers', messages(locale).formNotOpenedForYou, locale),
      });
      return;
    }
    view.private_metadata = metadata;
    await listener(args);
  };
}
