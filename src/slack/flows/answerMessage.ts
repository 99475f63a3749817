import { answerCommand, MAX_QUERY_LENGTH, prepareAnswer } from '../../domain/answers.js';
import { type ParsedCommand, parseCommand } from '../../domain/command.js';
import type { Programme } from '../../domain/programme.js';
import type { Locale } from '../../i18n/index.js';
import { messages } from '../../i18n/index.js';
import { presentAnswer } from '../../present/answerDocument.js';
import { layoutAnswer, type SlackMessage } from '../render/answerLayout.js';
import type { SlackServices } from '../services.js';
import { runInSlices } from '../slices.js';

/** Distinct answers kept per programme snapshot; the least recently asked goes first. */
export const ANSWER_CACHE_SIZE = 256;

export interface AnswerRequest {
  /** The text after `/project`, as typed. */
  text: string;
  locale: Locale;
  page: number;
  /** Set when the answer is being shared in the channel by this user. */
  sharedBy?: string;
}

/**
 * Answers that follow from the programme and the words typed alone, not from the clock: the same
 * snapshot gives the same message, so it is built once. A new snapshot (an import, an update) is a new
 * object, with an empty cache of its own; the old one goes with the old snapshot.
 *
 * An answer is kept from its second asking on. Most questions are asked once: keeping those would only
 * push the answers asked again out of the cache, and every one kept a while outlives the young
 * generation, for the garbage collector to mark and sweep later. A question asked once costs a key.
 */
interface SnapshotAnswers {
  kept: Map<string, SlackMessage>;
  askedOnce: Set<string>;
}
const answersBySnapshot = new WeakMap<Programme, SnapshotAnswers>();

/** Questions remembered as asked once, per snapshot: enough to see one come back among many others. */
const ASKED_ONCE_SIZE = 4 * ANSWER_CACHE_SIZE;

function isTimeless(command: ParsedCommand): boolean {
  return command.kind === 'command' && (command.name === 'status' || command.name === 'partners');
}

/**
 * The Slack message that answers `/project <text>`: one path for the command and its buttons. A cached
 * message is shared between requests: callers copy it (`{ ...message }`) and never change it.
 */
export async function buildAnswerMessage(
  services: SlackServices,
  request: AnswerRequest,
): Promise<SlackMessage> {
  const command = parseCommand(request.text);
  if (command.kind === 'command' && command.args.length > MAX_QUERY_LENGTH) {
    return { text: messages(request.locale).inputTooLong(MAX_QUERY_LENGTH) };
  }
  const programme = await services.programmes.current();
  if (!programme || !isTimeless(command)) return answer(services, request, command, programme);

  let answers = answersBySnapshot.get(programme);
  if (!answers) {
    answers = { kept: new Map(), askedOnce: new Set() };
    answersBySnapshot.set(programme, answers);
  }
  const { kept, askedOnce } = answers;
  const key = `${request.locale}\u0000${request.page}\u0000${request.sharedBy ?? ''}\u0000${request.text}`;
  const cached = kept.get(key);
  if (cached) {
    // Most recently asked last, so the first key is the one to drop.
    kept.delete(key);
    kept.set(key, cached);
    return cached;
  }
  // Matching a query against a large programme takes turns with the other answers (see slices.ts).
  await runInSlices(prepareAnswer(programme, command));
  const message = answer(services, request, command, programme);
  if (askedOnce.delete(key)) {
    kept.set(key, message);
    if (kept.size > ANSWER_CACHE_SIZE) kept.delete(kept.keys().next().value as string);
  } else {
    askedOnce.add(key);
    if (askedOnce.size > ASKED_ONCE_SIZE) askedOnce.delete(askedOnce.values().next().value as string);
  }
  return message;
}

function answer(
  services: SlackServices,
  request: AnswerRequest,
  command: ParsedCommand,
  programme: Programme | null,
): SlackMessage {
  const answer = answerCommand(programme, command, services.now());
  const document = presentAnswer(answer, request.locale, programme?.info ?? null);
  return layoutAnswer(document, {
    locale: request.locale,
    commandText: request.text,
    page: request.page,
    sharedBy: request.sharedBy,
  });
}
