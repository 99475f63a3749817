import type { RespondFn, webApi } from '@slack/bolt';
import type { Locale } from '../../../i18n/index.js';
import type { SlackMessage } from '../../render/answerLayout.js';
import type { SlackServices } from '../../services.js';

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
