import { messages } from '../../../i18n/index.js';
import { listPendingIdeas } from '../../../usecases/listIdeas.js';
import { composeMessage, SLACK_LIMITS } from '../../blocks/index.js';
import { pendingIdeasBlocks } from '../../render/pendingIdeas.js';
import type { CommandHandler } from './commandHandler.js';

/** `/project ideeën` (`ideas`): admins see the ideas waiting for a decision; others are told it is for admins. */
export const ideasCommand: CommandHandler = async (services, request) => {
  const m = messages(request.locale);
  const result = await listPendingIdeas(services.db, await services.actorFor(request.userId));
  if (result.kind === 'refused') return { text: m.refusal[result.refusal] };
  const programme = await services.programmes.current().catch(() => null);
  return composeMessage({
    text: m.pendingIdeasTitle(result.ideas.length),
    blocks: pendingIdeasBlocks(result, {
      locale: request.locale,
      timezone: programme?.info.timezone ?? 'UTC',
      maxBlocks: SLACK_LIMITS.messageBlocks,
      paging: false,
    }),
  });
};
