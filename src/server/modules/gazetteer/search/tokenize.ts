/**
 * Our own tokens for the FTS5 index (SQLite cannot call a JavaScript tokenizer, so we tokenize here and hand FTS5 a
 * string its built-in `ascii` tokenizer splits on spaces).
 *
 * Every code point of the search text starts exactly one token: the bigram of it and the next code point, or, for the
 * last one, the code point alone (the end-of-run token). Token position = code-point index, so
 * - a query of 1 code point is the prefix query `c*` (every token starting with c is an occurrence of c);
 * - a query of k ≥ 2 code points is the phrase of its k − 1 overlapping bigrams, which matches exactly where the query
 *   occurs.
 * Each code point is written as 4 base-36 digits (0x10FFFF < 36⁴): fixed width keeps prefixes unambiguous, and the
 * alphabet [0-9a-z] passes through the `ascii` tokenizer untouched (no case folding, no separators).
 */

const WIDTH = 4;
const bmpCodes: (string | undefined)[] = new Array(0x10000);

/** The 4-character token code of one code point. */
export function encodeCodePoint(cp: number): string {
  if (cp < 0x10000) {
    const cached = bmpCodes[cp];
    if (cached !== undefined) return cached;
    const code = cp.toString(36).padStart(WIDTH, '0');
    bmpCodes[cp] = code;
    return code;
  }
  return cp.toString(36).padStart(WIDTH, '0');
}

function toCodePoints(text: string): number[] {
  const cps: number[] = [];
  for (const ch of text) cps.push(ch.codePointAt(0) as number);
  return cps;
}

/** The token string FTS5 indexes for a search text (empty text → empty string). */
export function tokenizeSearchText(text: string): string {
  const codes = toCodePoints(text).map(encodeCodePoint);
  const tokens: string[] = new Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const next = codes[i + 1];
    tokens[i] = next === undefined ? (codes[i] as string) : (codes[i] as string) + next;
  }
  return tokens.join(' ');
}

/**
 * The FTS5 query for one search term (already stripped and folded like the text): a prefix query for one code point,
 * a bigram phrase otherwise. The result only contains [0-9a-z* "], so it is safe to splice into a MATCH expression.
 */
export function buildTermMatch(term: string): string {
  const codes = toCodePoints(term).map(encodeCodePoint);
  if (codes.length === 0) throw new Error('empty search term');
  if (codes.length === 1) return `${codes[0] as string}*`;
  const bigrams: string[] = [];
  for (let i = 0; i + 1 < codes.length; i++) bigrams.push((codes[i] as string) + (codes[i + 1] as string));
  return `"${bigrams.join(' ')}"`;
}
