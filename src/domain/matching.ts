/**
 * Forgiving lookup of projects and libraries by what someone typed after a slash command.
 * Stronger kinds of hit win: an exact name beats a prefix, a prefix beats a substring,
 * so `crm` finds the idea "CRM" rather than also offering "Social CRM".
 */

import type { Library, Project } from './programme.js';
import { levenshtein, normalizeForMatch } from './text.js';

/** What the matcher compares; key is a project slug or a library code. */
export interface Matchable {
  key: string;
  name: string;
  aliases: string[];
}

export type MatchResult<T> =
  | { kind: 'one'; item: T }
  | { kind: 'many'; items: T[] }
  | { kind: 'none'; suggestions: T[] };

const MAX_SUGGESTIONS = 3;
/** Edit distance is quadratic; names are short, so longer text only makes garbage more expensive. */
const MAX_COMPARED_LENGTH = 100;

/** Match levels, strongest first; the first level with any hit decides the result. */
const EXACT = 0;
const PREFIX = 1;
const SUBSTRING = 2;

interface Candidate<T> {
  item: T;
  name: string;
  /** Normalized key, name and aliases. */
  terms: string[];
  /** Normalized name and aliases: the key is an identifier, too terse for substring hits. */
  labels: string[];
  words: string[];
}

export function findMatches<T>(
  items: T[],
  query: string,
  toMatchable: (item: T) => Matchable,
): MatchResult<T> {
  const normalizedQuery = normalizeForMatch(query);
  if (normalizedQuery === '') return { kind: 'none', suggestions: [] };

  const candidates = items.map((item) => candidateOf(item, toMatchable));
  const levels = candidates.map((candidate) => matchLevel(candidate, normalizedQuery));
  const best = Math.min(...levels.filter((level): level is number => level !== null));
  const hits = candidates.filter((_, index) => levels[index] === best);

  if (hits.length === 1) return { kind: 'one', item: hits[0]!.item };
  if (hits.length > 1) return { kind: 'many', items: byName(hits).map((hit) => hit.item) };
  return { kind: 'none', suggestions: suggest(candidates, normalizedQuery) };
}

const projectMatchable = (project: Project): Matchable => ({
  key: project.slug,
  name: project.name,
  aliases: project.aliases,
});
const libraryMatchable = (library: Library): Matchable => ({
  key: library.code,
  name: library.name,
  aliases: library.aliases,
});

export function findProject(projects: Project[], query: string): MatchResult<Project> {
  return findMatches(projects, query, projectMatchable);
}

export function findLibrary(libraries: Library[], query: string): MatchResult<Library> {
  return findMatches(libraries, query, libraryMatchable);
}

/**
 * Normalising a thousand names costs milliseconds, and the programme snapshot's objects live until the
 * next import: each item's normalised terms are computed once per item and mapping function.
 */
const candidateCache = new WeakMap<(item: never) => Matchable, WeakMap<object, Candidate<unknown>>>();

function candidateOf<T>(item: T, toMatchable: (item: T) => Matchable): Candidate<T> {
  if (typeof item !== 'object' || item === null) return toCandidate(item, toMatchable(item));
  let perItem = candidateCache.get(toMatchable as (item: never) => Matchable);
  if (!perItem) {
    perItem = new WeakMap();
    candidateCache.set(toMatchable as (item: never) => Matchable, perItem);
  }
  let candidate = perItem.get(item) as Candidate<T> | undefined;
  if (!candidate) {
    candidate = toCandidate(item, toMatchable(item));
    perItem.set(item, candidate);
  }
  return candidate;
}

function toCandidate<T>(item: T, matchable: Matchable): Candidate<T> {
  const labels = [matchable.name, ...matchable.aliases].map(normalizeForMatch).filter(Boolean);
  const terms = [normalizeForMatch(matchable.key), ...labels].filter(Boolean);
  return { item, name: matchable.name, terms, labels, words: terms.flatMap(splitWords) };
}

function matchLevel(candidate: Candidate<unknown>, query: string): number | null {
  const compactQuery = withoutSpaces(query);
  if (candidate.terms.some((term) => term === query || withoutSpaces(term) === compactQuery)) return EXACT;

  const queryWords = splitWords(query);
  const everyWordStartsOne = queryWords.every((queryWord) =>
    candidate.words.some((word) => word.startsWith(queryWord)),
  );
  if (everyWordStartsOne || candidate.terms.some((term) => term.startsWith(query))) return PREFIX;

  if (candidate.labels.some((label) => label.includes(query))) return SUBSTRING;
  return null;
}

/**
 * The closest candidates to a query nothing matched, for a "did you mean". Each candidate is
 * measured against its whole names and against each word cut to the query's length, so a typo
 * in the start of a word ("efect") still lands near "Effectmeting".
 */
function suggest<T>(candidates: Candidate<T>[], query: string): T[] {
  const clipped = clip(query);
  const queryLength = Array.from(clipped).length;
  // Beyond this the query is unrelated. A distance equal to the query's length means not one
  // character was kept, which for one- or two-letter queries would otherwise suggest anything.
  const maxDistance = Math.min(Math.max(2, Math.floor(queryLength * 0.4)), queryLength - 1);

  const scored = candidates.map((candidate) => {
    const targets = [...candidate.terms, ...candidate.words.map((word) => clip(word, queryLength))];
    return { candidate, distance: Math.min(...targets.map((target) => levenshtein(clipped, clip(target)))) };
  });
  return scored
    .filter(({ distance }) => distance <= maxDistance)
    .sort((a, b) => a.distance - b.distance || compareNames(a.candidate, b.candidate))
    .slice(0, MAX_SUGGESTIONS)
    .map(({ candidate }) => candidate.item);
}

function splitWords(normalized: string): string[] {
  return normalized.split(' ').filter(Boolean);
}

function withoutSpaces(normalized: string): string {
  return normalized.replaceAll(' ', '');
}

/** The first `length` code points of the text. */
function clip(text: string, length = MAX_COMPARED_LENGTH): string {
  return Array.from(text).slice(0, length).join('');
}

function byName<T>(candidates: Candidate<T>[]): Candidate<T>[] {
  return [...candidates].sort(compareNames);
}

function compareNames(a: Candidate<unknown>, b: Candidate<unknown>): number {
  return a.name.localeCompare(b.name, 'nl');
}
