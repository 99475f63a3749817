import type { RespondFn, webApi } from '@slack/bolt';
import type { Subcommand } from '../../../domain/command.js';
import type { Locale } from '../../../i18n/index.js';
import type { SlackMessage } from '../../render/answerLayout.js';
import type { SlackServices } from '../../services.js';
import { calendarCommand } from './calendar.js';
import { exportFeedbackCommand } from './exportFeedback.js';
import { feedbackCommand } from './feedback.js';
import { iamCommand } from './iam.js';
import { ideaCommand } from './idea.js';
import { linkCommand, updateCommand } from './projectUpdate.js';
import { handleSubscriptionCommand } from './subscriptions.js';

/** What a `/project` subcommand that acts (rather than answers a question) gets to work with. */
export interface CommandRequest {
  args: string;
  userId: string;
  channelId: string;
  /** For views.open: valid for 3 seconds after the user pressed enter. */
  triggerId: string;
  locale: Locale;
  client: webApi.WebClient;
  /** The command's response_url: for a handler that tells the user something after its reply. */
  respond?: RespondFn;
}

/** The private reply, or null when the handler opened a modal (then that is the whole answer). */
export type CommandHandler = (
  services: SlackServices,
  request: CommandRequest,
) => Promise<SlackMessage | null>;

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
  export: exportFeedbackCommand,
  calendar: calendarCommand,
};
