/**
 * A large result of an isolated job, carried in parts (see run-isolated.ts).
 *
 * `v8.deserialize` reads a value whole: a parsed book of 6.9 M characters (a 19 MB text upload) held the server's event
 * loop for 177 ms as it arrived. A job that returns `inParts(value, path)` names the long array in its result (a book's
 * sections); the child serializes the rest of the value as a head and the array's items one by one, sends them in
 * parts of about `PART_BYTES`, and the server reads one part per turn of its event loop. Both sides are here, so the
 * rules of the format are written once; neither does I/O.
 *
 * A job may also name a string field of the items (`joined`: a section's text). The field's strings of a part then
 * travel as one string, and each item gets a slice of it: V8 keeps a string over 128 KB out of the young generation and
 * a slice is a small object pointing into it, so the receiving thread's scavenges no longer copy a book's text (they
 * held the event loop 40–70 ms during ingests; docs/search-benchmark.md, stop 24).
 */
import { deserialize, serialize } from 'node:v8';

/** Serialized bytes of items per message and per turn of the receiving event loop (about 10 ms of reading). */
export const PART_BYTES = 1024 * 1024;

const MARK = '__isolateResultInParts';

/** What a job returns to have `value` carried in parts: the array at `path` (property names from the top) is split. */
export interface InParts<T> {
  readonly [MARK]: readonly string[];
  readonly value: T;
  /** A string field of the items whose strings travel joined, one string per part. */
  readonly joined?: string;
}

export function inParts<T>(value: T, path: readonly string[], options: { joined?: string } = {}): InParts<T> {
  if (path.length === 0) throw new Error('inParts needs the path of an array within the value');
  return { [MARK]: path, value, ...(options.joined ? { joined: options.joined } : {}) } as InParts<T>;
}

/** Leads every part: the joined field's name, its strings joined, and each item's length (-1: not a string). */
interface PartHeader {
  field: string | null;
  text: string;
  lengths: number[];
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
  const field = result.joined ?? null;
  const parts: Uint8Array[][] = [];
  let bytes = head.byteLength;
  let part: Uint8Array[] = [];
  let texts: string[] = [];
  let lengths: number[] = [];
  let size = 0;
  const flush = () => {
    const header = serialize({ field, text: texts.join(''), lengths } satisfies PartHeader);
    bytes += header.byteLength;
    parts.push([header, ...part]);
    part = [];
    texts = [];
    lengths = [];
    size = 0;
  };
  for (const item of items) {
    const value = field && typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[field] : null;
    let one: Uint8Array;
    if (field && typeof value === 'string') {
      texts.push(value);
      lengths.push(value.length);
      size += value.length * 2;
      one = serialize({ ...(item as Record<string, unknown>), [field]: undefined });
    } else {
      lengths.push(-1);
      one = serialize(item);
    }
    part.push(one);
    size += one.byteLength;
    bytes += one.byteLength;
    if (size >= partBytes) flush();
  }
  if (part.length > 0) flush();
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
    const header = deserialize(part[0] as Uint8Array) as PartHeader;
    if (typeof header?.text !== 'string' || !Array.isArray(header.lengths))
      throw new Error('a part without its header');
    let at = 0;
    for (let i = 1; i < part.length; i++) {
      const item = deserialize(part[i] as Uint8Array) as Record<string, unknown>;
      const length = header.lengths[i - 1] ?? -1;
      if (header.field && length >= 0) {
        item[header.field] = header.text.slice(at, at + length);
        at += length;
      }
      items.push(item);
    }
  }
  return value;
}
