/**
 * The order of a 资料长编: dated cards by their sort key, undated ones after them, ties by entry; when an editor set
 * an order by hand, that order wins (cards added since come after). Pure.
 */
export function orderEntries<T extends { position: number | null; timeSort: string | null; id: number }>(
  entries: readonly T[],
): T[] {
  return [...entries].sort((a, b) => {
    if (a.position !== null || b.position !== null)
      return (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER) || a.id - b.id;
    if (a.timeSort !== b.timeSort)
      return a.timeSort === null ? 1 : b.timeSort === null ? -1 : a.timeSort < b.timeSort ? -1 : 1;
    return a.id - b.id;
  });
}
