/** Snippets cut from the unfolded search text (original glyphs, line breaks and indentation removed). */
import type { Snippet } from './search-index.ts';

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Moves `index` off the middle of a surrogate pair (towards the outside of the window). */
function alignStart(text: string, index: number): number {
  return index > 0 && isLowSurrogate(text.charCodeAt(index)) ? index - 1 : index;
}

function alignEnd(text: string, index: number): number {
  return index < text.length && isLowSurrogate(text.charCodeAt(index)) ? index + 1 : index;
}

/** `chars` UTF-16 units of context each side of `[start, start + length)` in `plain`, never splitting a character. */
export function cutSnippet(plain: string, start: number, length: number, chars: number): Snippet {
  const from = alignStart(plain, Math.max(0, start - chars));
  const to = alignEnd(plain, Math.min(plain.length, start + length + chars));
  return {
    before: plain.slice(from, start),
    match: plain.slice(start, start + length),
    after: plain.slice(start + length, to),
  };
}
