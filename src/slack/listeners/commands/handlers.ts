import type { Subcommand } from '../../../domain/command.js';
import { foldCaseAndAccents } from '../../../domain/text.js';
import { adminsCommand } from './admins.js';
import { calendarCommand } from './calendar.js';
import { changesCommand } from './changes.js';
import type { CommandHandler } from './commandHandler.js';
import { exportFeedbackCommand } from './exportFeedback.js';
import { exportProgrammeCommand } from './exportProgramme.js';
import { feedbackCommand } from './feedback.js';
import { iamCommand } from './iam.js';
import { ideaCommand } from './idea.js';
import { ideasCommand } from './ideas.js';
import { overviewCommand } from './overview.js';
import { linkCommand, updateCommand } from './projectUpdate.js';
import { quietCommand } from './quiet.js';
import { handleSubscriptionCommand } from './subscriptions.js';

/** What `/project export` takes for the programme file; anything else is for the feedback export. */
const PROGRAMME_WORDS = new Set(['programme', 'program', 'programma']);

/** Subcommands that act; the questions (status, partners, timeline, help) are answered by answerMessage. */
export const COMMAND_HANDLERS: Partial<Record<Subcommand, CommandHandler>> = {
  subscribe: (services, request) => handleSubscriptionCommand(services, { ...request, name: 'subscribe' }),
  unsubscribe: (services, request) =>
    handleSubscriptionCommand(services, { ...request, name: 'unsubscribe' }),
  reminders: (services, request) => handleSubscriptionCommand(services, { ...request, name: 'reminders' }),
  feedback: feedbackCommand,
  iam: iamCommand,
  update: updateCommand,
  link: linkCommand,
  idea: ideaCommand,
  ideas: ideasCommand,
  export: (services, request) =>
    PROGRAMME_WORDS.has(foldCaseAndAccents(request.args.trim().split(/\s+/)[0] ?? ''))
      ? exportProgrammeCommand(services, request)
      : exportFeedbackCommand(services, request),
  calendar: calendarCommand,
  changes: changesCommand,
  quiet: quietCommand,
  overview: overviewCommand,
  admins: adminsCommand,
};
