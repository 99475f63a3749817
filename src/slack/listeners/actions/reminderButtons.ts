import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { messages } from '../../../i18n/index.js';
import { buildAnswerMessage } from '../../answerMessage.js';
import { userFacingError } from '../../errors.js';
import type { SlackServices } from '../../services.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** "View timeline" under a reminder: the timeline, privately, for whoever pressed it. */
export function reminderTimelineButton(services: SlackServices) {
  return async ({ ack, body, respond, client }: ButtonArgs) => {
    await ack();
    const locale = await services.userLocales.forUser(client, body.user.id);
    try {
      const message = await buildAnswerMessage(services, { text: 'timeline', locale, page: 0 });
      await respond({ response_type: 'ephemeral', replace_original: false, ...message });
    } catch (error) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: userFacingError(error, locale),
      });
    }
  };
}

/** "Give feedback" under a feedback reminder: until the feedback form exists, where feedback goes. */
export function reminderFeedbackButton(services: SlackServices) {
  return async ({ ack, body, respond, client }: ButtonArgs) => {
    await ack();
    const locale = await services.userLocales.forUser(client, body.user.id);
    try {
      const programme = await services.programmes.current();
      const contact = programme?.info.contact
        ? `${programme.info.contact.name} (${programme.info.contact.email})`
        : (programme?.info.organisation ?? 'Koers');
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: messages(locale).feedbackNotYet(contact),
      });
    } catch (error) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: userFacingError(error, locale),
      });
    }
  };
}
