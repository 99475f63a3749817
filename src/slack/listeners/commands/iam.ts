import { setLibraryOf } from '../../../db/peopleRepository.js';
import { resolveLibrary } from '../../../domain/answers.js';
import { decide } from '../../../domain/permissions.js';
import { messages } from '../../../i18n/index.js';
import { esc } from '../../../present/mrkdwn.js';
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
  const library = resolution.item;

  const actor = await services.actorFor(request.userId);
  const decision = decide(
    actor,
    target === request.userId ? { kind: 'chooseOwnLibrary' } : { kind: 'setLibraryOfOther' },
  );
  if (!decision.allowed) return { text: m.refusal[decision.refusal] };
  await setLibraryOf(services.db, target, library.code, request.userId);
  services.logger.info({ user: target, library: library.code, by: request.userId }, 'library chosen');
  return {
    text:
      target === request.userId
        ? m.libraryChosen(esc(library.name))
        : m.libraryChosenFor(target, esc(library.name)),
  };
};
