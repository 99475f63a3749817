import { parseIamArgs } from '../../../domain/command.js';
import { foldCaseAndAccents } from '../../../domain/text.js';
import { messages } from '../../../i18n/index.js';
import { type AdminRequest, manageAdmins } from '../../../usecases/manageAdmins.js';
import type { CommandHandler } from './commandHandler.js';

const ADD_WORDS = new Set(['add', 'toevoegen', 'erbij', 'maak']);
const REMOVE_WORDS = new Set(['remove', 'verwijderen', 'weg', 'intrekken']);

/** `/project beheerders [toevoegen|verwijderen @iemand]` (`admins [add|remove @someone]`). */
export const adminsCommand: CommandHandler = async (services, request) => {
  const m = messages(request.locale);
  const w = m.admins;
  const { query, colleague } = parseIamArgs(request.args);
  const verb = foldCaseAndAccents(query.split(' ')[0] ?? '');
  let action: AdminRequest;
  if (verb === '' && !colleague) action = { kind: 'list' };
  else if (colleague?.kind === 'user' && ADD_WORDS.has(verb))
    action = { kind: 'add', userId: colleague.userId };
  else if (colleague?.kind === 'user' && REMOVE_WORDS.has(verb))
    action = { kind: 'remove', userId: colleague.userId };
  else return { text: w.usage };

  const outcome = await manageAdmins(services, { actorId: request.userId, action });
  const mentions = (ids: string[]) => ids.map((id) => `<@${id}>`).join(', ');
  switch (outcome.kind) {
    case 'refused':
      return { text: m.refusal[outcome.refusal] };
    case 'list':
      return outcome.stored.length + outcome.seeded.length === 0
        ? { text: w.none }
        : { text: w.list(mentions(outcome.stored), mentions(outcome.seeded)) };
    case 'added':
      services.logger.info({ user: request.userId, admin: outcome.userId }, 'admin added');
      return { text: w.added(outcome.userId) };
    case 'removed':
      services.logger.info({ user: request.userId, admin: outcome.userId }, 'admin removed');
      return { text: w.removed(outcome.userId) };
    case 'alreadyAdmin':
      return { text: w.alreadyAdmin(outcome.userId) };
    case 'notAdmin':
      return { text: w.notAdmin(outcome.userId) };
    case 'seeded':
      return { text: w.seeded(outcome.userId) };
    case 'last':
      return { text: w.last(outcome.userId) };
  }
};
