/** Which page anchor a display offset falls on: the last anchor at or before it (null before the first). Pure. */
export function findAnchorAt<T extends { offset: number }>(anchors: readonly T[], offset: number): T | null {
  let found: T | null = null;
  for (const a of anchors) {
    if (a.offset <= offset) found = a;
    else break;
  }
  return found;
}
