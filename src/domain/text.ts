/**
 * Text folding for forgiving matches: what people type in Slack ("ÉHEALTH", "nbc+", "digi-gelet")
 * should meet what the programme calls things ("eHealth", "NBC+", "Digitale geletterdheid").
 */

const COMBINING_MARKS = /\p{M}/gu;
/** Anything that is not a letter or digit in any script: punctuation, symbols, emoji, whitespace. */
const NON_WORD_RUNS = /[^\p{L}\p{N}]+/gu;

/**
 * Lowercases and strips accents, keeping punctuation. Lowercasing comes first because some
 * capitals lowercase into a letter plus a combining mark (İ → i̇), which the strip then removes.
 */
export function foldCaseAndAccents(s: string): string {
  return s.toLowerCase().normalize('NFD').replace(COMBINING_MARKS, '');
}

/** Folds case and accents and turns every run of non-letters into a single space: "NBC+ / Zoek" → "nbc zoek". */
export function normalizeForMatch(s: string): string {
  return foldCaseAndAccents(s).replace(NON_WORD_RUNS, ' ').trim();
}

/**
 * Edit distance by code point (so an emoji counts as one character), keeping only two rows
 * of the table. Callers cap the input length: the cost is the product of both lengths.
 */
export function levenshtein(a: string, b: string): number {
  const source = Array.from(a);
  const target = Array.from(b);
  let previous = Array.from({ length: target.length + 1 }, (_, j) => j);
  let current = new Array<number>(target.length + 1).fill(0);
  for (let i = 1; i <= source.length; i++) {
    current[0] = i;
    for (let j = 1; j <= target.length; j++) {
      const substitution = previous[j - 1]! + (source[i - 1] === target[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  return previous[target.length]!;
}

/**
 * The edit distance of the first `sourceLength` and `targetLength` characters (as numbers, one per code
 * point) of two lists when it is at most `max`, else `max + 1`: a row whose every cell is past `max` can
 * only grow, so the comparison stops there. Same distances as `levenshtein`. The two rows of the table
 * are the caller's, each at least `targetLength + 1` long: a search comparing a query with thousands of
 * names allocates nothing per name, so it leaves the garbage collector nothing to do.
 */
export function boundedEditDistance(
  source: ArrayLike<number>,
  sourceLength: number,
  target: ArrayLike<number>,
  targetLength: number,
  max: number,
  rows: [Int32Array, Int32Array],
): number {
  if (Math.abs(sourceLength - targetLength) > max) return max + 1;
  let [previous, current] = rows;
  for (let j = 0; j <= targetLength; j++) previous[j] = j;
  for (let i = 1; i <= sourceLength; i++) {
    current[0] = i;
    let rowMinimum = i;
    const character = source[i - 1];
    for (let j = 1; j <= targetLength; j++) {
      const substitution = previous[j - 1]! + (character === target[j - 1] ? 0 : 1);
      const cell = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
      current[j] = cell;
      if (cell < rowMinimum) rowMinimum = cell;
    }
    if (rowMinimum > max) return max + 1;
    const done = previous;
    previous = current;
    current = done;
  }
  return Math.min(previous[targetLength]!, max + 1);
}

/** A project slug from a title: "Privacy & Security" → "privacy-security"; at most 60 characters. */
export function slugify(title: string): string {
  return normalizeForMatch(title)
    .replace(/ /g, '-')
    .replace(/[^a-z0-9-]/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/**
 * The bidi controls that reach past their own text: embeddings and overrides (U+202A–U+202E) and
 * isolates (U+2066–U+2069). A project name holding a U+202E would turn around every word after it on
 * the line, Koers's own included. Marks (LRM, RLM) and right-to-left letters stay.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** Text from users or the programme file as it may stand in a sentence of Koers's: without bidi controls. */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
