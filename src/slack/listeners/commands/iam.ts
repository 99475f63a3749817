import { resolveLibrary } from '../../../domain/answers.js';
import { messages } from '../../../i18n/index.js';
import { esc } from '../../../present/mrkdwn.js';
import { chooseLibrary } from '../../../usecases/chooseLibrary.js';
import type { CommandHandler } from './commandHandler.js';

/** A user mention as Slack sends it in command text: <@U123ABC> or <@U123ABC|name>. */
const MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/;

/**
 * `/project ik-ben LIBRARY` (`iam`): the user says once which library they speak for; an admin can
 * set anyone's with `/project ik-ben LIBRARY @colleague`.
 */
export const iamCommand: CommandHandler = async (services, request) => {
  const m = messages(request.locale);
  const mention = MENTION.exec(request.args);
  const target = mention?.[1] ?? request.userId;
  const query = request.args.replace(MENTION, '').trim();
  if (!query) return { text: m.iamUsage };

  const programme = await services.programmes.current();
  if (!programme) return { text: m.noProgramme };
  const resolution = resolveLibrary(programme, query);
  if (resolution.kind === 'unresolved') {
    const { answer } = resolution;
    const candidates = answer.kind === 'choices' ? answer.candidates : answer.suggestions;
    const names = candidates.map((library) => `\`${library.key}\` ${esc(library.name)}`).join(', ');
    return { text: `${m.notFound('library', esc(query))}${names ? ` ${m.didYouMean} ${names}` : ''}` };
  }
  const outcome = await chooseLibrary(services, {
    userId: request.userId,
    targetUserId: target,
    libraryCode: resolution.item.code,
  });
  switch (outcome.kind) {
    case 'unknownLibrary':
      // The programme changed between the look-up and the choice.
      return { text: m.notFound('library', esc(query)) };
    case 'refused':
      return { text: m.refusal[outcome.refusal] };
    case 'chosen':
      services.logger.info(
        { user: target, library: outcome.library.code, by: request.userId },
        'library chosen',
      );
      return {
        text: outcome.forOther
          ? m.libraryChosenFor(target, esc(outcome.library.name))
          : m.libraryChosen(esc(outcome.library.name)),
      };
  }
};
