/**
 * A large result of an isolated job, carried in parts (see run-isolated.ts).
 *
 * `v8.deserialize` reads a value whole: a parsed book of 6.9 M characters (a 19 MB text upload) held the server's event
 * loop for 177 ms as it arrived. A job that returns `inParts(value, path)` names the long array in its result (a book's
 * sections); the child serializes the rest of the value as a head and the array's items one by one, sends them in
 * parts of about `PART_BYTES`, and the server reads one part per turn of its event loop. Both sides are here, so the
 * rules of the format are written once; neither does I/O.
 */
import { deserialize, serialize } from 'node:v8';

/** Serialized bytes of items per message and per turn of the receiving event loop (about 10 ms of reading). */
export const PART_BYTES = 1024 * 1024;

const MARK = '__isolateResultInParts';

/** What a job returns to have `value` carried in parts: the array at `path` (property names from the top) is split. */
export interface InParts<T> {
  readonly [MARK]: readonly string[];
  readonly value: T;
}

export function inParts<T>(value: T, path: readonly string[]): InParts<T> {
  if (path.length === 0) throw new Error('inParts needs the path of an array within the value');
  return { [MARK]: path, value } as InParts<T>;
}

function isInParts(result: unknown): result is InParts<unknown> {
  return typeof result === 'object' && result !== null && Array.isArray((result as Record<string, unknown>)[MARK]);
}

/** The object holding the array at `path`, and its key there. */
function arrayAt(value: unknown, path: readonly string[]): { holder: Record<string, unknown>; key: string } {
  let holder = value as Record<string, unknown>;
  for (const name of path.slice(0, -1)) holder = holder?.[name] as Record<string, unknown>;
  const key = path[path.length - 1] as string;
  if (typeof holder !== 'object' || holder === null || !Array.isArray(holder[key]))
    throw new Error(`no array at ${path.join('.')} in the isolated result`);
  return { holder, key };
}

export interface SerializedResult {
  /** The value, with the parted array empty when there is one. */
  head: Uint8Array;
  /** Where the parted array belongs; absent when the result travels whole. */
  path?: readonly string[];
  /** Each item serialized alone, grouped into parts of about `PART_BYTES`. */
  parts: Uint8Array[][];
  /** Head and parts together: what the output cap is checked against. */
  bytes: number;
}

/** The child's side: the result serialized, split when the job asked for it. */
export function serializeResult(result: unknown, partBytes = PART_BYTES): SerializedResult {
  if (!isInParts(result)) {
    const head = serialize(result);
    return { head, parts: [], bytes: head.byteLength };
  }
  const path = result[MARK];
  const { holder, key } = arrayAt(result.value, path);
  const items = holder[key] as unknown[];
  holder[key] = [];
  const head = serialize(result.value);
  holder[key] = items;
  const parts: Uint8Array[][] = [];
  let part: Uint8Array[] = [];
  let size = 0;
  let bytes = head.byteLength;
  for (const item of items) {
    const one = serialize(item);
    part.push(one);
    size += one.byteLength;
    bytes += one.byteLength;
    if (size >= partBytes) {
      parts.push(part);
      part = [];
      size = 0;
    }
  }
  if (part.length > 0) parts.push(part);
  return { head, path, parts, bytes };
}

/**
 * The server's side: the head read, then the parted array filled one part at a time, `pause` awaited between parts (the
 * caller's turn of the event loop). Throws when the bytes do not read back (the caller turns that into a Chinese error).
 */
export async function deserializeResult(
  head: Uint8Array,
  path: readonly string[] | undefined,
  parts: readonly (readonly Uint8Array[])[],
  pause: () => Promise<void>,
): Promise<unknown> {
  const value = deserialize(head) as unknown;
  if (!path) return value;
  const { holder, key } = arrayAt(value, path);
  const items = holder[key] as unknown[];
  for (const part of parts) {
    await pause();
    for (const one of part) items.push(deserialize(one));
  }
  return value;
}
