/**
 * The lookup tables behind `findMatches`, built once per list of items (a programme snapshot's projects or
 * libraries) so that a query costs in proportion to what it matches, not to the size of the programme:
 * a thousand projects scanned with edit distances cost tens of milliseconds per query nobody asked before.
 */

import { boundedEditDistance, normalizeForMatch } from './text.js';

/** What the matcher compares; key is a project slug or a library code. */
export interface Matchable {
  key: string;
  name: string;
  aliases: string[];
}

/** Edit distance is quadratic; names are short, so longer text only makes garbage more expensive. */
export const MAX_COMPARED_LENGTH = 100;

/** Substring hits are looked up by the rarest run of this many UTF-16 units of the query. */
const GRAM = 3;

/**
 * Items indexed, or postings compared, between two yields of the stepwise methods: well under a
 * millisecond of work, so a caller driving them can let other requests run between steps.
 */
const STEP = 200;

/**
 * Runs a stepwise computation to its end at once. The `…Steps` generators yield between slices of
 * their work and return the result; a caller with other work to interleave drives them itself.
 */
export function drain<R>(steps: Generator<void, R, void>): R {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

export interface IndexedItem<T> {
  item: T;
  name: string;
}

/** A normalised text and the positions (in the item list) of the items that have it. */
interface Posting {
  text: string;
  /** The text's first MAX_COMPARED_LENGTH code points as numbers of the index's alphabet, for edit distances. */
  characters: Uint32Array;
  positions: number[];
}

export class MatchIndex<T> {
  readonly items: IndexedItem<T>[] = [];
  /** Key, name and aliases without spaces → items: exact hits. */
  private readonly compactTerms = new Map<string, number[]>();
  /** The key alone, and the name alone, without spaces → items: which exact hit wins when several do. */
  private readonly compactKeys = new Map<string, number[]>();
  private readonly compactNames = new Map<string, number[]>();
  /** Distinct normalised terms and words, sorted by UTF-16 unit, so the ones with a prefix are a range. */
  private sortedTerms: Posting[] = [];
  private sortedWords: Posting[] = [];
  /**
   * The same postings by their length in code points (at most MAX_COMPARED_LENGTH): a search for names
   * within a distance of a query only looks at the lengths that can be that close.
   */
  private termsByLength: Posting[][] = [];
  private wordsByLength: Posting[][] = [];
  /** Every code point of the terms → a number from 1; 0 stands for any other (one only a query has). */
  private readonly alphabet = new Map<string, number>();
  /** Name and aliases (the key is too terse for substring hits), and each of their trigrams → labels. */
  private readonly labels: { text: string; position: number }[] = [];
  /** Built when a query first reaches the substring level: most queries are decided before it. */
  private labelsByGram: Map<string, number[]> | null = null;

  private constructor() {}

  /** The index of `list`, built at once. */
  static of<T>(list: readonly T[], toMatchable: (item: T) => Matchable): MatchIndex<T> {
    return drain(MatchIndex.ofSteps(list, toMatchable));
  }

  /** The same, built in steps (see `drain`): a programme of tens of thousands of projects takes a while. */
  static *ofSteps<T>(
    list: readonly T[],
    toMatchable: (item: T) => Matchable,
  ): Generator<void, MatchIndex<T>, void> {
    const index = new MatchIndex<T>();
    const terms = new Map<string, number[]>();
    const words = new Map<string, number[]>();
    for (let position = 0; position < list.length; position++) {
      if (position % STEP === STEP - 1) yield;
      const item = list[position]!;
      const matchable = toMatchable(item);
      const labels = unique([matchable.name, ...matchable.aliases].map(normalizeForMatch).filter(Boolean));
      const itemTerms = unique([normalizeForMatch(matchable.key), ...labels].filter(Boolean));
      addTo(index.compactKeys, withoutSpaces(normalizeForMatch(matchable.key)), position);
      addTo(index.compactNames, withoutSpaces(normalizeForMatch(matchable.name)), position);
      for (const term of itemTerms) {
        addTo(terms, term, position);
        addTo(index.compactTerms, withoutSpaces(term), position);
        for (const word of splitWords(term)) addTo(words, word, position);
      }
      for (const label of labels) index.labels.push({ text: label, position });
      index.items.push({ item, name: matchable.name });
    }
    yield;
    index.sortedTerms = sortedPostings(terms);
    yield;
    index.sortedWords = sortedPostings(words);
    index.termsByLength = yield* index.byLengthSteps(index.sortedTerms);
    index.wordsByLength = yield* index.byLengthSteps(index.sortedWords);
    return index;
  }

  /** Items with a term equal to the query, spaces ignored. */
  exact(query: string): number[] {
    return this.compactTerms.get(withoutSpaces(query)) ?? [];
  }

  /**
   * Of several exact hits, the one whose key (slug, code) is the query, else the one whose name is: an
   * approved idea named like a project gets the slug `name-2`, and `name` must still reach the first one.
   */
  exactByKeyOrName(query: string): number[] {
    const compact = withoutSpaces(query);
    const byKey = this.compactKeys.get(compact) ?? [];
    return byKey.length > 0 ? byKey : (this.compactNames.get(compact) ?? []);
  }

  /** Items where every word of the query starts a word, or a whole term starts with the query. */
  prefix(query: string): number[] {
    let everyWord: Set<number> | null = null;
    for (const queryWord of splitWords(query)) {
      const starting = new Set<number>();
      for (const posting of withPrefix(this.sortedWords, queryWord)) {
        for (const position of posting.positions) {
          if (!everyWord || everyWord.has(position)) starting.add(position);
        }
      }
      everyWord = starting;
      if (everyWord.size === 0) break;
    }
    const hits = new Set(everyWord);
    for (const posting of withPrefix(this.sortedTerms, query)) {
      for (const position of posting.positions) hits.add(position);
    }
    return [...hits];
  }

  /** Items with a name or alias containing the query. */
  substring(query: string): number[] {
    const hits = new Set<number>();
    for (const labelIndex of this.labelsThatMayContain(query)) {
      const label = this.labels[labelIndex]!;
      if (label.text.includes(query)) hits.add(label.position);
    }
    return [...hits];
  }

  /**
   * The smallest edit distance, within `maxDistance` of the query, of every item that can be among the
   * `wanted` closest: measured against its whole terms and against each word cut to the query's length.
   * Once `wanted` items are known, the bound tightens to the farthest of them (an item past it ranks
   * after all of them), terms and words whose length alone puts them past it are never compared, and a
   * comparison stops as soon as it cannot come within it.
   */
  closest(query: string[], maxDistance: number, wanted: number): Map<number, number> {
    return drain(this.closestSteps(query, maxDistance, wanted));
  }

  /**
   * `closest` in steps (see `drain`). With 20,000 projects a query meets some 20,000 terms: none is
   * compared whose length alone puts it past the bound, the cheap bag distance rules out most of the
   * rest, and the comparisons use tables made once per query, not per term. Lengths are visited from the
   * query's outwards, so the closest names come early and tighten the bound for the others.
   */
  *closestSteps(
    query: string[],
    maxDistance: number,
    wanted: number,
  ): Generator<void, Map<number, number>, void> {
    const closest = new Map<number, number>();
    const length = Math.min(query.length, MAX_COMPARED_LENGTH);
    const characters = new Uint32Array(length);
    for (let i = 0; i < length; i++) characters[i] = this.alphabet.get(query[i]!) ?? 0;
    const inQuery = new Int32Array(this.alphabet.size + 1);
    for (const character of characters) inQuery[character]!++;
    const scratch: Scratch = {
      used: new Int32Array(this.alphabet.size + 1),
      rows: [new Int32Array(MAX_COMPARED_LENGTH + 1), new Int32Array(MAX_COMPARED_LENGTH + 1)],
    };
    // How many items are known at each distance: the `wanted`-th closest is the bound for the rest.
    const atDistance = new Int32Array(maxDistance + 1);
    let bound = maxDistance;
    const record = (posting: Posting, targetLength: number) => {
      if (bagDistance(length, inQuery, posting.characters, targetLength, scratch.used) > bound) return;
      const distance = boundedEditDistance(
        characters,
        length,
        posting.characters,
        targetLength,
        bound,
        scratch.rows,
      );
      if (distance > bound) return;
      for (const position of posting.positions) {
        const known = closest.get(position);
        if (known !== undefined && distance >= known) continue;
        if (known !== undefined) atDistance[known]!--;
        atDistance[distance]!++;
        closest.set(position, distance);
      }
      if (closest.size < wanted) return;
      for (let d = 0, found = 0; d < bound; d++) {
        found += atDistance[d]!;
        if (found >= wanted) {
          bound = d;
          break;
        }
      }
    };
    let visited = 0;
    // Whole terms, of a length within the bound of the query's.
    for (let offset = 0; offset <= bound; offset++) {
      for (const termLength of offset === 0 ? [length] : [length - offset, length + offset]) {
        for (const posting of this.termsByLength[termLength] ?? []) {
          if (++visited % STEP === 0) yield;
          if (offset > bound) break;
          record(posting, termLength);
        }
      }
    }
    // Words cut to the query's length: the longer ones are cut to it, the shorter within the bound of it.
    for (let wordLength = MAX_COMPARED_LENGTH; wordLength >= length - bound && wordLength > 0; wordLength--) {
      for (const posting of this.wordsByLength[wordLength] ?? []) {
        if (++visited % STEP === 0) yield;
        if (wordLength < length - bound) break;
        record(posting, Math.min(wordLength, length));
      }
    }
    return closest;
  }

  /** The postings by length, after giving each its characters as numbers of the alphabet. */
  private *byLengthSteps(postings: Posting[]): Generator<void, Posting[][], void> {
    const byLength: Posting[][] = [];
    for (let i = 0; i < postings.length; i++) {
      if (i % STEP === STEP - 1) yield;
      const posting = postings[i]!;
      const codePoints = Array.from(posting.text).slice(0, MAX_COMPARED_LENGTH);
      posting.characters = Uint32Array.from(codePoints, (codePoint) => {
        let character = this.alphabet.get(codePoint);
        if (character === undefined) {
          character = this.alphabet.size + 1;
          this.alphabet.set(codePoint, character);
        }
        return character;
      });
      const sameLength = byLength[codePoints.length];
      if (sameLength) sameLength.push(posting);
      else byLength[codePoints.length] = [posting];
    }
    return byLength;
  }

  /** Builds the trigram index of the substring level in steps (see `drain`), if not built yet. */
  *gramIndexSteps(): Generator<void, Map<string, number[]>, void> {
    if (this.labelsByGram) return this.labelsByGram;
    const byGram = new Map<string, number[]>();
    for (let labelIndex = 0; labelIndex < this.labels.length; labelIndex++) {
      if (labelIndex % STEP === STEP - 1) yield;
      const label = this.labels[labelIndex]!;
      for (let start = 0; start + GRAM <= label.text.length; start++) {
        const gram = label.text.slice(start, start + GRAM);
        const list = byGram.get(gram);
        if (!list) byGram.set(gram, [labelIndex]);
        else if (list.at(-1) !== labelIndex) list.push(labelIndex);
      }
    }
    // A drained build finished first would have set it already: keep that one.
    this.labelsByGram ??= byGram;
    return this.labelsByGram;
  }

  private gramIndex(): Map<string, number[]> {
    return drain(this.gramIndexSteps());
  }

  /** The labels holding the query's rarest trigram; every label when the query is shorter than one. */
  private labelsThatMayContain(query: string): Iterable<number> {
    if (query.length < GRAM) return this.labels.keys();
    const byGram = this.gramIndex();
    let rarest: number[] | undefined;
    for (let start = 0; start + GRAM <= query.length; start++) {
      const list = byGram.get(query.slice(start, start + GRAM));
      if (!list) return [];
      if (!rarest || list.length < rarest.length) rarest = list;
    }
    return rarest ?? [];
  }
}

export function splitWords(normalized: string): string[] {
  return normalized.split(' ').filter(Boolean);
}

function withoutSpaces(normalized: string): string {
  return normalized.replaceAll(' ', '');
}

function unique(texts: string[]): string[] {
  return [...new Set(texts)];
}

function addTo(map: Map<string, number[]>, key: string, position: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [position]);
  else if (list.at(-1) !== position) list.push(position);
}

function sortedPostings(map: Map<string, number[]>): Posting[] {
  return [...map]
    .map(([text, positions]): Posting => ({ text, characters: EMPTY, positions }))
    .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
}

const EMPTY = new Uint32Array(0);

/** Tables a search fills and clears again for each name it compares, made once per search. */
interface Scratch {
  /** Per character of the alphabet: how many of the query's the name has matched. */
  used: Int32Array;
  rows: [Int32Array, Int32Array];
}

/**
 * The characters one text has beyond the other, the larger side: one edit changes it by at most one, so
 * it is a lower bound of the edit distance that costs a pass instead of a table. `inSource` counts the
 * source's characters; `used` is all zeros, and is left so.
 */
function bagDistance(
  sourceLength: number,
  inSource: Int32Array,
  target: Uint32Array,
  targetLength: number,
  used: Int32Array,
): number {
  let shared = 0;
  for (let j = 0; j < targetLength; j++) {
    const character = target[j]!;
    if (used[character]! < inSource[character]!) {
      used[character]!++;
      shared++;
    }
  }
  for (let j = 0; j < targetLength; j++) used[target[j]!] = 0;
  return Math.max(targetLength - shared, sourceLength - shared);
}

/** The postings whose text starts with the prefix: a contiguous range of the sorted list. */
function withPrefix(sorted: Posting[], prefix: string): Posting[] {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]!.text < prefix) low = middle + 1;
    else high = middle;
  }
  let end = low;
  while (end < sorted.length && sorted[end]!.text.startsWith(prefix)) end++;
  return sorted.slice(low, end);
}
