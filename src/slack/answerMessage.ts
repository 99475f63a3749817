import { answerCommand } from '../domain/answers.js';
import { parseCommand } from '../domain/command.js';
import type { Locale } from '../i18n/index.js';
import { messages } from '../i18n/index.js';
import { presentAnswer } from '../present/answerDocument.js';
import { layoutAnswer, type SlackMessage } from './render/answerLayout.js';
import type { SlackServices } from './services.js';

/** Longer queries than this match nothing useful; we say so instead of searching. */
export const MAX_QUERY_LENGTH = 200;

export interface AnswerRequest {
  /** The text after `/project`, as typed. */
  text: string;
  locale: Locale;
  page: number;
  /** Set when the answer is being shared in the channel by this user. */
  sharedBy?: string;
}

/** The Slack message that answers `/project <text>`: one path for the command and its buttons. */
export async function buildAnswerMessage(
  services: SlackServices,
  request: AnswerRequest,
): Promise<SlackMessage> {
  const command = parseCommand(request.text);
  if (command.kind === 'command' && command.args.length > MAX_QUERY_LENGTH) {
    return { text: messages(request.locale).inputTooLong(MAX_QUERY_LENGTH) };
  }
  const programme = await services.programmes.current();
  const answer = answerCommand(programme, command, services.now());
  const document = presentAnswer(answer, request.locale, programme?.info ?? null);
  return layoutAnswer(document, {
    locale: request.locale,
    commandText: request.text,
    page: request.page,
    sharedBy: request.sharedBy,
  });
}
