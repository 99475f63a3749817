import { MAX_QUERY_LENGTH, resolveProject, type Unresolved } from '../../../domain/answers.js';
import { decide } from '../../../domain/permissions.js';
import type { Programme, Project } from '../../../domain/programme.js';
import { type Locale, messages } from '../../../i18n/index.js';
import { presentAnswer } from '../../../present/answerDocument.js';
import { esc } from '../../../present/mrkdwn.js';
import { linkProject } from '../../../usecases/linkProject.js';
import { ensureBotInChannel } from '../../channelAccess.js';
import { layoutAnswer, type SlackMessage } from '../../render/answerLayout.js';
import { renderProjectUpdateModal } from '../../render/projectUpdateModal.js';
import { sealView } from '../../viewSeal.js';
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
    view: sealView(
      services.viewSealKey,
      renderProjectUpdateModal(found.project, request.locale),
      request.userId,
    ),
  });
  return null;
};

/** `/project link QUERY` (`koppel`), in a channel: admins link a project to it; its updates are posted there. */
export const linkCommand: CommandHandler = async (services, request) => {
  const m = messages(request.locale);
  const outcome = await linkProject(
    services,
    { userId: request.userId, channelId: request.channelId, query: request.args },
    async (channelId) => (await ensureBotInChannel(request.client, channelId)) === 'member',
  );
  switch (outcome.kind) {
    case 'refused':
      return { text: m.refusal[outcome.refusal] };
    case 'notAChannel':
      return { text: m.linkOnlyChannels };
    case 'noQuery':
      return { text: m.linkUsage };
    case 'queryTooLong':
      return { text: m.inputTooLong(MAX_QUERY_LENGTH) };
    case 'noProgramme':
      return { text: m.noProgramme };
    case 'unresolved':
      return unresolvedMessage(outcome.programme, outcome.answer, request.args, request.locale, 'link');
    case 'cannotPost':
      return { text: m.inviteBot };
    case 'gone':
      return { text: m.updateFormOutdated };
    case 'linked':
      services.logger.info(
        { project: outcome.project.slug, channel: request.channelId, by: request.userId },
        'project linked to a channel',
      );
      return { text: m.linked(esc(outcome.project.name), request.channelId) };
  }
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
  if (query.length > MAX_QUERY_LENGTH) {
    return { message: { text: messages(locale).inputTooLong(MAX_QUERY_LENGTH) } };
  }
  const resolution = resolveProject(programme, query);
  if (resolution.kind === 'found') return { project: resolution.item };
  return { message: unresolvedMessage(programme, resolution.answer, query, locale, subcommand) };
}

/** The candidates or the closest projects, with the example to type being this command, not `status`. */
function unresolvedMessage(
  programme: Programme,
  answer: Unresolved,
  query: string,
  locale: Locale,
  subcommand: 'update' | 'link',
): SlackMessage {
  const m = messages(locale);
  const document = presentAnswer(answer, locale, programme.info);
  if (answer.kind === 'choices') {
    document.notes = [
      m.choicesHint(`/project ${m.commandWord(subcommand)} ${answer.candidates[0]?.key ?? ''}`),
    ];
  }
  return layoutAnswer(document, { locale, commandText: `status ${query}`, page: 0 });
}
