import { MAX_QUERY_LENGTH, type Unresolved } from '../../../domain/answers.js';
import type { Programme } from '../../../domain/programme.js';
import { type Locale, messages } from '../../../i18n/index.js';
import { presentAnswer } from '../../../present/answerDocument.js';
import { esc } from '../../../present/mrkdwn.js';
import { linkProject } from '../../../usecases/linkProject.js';
import { openProjectUpdate } from '../../../usecases/openProjectUpdate.js';
import { ensureBotInChannel } from '../../channelAccess.js';
import { layoutAnswer, type SlackMessage } from '../../render/answerLayout.js';
import { renderProjectUpdateModal } from '../../render/projectUpdateModal.js';
import { sealView } from '../../viewSeal.js';
import type { CommandHandler } from './commandHandler.js';

/** `/project update QUERY` (`bijwerken`): the update form for a project the user may update. */
export const updateCommand: CommandHandler = async (services, request) => {
  const m = messages(request.locale);
  const outcome = await openProjectUpdate(services, { userId: request.userId, query: request.args });
  switch (outcome.kind) {
    case 'noQuery':
      return { text: m.updateUsage };
    case 'noProgramme':
      return { text: m.noProgramme };
    case 'queryTooLong':
      return { text: m.inputTooLong(MAX_QUERY_LENGTH) };
    case 'unresolved':
      return unresolvedMessage(outcome.programme, outcome.answer, request.args, request.locale, 'update');
    case 'refused':
      return { text: m.refusal[outcome.refusal] };
    case 'open':
      await request.client.views.open({
        trigger_id: request.triggerId,
        view: sealView(
          services.viewSealKey,
          renderProjectUpdateModal(outcome.project, request.locale),
          request.userId,
        ),
      });
      return null;
  }
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
