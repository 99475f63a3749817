/**
 * Forgiving lookup of projects and libraries by what someone typed after a slash command.
 * Stronger kinds of hit win: an exact name beats a prefix, a prefix beats a substring,
 * so `crm` finds the idea "CRM" rather than also offering "Social CRM". Among exact hits the key (slug
 * or code) beats a name and a name beats an alias, so the example a list of candidates gives always works.
 */

import { drain, type IndexedItem, MAX_COMPARED_LENGTH, type Matchable, MatchIndex } from './matchIndex.js';
import type { Library, Project } from './programme.js';
import { normalizeForMatch, slugify } from './text.js';

export type { Matchable } from './matchIndex.js';

export type MatchResult<T> =
  | { kind: 'one'; item: T }
  | { kind: 'many'; items: T[] }
  | { kind: 'none'; suggestions: T[] };

const MAX_SUGGESTIONS = 3;

export function findMatches<T>(
  items: readonly T[],
  query: string,
  toMatchable: (item: T) => Matchable,
): MatchResult<T> {
  const normalizedQuery = normalizeForMatch(query);
  if (normalizedQuery === '') return { kind: 'none', suggestions: [] };

  const index = indexOf(items, toMatchable);
  // Match levels, strongest first: the first level with any hit decides the result.
  for (const level of ['exact', 'prefix', 'substring'] as const) {
    let hits = index[level](normalizedQuery);
    if (level === 'exact' && hits.length > 1) {
      // A slug (or a name) typed exactly always reaches its item, whatever else is called the same.
      const decided = index.exactByKeyOrName(normalizedQuery);
      if (decided.length === 1) hits = decided;
    }
    if (hits.length === 1) return { kind: 'one', item: index.items[hits[0]!]!.item };
    if (hits.length > 1) return { kind: 'many', items: byName(index.items, hits).map((hit) => hit.item) };
  }
  return { kind: 'none', suggestions: suggest(index, normalizedQuery) };
}

/**
 * Does the costly part of `findMatches(items, query, toMatchable)` in steps, yielding between them (see
 * `drain`): indexing the list (once per list) and, for a query nothing matches, the search for the
 * closest items (kept for the next few such queries). `findMatches` then finds it done. Whoever answers
 * many requests drives this between them, so one slow query on a large programme holds up no other.
 */
export function* prepareMatches<T>(
  items: readonly T[],
  query: string,
  toMatchable: (item: T) => Matchable,
): Generator<void, void, void> {
  const normalizedQuery = normalizeForMatch(query);
  if (normalizedQuery === '') return;
  let index = knownIndex(items, toMatchable);
  if (!index) {
    index = yield* MatchIndex.ofSteps(items, toMatchable);
    // Another caller may have built one meanwhile: the first one kept serves everyone.
    index = knownIndex(items, toMatchable) ?? remember(items, toMatchable, index);
  }
  if (index.exact(normalizedQuery).length > 0 || index.prefix(normalizedQuery).length > 0) return;
  yield* index.gramIndexSteps();
  if (index.substring(normalizedQuery).length > 0) return;
  yield* suggestSteps(index, normalizedQuery);
}

export function* prepareProjectMatches(projects: Project[], query: string): Generator<void, void, void> {
  yield* prepareMatches(projects, query, projectMatchable);
}

export function* prepareLibraryMatches(libraries: Library[], query: string): Generator<void, void, void> {
  yield* prepareMatches(libraries, query, libraryMatchable);
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

/**
 * The projects an idea titled `title` would be taken for: the same name, or the slug the title makes.
 * Approving it still makes a project of its own (with `-2`), so people are warned rather than refused.
 */
export function projectsNamedLike(projects: readonly Project[], title: string): Project[] {
  const name = normalizeForMatch(title);
  if (name === '') return [];
  const slug = slugify(title);
  return projects.filter((project) => normalizeForMatch(project.name) === name || project.slug === slug);
}

export function findLibrary(libraries: Library[], query: string): MatchResult<Library> {
  return findMatches(libraries, query, libraryMatchable);
}

/**
 * A programme snapshot's lists live until the next import and are asked again and again: each list is
 * indexed once per mapping function. A list built for one call (a select's options) is indexed for that call.
 */
const indexes = new WeakMap<
  readonly unknown[],
  { toMatchable: unknown; length: number; index: MatchIndex<unknown> }
>();

function indexOf<T>(items: readonly T[], toMatchable: (item: T) => Matchable): MatchIndex<T> {
  return knownIndex(items, toMatchable) ?? remember(items, toMatchable, MatchIndex.of(items, toMatchable));
}

function knownIndex<T>(items: readonly T[], toMatchable: (item: T) => Matchable): MatchIndex<T> | null {
  const known = indexes.get(items);
  if (known && known.toMatchable === toMatchable && known.length === items.length) {
    return known.index as MatchIndex<T>;
  }
  return null;
}

function remember<T>(
  items: readonly T[],
  toMatchable: (item: T) => Matchable,
  index: MatchIndex<T>,
): MatchIndex<T> {
  indexes.set(items, { toMatchable, length: items.length, index });
  return index;
}

/** The closest items' positions found for the last queries nothing matched, per index. */
const suggestionsFound = new WeakMap<MatchIndex<unknown>, Map<string, number[]>>();
/** Enough for the queries being answered at once, and a query asked again soon after. */
const SUGGESTIONS_KEPT = 256;

/**
 * The closest items to a query nothing matched, for a "did you mean". Each item is measured against
 * its whole names and against each word cut to the query's length, so a typo in the start of a word
 * ("efect") still lands near "Effectmeting".
 */
function suggest<T>(index: MatchIndex<T>, query: string): T[] {
  return drain(suggestSteps(index, query)).map((position) => index.items[position]!.item);
}

/** `suggest` in steps (see `drain`): the positions of the closest items, kept for the next asking. */
function* suggestSteps<T>(index: MatchIndex<T>, query: string): Generator<void, number[], void> {
  let found = suggestionsFound.get(index);
  const known = found?.get(query);
  if (known) return known;
  const clipped = Array.from(query).slice(0, MAX_COMPARED_LENGTH);
  // Beyond this the query is unrelated. A distance equal to the query's length means not one
  // character was kept, which for one- or two-letter queries would otherwise suggest anything.
  const maxDistance = Math.min(Math.max(2, Math.floor(clipped.length * 0.4)), clipped.length - 1);
  if (maxDistance < 0) return [];

  const distances = yield* index.closestSteps(clipped, maxDistance, MAX_SUGGESTIONS);
  const positions = [...distances.keys()]
    .sort((a, b) => a - b)
    .map((position) => ({ position, distance: distances.get(position)! }))
    .sort(
      (a, b) => a.distance - b.distance || compareNames(index.items[a.position]!, index.items[b.position]!),
    )
    .slice(0, MAX_SUGGESTIONS)
    .map(({ position }) => position);
  found ??= new Map();
  suggestionsFound.set(index, found);
  found.set(query, positions);
  if (found.size > SUGGESTIONS_KEPT) found.delete(found.keys().next().value as string);
  return positions;
}

/** The hits in the list's order, then sorted by name (the sort is stable). */
function byName<T>(items: IndexedItem<T>[], positions: number[]): IndexedItem<T>[] {
  return [...positions]
    .sort((a, b) => a - b)
    .map((position) => items[position]!)
    .sort(compareNames);
}

const dutchCollator = new Intl.Collator('nl');

function compareNames(a: IndexedItem<unknown>, b: IndexedItem<unknown>): number {
  return dutchCollator.compare(a.name, b.name);
}
