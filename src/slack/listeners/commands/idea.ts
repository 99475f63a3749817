import { decide } from '../../../domain/permissions.js';
import { messages } from '../../../i18n/index.js';
import { renderIdeaModal } from '../../render/ideaModal.js';
import { sealView } from '../../viewSeal.js';
import type { CommandHandler } from './commandHandler.js';

/** `/project idee` (`idea`): the form to propose a new project; the admins decide on it. */
export const ideaCommand: CommandHandler = async (services, request) => {
  const m = messages(request.locale);
  const programme = await services.programmes.current();
  if (!programme) return { text: m.noProgramme };
  const decision = decide(await services.actorFor(request.userId), { kind: 'proposeIdea' });
  if (!decision.allowed) return { text: m.refusal[decision.refusal] };
  await request.client.views.open({
    trigger_id: request.triggerId,
    view: sealView(
      services.viewSealKey,
      renderIdeaModal(programme.libraries, request.locale),
      request.userId,
    ),
  });
  return null;
};
