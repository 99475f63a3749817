/**
 * Parsing the text after `/project`: a subcommand word in English or Dutch, then its arguments.
 * New subcommands are added as rows of SUBCOMMANDS; the parser needs no other change.
 */

import { foldCaseAndAccents, levenshtein } from './text.js';

/** Canonical subcommand → the words people may type for it, lowercase and without accents. */
export const SUBCOMMANDS = {
  status: ['status', 'stand', 'projecten', 'projects'],
  partners: ['partners', 'partner', 'bibliotheken', 'libraries', 'bieb'],
  timeline: ['timeline', 'tijdlijn', 'planning', 'tijdpad'],
  help: ['help', 'hulp', '?'],
  subscribe: ['subscribe', 'aanmelden', 'abonneren'],
  unsubscribe: ['unsubscribe', 'afmelden', 'opzeggen'],
  reminders: ['reminders', 'herinneringen'],
  feedback: ['feedback', 'terugkoppeling'],
  update: ['update', 'bijwerken'],
  link: ['link', 'koppel', 'koppelen'],
  idea: ['idee', 'idea'],
  ideas: ['ideeen', 'ideas'],
  changes: ['wijzigingen', 'changes'],
  iam: ['ik-ben', 'iam', 'ikben'],
  export: ['export', 'exporteer', 'exporteren'],
  calendar: ['agenda', 'calendar', 'kalender', 'ical'],
  quiet: ['stil', 'quiet', 'mute'],
  overview: ['overview', 'overzicht'],
  admins: ['beheerders', 'beheerder', 'admins', 'admin'],
} as const satisfies Record<string, readonly string[]>;

export type Subcommand = keyof typeof SUBCOMMANDS;

export type ParsedCommand =
  | { kind: 'command'; name: Subcommand; args: string }
  | { kind: 'empty' }
  | { kind: 'unknown'; word: string; suggestion: Subcommand | null };

/** JavaScript's \s misses a few Unicode spaces (such as U+0085) and \p{White_Space} misses the BOM. */
const WHITESPACE_RUNS = /[\s\p{White_Space}]+/u;
/** A typo further than this from every accepted word gets no suggestion. */
const MAX_TYPO_DISTANCE = 2;
/** Accepted words are short: a longer word is clipped, which keeps a pasted paragraph cheap and still far from all. */
const MAX_COMPARED_LENGTH = 20;

const ACCEPTED_WORDS: ReadonlyArray<{ word: string; name: Subcommand }> = (
  Object.entries(SUBCOMMANDS) as [Subcommand, readonly string[]][]
).flatMap(([name, words]) => words.map((word) => ({ word, name })));

/** The subcommands that only read: answered from the programme, changing nothing. */
const QUESTIONS: ReadonlySet<Subcommand> = new Set(['status', 'partners', 'timeline', 'help']);

/** True when answering the command changes nothing (a question, or help for what was not understood). */
export function isQuestion(command: ParsedCommand): boolean {
  return command.kind !== 'command' || QUESTIONS.has(command.name);
}

export function parseCommand(text: string): ParsedCommand {
  const [first, ...rest] = text.split(WHITESPACE_RUNS).filter(Boolean);
  if (first === undefined) return { kind: 'empty' };

  const folded = foldCaseAndAccents(first);
  const accepted = ACCEPTED_WORDS.find(({ word }) => word === folded);
  if (accepted) return { kind: 'command', name: accepted.name, args: rest.join(' ') };
  return { kind: 'unknown', word: first, suggestion: suggestSubcommand(folded) };
}

/**
 * The subcommand of the closest accepted word, if it is a likely typo (`partenrs`) or the
 * start of one (`tijdlin`). Ties go to the earlier row of SUBCOMMANDS.
 */
function suggestSubcommand(folded: string): Subcommand | null {
  return closestWord(folded, ACCEPTED_WORDS);
}

/**
 * The command a mistyped word most likely meant (`imprt` → `import`, `reminder` → `reminders`), or null:
 * the CLI's "did you mean". Ties go to the earlier command.
 */
export function suggestCommandWord(typed: string, commands: readonly string[]): string | null {
  return closestWord(
    foldCaseAndAccents(typed),
    commands.map((word) => ({ word, name: word })),
  );
}

function closestWord<Name>(folded: string, words: ReadonlyArray<{ word: string; name: Name }>): Name | null {
  const clipped = Array.from(folded).slice(0, MAX_COMPARED_LENGTH).join('');
  const length = Array.from(clipped).length;
  let best: { name: Name; distance: number } | null = null;
  for (const { word, name } of words) {
    const distance = levenshtein(clipped, word);
    // A distance as large as either word means nothing was kept: `ab` is not a typo of `?`.
    const isTypo = distance <= MAX_TYPO_DISTANCE && distance < Math.min(length, word.length);
    // A word of only combining marks folds to '', which would be a prefix of everything.
    const isStart = folded !== '' && word.startsWith(folded);
    if ((isTypo || isStart) && (best === null || distance < best.distance)) {
      best = { name, distance };
    }
  }
  return best?.name ?? null;
}

/** A user mention as Slack sends it in command text (manifest `should_escape: true`): <@U123ABC|sam>. */
const SLACK_MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;
/** An @name Slack did not turn into a mention: typed without picking from Slack's list, or not escaped. */
const PLAIN_MENTION = /(^|\s)(@[^\s<>]+)/u;

export type NamedColleague =
  | { kind: 'user'; userId: string }
  /** Text like `@Sam` that names nobody Koers can tell. */
  | { kind: 'unknown'; text: string };

/**
 * The arguments of `/project ik-ben LIBRARY [@colleague]`: the library query and, when someone is named,
 * who. The text stays as Slack sends it, `&`, `<` and `>` escaped as `&amp;`, `&lt;` and `&gt;`; the
 * query gets them back.
 */
export function parseIamArgs(args: string): { query: string; colleague: NamedColleague | null } {
  const mentioned = [...args.matchAll(SLACK_MENTION)].map((match) => match[1]!);
  const rest = args.replace(SLACK_MENTION, ' ');
  const plain = PLAIN_MENTION.exec(rest);
  const query = rest
    .replace(PLAIN_MENTION, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim()
    .replace(/\s+/g, ' ');
  if (mentioned[0]) return { query, colleague: { kind: 'user', userId: mentioned[0] } };
  if (plain) return { query, colleague: { kind: 'unknown', text: plain[2]! } };
  return { query, colleague: null };
}
