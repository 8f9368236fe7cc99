/**
 * Maps an unknown word to the closest word the model knows (Damerau–Levenshtein, optimal
 * string alignment), so "invoce", "dashbaord" and "manger" reach their features. Only words
 * outside the vocabulary are touched; results are cached per corrector.
 * Looked at: natural's LevenshteinDistance/DamerauLevenshteinDistance (no vocabulary search,
 * and importing natural loads dotenv — shared/FACTS.md) and the symspell npm ports (unmaintained,
 * dictionary-file based), so this is a small hand-written one.
 */
export class TypoCorrector {
  private readonly vocabulary: Map<string, number>;
  /** SymSpell's idea (Wolf Garbe): index every word by its deletions, so a lookup is a few map hits, not a vocabulary scan. */
  private readonly byDeletion = new Map<string, string[]>();
  private readonly cache = new Map<string, string>();

  constructor(wordCounts: Map<string, number>) {
    this.vocabulary = wordCounts;
    for (const word of wordCounts.keys()) {
      if (word.length < 4 || /\d/.test(word)) continue;
      for (const variant of deletions(word, 2)) {
        const list = this.byDeletion.get(variant);
        if (list) list.push(word);
        else this.byDeletion.set(variant, [word]);
      }
    }
  }

  has(word: string): boolean {
    return this.vocabulary.has(word);
  }

  correct(word: string): string {
    if (this.vocabulary.has(word) || word.length < 4 || word.length > 30 || /\d/.test(word)) return word;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const maxDistance = word.length >= 8 ? 2 : 1;
    let best = word;
    let bestDistance = maxDistance + 1;
    let bestCount = 0;
    const seen = new Set<string>();
    for (const variant of deletions(word, maxDistance)) {
      for (const candidate of this.byDeletion.get(variant) ?? []) {
        if (seen.has(candidate)) continue;
        seen.add(candidate);
        // A short word is rarely mistyped in its first letter, and one edit away from a short
        // word is usually another real word ("hard" is not "card", "well" not "sell").
        if (word.length < 6 && candidate[0] !== word[0]) continue;
        // limit bestDistance + 1: a result equal to bestDistance is then a real tie, not an early exit.
        const d = editDistance(word, candidate, bestDistance + 1);
        if (d > maxDistance) continue;
        const count = this.vocabulary.get(candidate) ?? 0;
        if (d < bestDistance || (d === bestDistance && count > bestCount)) {
          best = candidate;
          bestDistance = d;
          bestCount = count;
        }
      }
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(word, best);
    return best;
  }
}

/** The word and every string made by deleting up to `depth` characters from it. */
function deletions(word: string, depth: number): Set<string> {
  const out = new Set<string>([word]);
  let frontier = [word];
  for (let d = 0; d < depth; d++) {
    const next: string[] = [];
    for (const w of frontier) {
      for (let i = 0; i < w.length; i++) {
        const v = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(v)) {
          out.add(v);
          next.push(v);
        }
      }
    }
    frontier = next;
  }
  return out;
}

/** Optimal-string-alignment distance; returns `limit` early once every path exceeds it. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  const width = b.length + 1;
  // Three rolling rows in one reused buffer: no allocation per call (this runs per unknown word × vocabulary).
  if (rows.length < width * 3) rows = new Int32Array(width * 3);
  let prevPrev = 0;
  let prev = width;
  let row = width * 2;
  for (let j = 0; j < width; j++) rows[prev + j] = j;
  for (let i = 1; i <= a.length; i++) {
    rows[row] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < width; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(
        (rows[prev + j] as number) + 1,
        (rows[row + j - 1] as number) + 1,
        (rows[prev + j - 1] as number) + (ai === bj ? 0 : 1),
      );
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj)
        v = Math.min(v, (rows[prevPrev + j - 2] as number) + 1);
      rows[row + j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= limit) return limit;
    const t = prevPrev;
    prevPrev = prev;
    prev = row;
    row = t;
  }
  return rows[prev + b.length] as number;
}

let rows = new Int32Array(96);
