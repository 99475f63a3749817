import { messages } from '../../../i18n/index.js';
import { listProgrammeChanges } from '../../../usecases/listProgrammeChanges.js';
import { composeMessage } from '../../blocks/index.js';
import { programmeChangesBlocks } from '../../render/programmeChanges.js';
import type { CommandHandler } from './commandHandler.js';

/** `/project wijzigingen` (`changes`): admins see the latest programme changes; others are told it is for admins. */
export const changesCommand: CommandHandler = async (services, request) => {
  const m = messages(request.locale);
  const result = await listProgrammeChanges(services.db, await services.actorFor(request.userId));
  if (result.kind === 'refused') return { text: m.refusal[result.refusal] };
  const programme = await services.programmes.current().catch(() => null);
  return composeMessage({
    text: m.admin.changesTitle,
    blocks: programmeChangesBlocks(result.changes, request.locale, programme?.info.timezone ?? 'UTC'),
  });
};
