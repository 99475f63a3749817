import { messages } from '../../../i18n/index.js';
import { esc } from '../../../present/mrkdwn.js';
import { sayWhichLibrary } from '../../../usecases/sayWhichLibrary.js';
import type { CommandHandler } from './commandHandler.js';

/**
 * `/project ik-ben LIBRARY` (`iam`): the user says once which library they speak for; an admin can
 * set anyone's with `/project ik-ben LIBRARY @colleague`. The use case decides; this words its outcome.
 */
export const iamCommand: CommandHandler = async (services, request) => {
  const m = messages(request.locale);
  const outcome = await sayWhichLibrary(services, { userId: request.userId, args: request.args });
  switch (outcome.kind) {
    case 'usage':
      return { text: m.iamUsage };
    case 'noProgramme':
      return { text: m.noProgramme };
    case 'refused':
      return { text: m.refusal[outcome.refusal] };
    case 'unknownColleague':
      return { text: m.iamUnknownColleague(esc(outcome.text)) };
    case 'unresolved': {
      const { answer } = outcome;
      const candidates = answer.kind === 'choices' ? answer.candidates : answer.suggestions;
      const names = candidates.map((library) => `\`${library.key}\` ${esc(library.name)}`).join(', ');
      return {
        text: `${m.notFound('library', esc(outcome.query))}${names ? ` ${m.didYouMean} ${names}` : ''}`,
      };
    }
    case 'chosen':
      services.logger.info(
        { user: outcome.targetUserId, library: outcome.library.code, by: request.userId },
        'library chosen',
      );
      return {
        text: outcome.forOther
          ? m.libraryChosenFor(outcome.targetUserId, esc(outcome.library.name))
          : m.libraryChosen(esc(outcome.library.name)),
      };
  }
};
