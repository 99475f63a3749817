import { linkProjectChannel } from '../../../db/projectRepository.js';
import { resolveProject } from '../../../domain/answers.js';
import { isChannelId } from '../../../domain/channels.js';
import { decide } from '../../../domain/permissions.js';
import type { Programme, Project } from '../../../domain/programme.js';
import { type Locale, messages } from '../../../i18n/index.js';
import { presentAnswer } from '../../../present/answerDocument.js';
import { esc } from '../../../present/mrkdwn.js';
import { MAX_QUERY_LENGTH } from '../../answerMessage.js';
import { ensureBotInChannel } from '../../channelAccess.js';
import { layoutAnswer, type SlackMessage } from '../../render/answerLayout.js';
import { renderProjectUpdateModal } from '../../render/projectUpdateModal.js';
import type { CommandHandler } from './commandHandler.js';

/**
 * `/project update QUERY` (`bijwerken`): the update form for a project the user may update — a
 * partner library's member, or an admin. The same right is checked again when the form comes back.
 */
export const updateCommand: CommandHandler = async (services, request) => {
  const m = messages(request.locale);
  if (!request.args.trim()) return { text: m.updateUsage };
  const programme = await services.programmes.current();
  if (!programme) return { text: m.noProgramme };
  const found = resolveProjectOrAnswer(programme, request.args, request.locale, 'update');
  if ('message' in found) return found.message;

  const decision = decide(await services.actorFor(request.userId), {
    kind: 'updateProject',
    project: found.project,
  });
  if (!decision.allowed) return { text: m.refusal[decision.refusal] };
  await request.client.views.open({
    trigger_id: request.triggerId,
    view: renderProjectUpdateModal(found.project, request.locale),
  });
  return null;
};

/** `/project link QUERY` (`koppel`), in a channel: admins link a project to it; its updates are posted there. */
export const linkCommand: CommandHandler = async (services, request) => {
  const m = messages(request.locale);
  const decision = decide(await services.actorFor(request.userId), { kind: 'linkProject' });
  if (!decision.allowed) return { text: m.refusal[decision.refusal] };
  if (!isChannelId(request.channelId)) return { text: m.linkOnlyChannels };
  if (!request.args.trim()) return { text: m.linkUsage };
  const programme = await services.programmes.current();
  if (!programme) return { text: m.noProgramme };
  const found = resolveProjectOrAnswer(programme, request.args, request.locale, 'link');
  if ('message' in found) return found.message;
  // Updates are posted in the linked channel: the bot must be able to post there.
  if ((await ensureBotInChannel(request.client, request.channelId)) !== 'member')
    return { text: m.inviteBot };

  if (!(await linkProjectChannel(services.db, found.project.slug, request.channelId))) {
    return { text: m.updateFormOutdated };
  }
  services.logger.info(
    { project: found.project.slug, channel: request.channelId, by: request.userId },
    'project linked to a channel',
  );
  return { text: m.linked(esc(found.project.name), request.channelId) };
};

/**
 * The one project a query means, or the private answer that lists the candidates (several match) or
 * the suggestions (none does), worded as `/project status QUERY` words them.
 */
function resolveProjectOrAnswer(
  programme: Programme,
  query: string,
  locale: Locale,
  subcommand: 'update' | 'link',
): { project: Project } | { message: SlackMessage } {
  const m = messages(locale);
  if (query.length > MAX_QUERY_LENGTH) return { message: { text: m.inputTooLong(MAX_QUERY_LENGTH) } };
  const resolution = resolveProject(programme, query);
  if (resolution.kind === 'found') return { project: resolution.item };

  const { answer } = resolution;
  const document = presentAnswer(answer, locale, programme.info);
  if (answer.kind === 'choices') {
    // The example to type is this command, not `/project status`.
    document.notes = [
      m.choicesHint(`/project ${m.commandWord(subcommand)} ${answer.candidates[0]?.key ?? ''}`),
    ];
  }
  return { message: layoutAnswer(document, { locale, commandText: `status ${query}`, page: 0 }) };
}
