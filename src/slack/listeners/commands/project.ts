import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { parseCommand } from '../../../domain/command.js';
import { withoutControlCharacters } from '../../../domain/forms.js';
import { messages } from '../../../i18n/index.js';
import { ACK_BUDGET_MS, raceAckBudget } from '../../ackBudget.js';
import { userFacingError } from '../../errors.js';
import { buildAnswerMessage } from '../../flows/answerMessage.js';
import type { SlackMessage } from '../../render/answerLayout.js';
import type { SlackServices } from '../../services.js';
import { requestOf } from '../middleware/requestContext.js';
import { COMMAND_HANDLERS } from './handlers.js';

/** The parts of a slash command payload we use; everything from Slack is checked before use. */
const commandPayload = z.object({
  user_id: z.string().regex(/^[UW][A-Z0-9]+$/),
  channel_id: z.string().regex(/^[CGD][A-Z0-9]+$/),
  text: z.string().max(10_000).default('').transform(withoutControlCharacters),
  trigger_id: z.string().max(255).default(''),
});

/** `/project …`: answers ephemerally, in the user's language, within Slack's 3 seconds. */
export function projectCommand(services: SlackServices) {
  return async ({
    command,
    ack,
    respond,
    client,
    context,
  }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    const { locale: localeLookup, log, receivedAt } = requestOf(context);
    const payload = commandPayload.safeParse(command);
    if (!payload.success) {
      log.warn({ issues: payload.error.issues.length }, 'malformed slash command payload');
      await ack({ response_type: 'ephemeral', text: messages(services.defaultLocale).somethingWentWrong });
      return;
    }
    const { user_id: userId, channel_id: channelId, text, trigger_id: triggerId } = payload.data;

    const locale = await localeLookup;
    const parsed = parseCommand(text);
    const handler = parsed.kind === 'command' ? COMMAND_HANDLERS[parsed.name] : undefined;
    const work: Promise<SlackMessage | null> =
      handler && parsed.kind === 'command'
        ? handler(services, { args: parsed.args, userId, channelId, triggerId, locale, client, respond })
        : buildAnswerMessage(services, { text, locale, page: 0 });
    // Slack's 3 seconds run from the request's arrival, the wait for the user's language and, under
    // load, the wait to get here included.
    const budgetMs = Math.max(0, ACK_BUDGET_MS - (performance.now() - receivedAt));
    const raced = await raceAckBudget(work, budgetMs).catch((error: unknown) => ({ error }));
    if ('error' in raced) {
      log.error({ err: raced.error }, 'answering /project failed');
      await ack({ response_type: 'ephemeral', text: userFacingError(raced.error, locale) });
      return;
    }
    if (raced.done) {
      // null: the handler opened a modal, which is the whole answer.
      await ack(raced.value ? { response_type: 'ephemeral', ...raced.value } : undefined);
      return;
    }
    await ack({ response_type: 'ephemeral', text: messages(locale).working });
    try {
      const late = await raced.pending;
      if (late) await respond({ response_type: 'ephemeral', replace_original: true, ...late });
    } catch (error) {
      log.error({ err: error }, 'late answer to /project failed');
      await respond({
        response_type: 'ephemeral',
        replace_original: true,
        text: userFacingError(error, locale),
      });
    }
  };
}
