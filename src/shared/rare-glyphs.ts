/**
 * Characters that common CJK fonts lack: the CJK Unified Ideographs extensions (A, and B–H in the supplementary planes)
 * and the compatibility supplement. The reader asks the server for a font subset holding exactly these. Pure.
 */
export function isRareCodePoint(cp: number): boolean {
  return (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x323af) || (cp >= 0x2f800 && cp <= 0x2fa1f);
}

/** The distinct rare characters of `text`, in code point order. */
export function rareCharacters(text: string): string[] {
  const found = new Set<number>();
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (cp >= 0x3400 && isRareCodePoint(cp)) found.add(cp);
  }
  return [...found].sort((a, b) => a - b).map((cp) => String.fromCodePoint(cp));
}

/** Most characters one font request may ask for (a 卷 of an old book rarely has more than a hundred). */
export const MAX_GLYPHS_PER_REQUEST = 600;
