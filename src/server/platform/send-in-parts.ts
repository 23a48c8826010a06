/**
 * Handing a large batch to another thread without holding the event loop: `postMessage` copies a message on the
 * sending thread, so a book's sections go in parts of about `PART_CHARS` characters with a yield to the event loop
 * after each. Used by the search index's pool (`gazetteer/search/worker-pool.ts`) and the book-rows thread
 * (`gazetteer/book-rows-writer.ts`).
 */

/** Characters per part: well under a millisecond of copying each. */
export const PART_CHARS = 64_000;

/**
 * Calls `send` with consecutive parts of `items` whose `weight`s add up to about `partChars` (a part closes once it
 * reaches it, so an item heavier than that closes the part it lands in), yielding to the event loop after each full part. The
 * last part, possibly smaller, is sent without a yield after it. When `stop` returns true after a yield, no more parts
 * are sent and the result is null; otherwise it is the number of parts sent (0 for no items).
 */
export async function sendInParts<T>(
  items: Iterable<T>,
  weight: (item: T) => number,
  send: (part: T[]) => void,
  options: { partChars?: number; stop?: () => boolean } = {},
): Promise<number | null> {
  const partChars = options.partChars ?? PART_CHARS;
  let parts = 0;
  let part: T[] = [];
  let chars = 0;
  for (const item of items) {
    part.push(item);
    chars += weight(item);
    if (chars >= partChars) {
      send(part);
      parts++;
      part = [];
      chars = 0;
      await new Promise((resolve) => setImmediate(resolve));
      if (options.stop?.()) return null;
    }
  }
  if (part.length > 0) {
    send(part);
    parts++;
  }
  return parts;
}
