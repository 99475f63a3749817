import type { Subcommand } from '../../../domain/command.js';
import { calendarCommand } from './calendar.js';
import { changesCommand } from './changes.js';
import type { CommandHandler } from './commandHandler.js';
import { exportFeedbackCommand } from './exportFeedback.js';
import { feedbackCommand } from './feedback.js';
import { iamCommand } from './iam.js';
import { ideaCommand } from './idea.js';
import { ideasCommand } from './ideas.js';
import { overviewCommand } from './overview.js';
import { linkCommand, updateCommand } from './projectUpdate.js';
import { quietCommand } from './quiet.js';
import { handleSubscriptionCommand } from './subscriptions.js';

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
  export: exportFeedbackCommand,
  calendar: calendarCommand,
  changes: changesCommand,
  quiet: quietCommand,
  overview: overviewCommand,
};
