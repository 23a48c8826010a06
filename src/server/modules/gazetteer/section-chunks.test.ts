import { describe, expect, it } from 'vitest';
import {
  advanceCodePoints,
  advanceUtf16,
  chunkRange,
  chunkText,
  encodePiece,
  inflatePiece,
  inflatePieces,
  joinPieces,
  sliceUtf16CodePoints,
  TEXT_CHUNK,
} from './section-chunks.ts';
import { createRandom } from '../../test/fuzz-importers.ts';
import { decodePiece } from '../../test/text-pieces.ts';

/** `count` code points of `text` from code point `from`, as SQL's `substr(text, from + 1, count)` gives them. */
function substr(text: string, from: number, count: number): string {
  return [...text].slice(from, from + count).join('');
}

const ALPHABET = ['山', '水', '\n', '　', 'a', '𠀀', '𪚥', '\uD800', '\uDC00'];

function makeText(next: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[Math.floor(next() * ALPHABET.length)] as string;
  return out;
}

describe('texts in pieces of code points', () => {
  it('cuts pieces of exactly the size (the last shorter), never inside a surrogate pair, that join back', () => {
    const next = createRandom(20261202);
    for (let round = 0; round < 300; round++) {
      const text = makeText(next, Math.floor(next() * 60));
      const size = 1 + Math.floor(next() * 7);
      const pieces = chunkText(text, size);
      expect(pieces.join('')).toBe(text);
      const points = [...text];
      expect(pieces.map((p) => [...p].length)).toEqual(
        Array.from({ length: Math.ceil(points.length / size) }, (_, i) => Math.min(size, points.length - i * size)),
      );
      // A lone surrogate counts as one code point, as `substr` counts the replacement a database stores for it.
      for (let i = 1; i < pieces.length; i++)
        expect(/[\uD800-\uDBFF]$/.test(pieces[i - 1] as string) && /^[\uDC00-\uDFFF]/.test(pieces[i] as string)).toBe(
          false,
        );
    }
    expect(chunkText('')).toEqual([]);
  });

  it('advances by code points as SQL substr counts them', () => {
    const next = createRandom(7);
    for (let round = 0; round < 300; round++) {
      const text = makeText(next, Math.floor(next() * 40));
      const points = [...text];
      const from = Math.floor(next() * (points.length + 3));
      const start = advanceCodePoints(text, 0, from);
      expect(text.slice(0, start)).toBe(points.slice(0, from).join(''));
    }
    expect(advanceCodePoints('𠀀山', 0, 1)).toBe(2);
    expect(advanceCodePoints('𠀀山', 0, 9)).toBe(3);
  });

  it('stores a piece as deflated UTF-16 bytes that give back the same string, lone surrogates too', async () => {
    const next = createRandom(20261204);
    const texts: string[] = [];
    for (let round = 0; round < 200; round++) {
      const text = makeText(next, Math.floor(next() * 40));
      texts.push(text);
      const stored = encodePiece(text);
      expect(inflatePiece(stored)).toEqual(Buffer.from(text, 'utf16le'));
      expect(decodePiece(stored)).toBe(text);
      // As a driver may hand it back: a view into a larger buffer, at an odd offset.
      const copy = new Uint8Array(stored.length + 3);
      copy.set(stored, 1);
      expect(decodePiece(copy.subarray(1, 1 + stored.length))).toBe(text);
    }
    // In runs between yields to the event loop (more than one run for `many`), the same texts.
    expect((await inflatePieces(texts.map(encodePiece))).map((b) => b.toString('utf16le'))).toEqual(texts);
    const many = Array.from({ length: 600 }, (_, k) => texts[k % texts.length] as string);
    expect((await inflatePieces(many.map(encodePiece))).map((b) => b.toString('utf16le'))).toEqual(many);
    // UTF-16LE underneath: '山' is 71 5c.
    expect(inflatePiece(encodePiece('山')).toString('hex')).toBe('715c');
    // A piece of Han text takes less than its UTF-16 bytes.
    const han = '長白山松花江鴨綠江圖們江'.repeat(400);
    expect(encodePiece(han).length).toBeLessThan(han.length);
    // A stored value that is not a piece, or would inflate beyond any piece, is refused rather than read.
    expect(() => decodePiece(Buffer.from('not deflate at all'))).toThrow();
    expect(() => inflatePiece(encodePiece('山'.repeat(2 * TEXT_CHUNK + 1)))).toThrow();
    const joined = joinPieces([
      [2, inflatePiece(encodePiece('長白'))],
      [1, inflatePiece(encodePiece(''))],
      [2, inflatePiece(encodePiece('山\uD800'))],
    ]);
    expect(joined).toEqual(
      new Map([
        [2, '長白山\uD800'],
        [1, ''],
      ]),
    );
  });

  it('slices inflated UTF-16 bytes by code points as it slices the text', () => {
    const utf16 = (text: string) => Buffer.from(text, 'utf16le');
    const next = createRandom(20261203);
    for (let round = 0; round < 400; round++) {
      const text = makeText(next, Math.floor(next() * 40));
      const stored = inflatePiece(encodePiece(text));
      const n = [...text].length;
      const from = Math.floor(next() * (n + 3));
      const count = Math.floor(next() * (n + 3));
      expect(sliceUtf16CodePoints(stored, from, count)).toBe(substr(text, from, count));
    }
    expect(advanceUtf16(utf16('a山𠀀水'), 0, 3)).toBe(8);
    expect(advanceUtf16(utf16('a山𠀀水'), 2, 9)).toBe(10);
    // A lone surrogate is one code point, a pair is one.
    expect(advanceUtf16(utf16('\uD800山\uDC00'), 0, 2)).toBe(4);
    expect(sliceUtf16CodePoints(utf16('山水𪚥江'), 1, 2)).toBe('水𪚥');
    // A trailing odd byte is not a unit.
    expect(advanceUtf16(Buffer.from([0x71, 0x5c, 0x34]), 0, 5)).toBe(2);
  });

  it('names the pieces a window falls in', () => {
    expect(chunkRange(0, 1, 4)).toEqual({ first: 0, last: 0 });
    expect(chunkRange(3, 2, 4)).toEqual({ first: 0, last: 1 });
    expect(chunkRange(4, 4, 4)).toEqual({ first: 1, last: 1 });
    expect(chunkRange(5, 0, 4)).toEqual({ first: 1, last: 0 });
    const next = createRandom(11);
    for (let round = 0; round < 200; round++) {
      const text = makeText(next, 1 + Math.floor(next() * 50));
      const size = 1 + Math.floor(next() * 6);
      const pieces = chunkText(text, size);
      const n = [...text].length;
      const from = Math.floor(next() * n);
      const count = Math.floor(next() * (n - from + 2));
      const { first, last } = chunkRange(from, count, size);
      const read = pieces.slice(first, last + 1).join('');
      expect(substr(read, from - first * size, count)).toBe(substr(text, from, count));
    }
  });
});
