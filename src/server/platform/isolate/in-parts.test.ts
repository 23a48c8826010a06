import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { deserializeResult, inParts, serializeResult } from './in-parts.ts';

const book = (n: number) => ({
  book: {
    metadata: { title: '某县志' },
    sections: Array.from({ length: n }, (_, i) => ({
      title: `卷${i + 1}`,
      text: '县'.repeat(100 + i),
      anchors: [{ offset: 0 }],
    })),
  },
  warnings: ['一条提示'],
});

describe('results carried in parts', () => {
  it('splits the named array into parts of about the given size and reads them back in order, pausing between parts', async () => {
    const value = book(50);
    const serialized = serializeResult(inParts(value, ['book', 'sections']), 1_000);
    expect(serialized.path).toEqual(['book', 'sections']);
    expect(serialized.parts.length).toBeGreaterThan(5);
    for (const part of serialized.parts.slice(0, -1))
      expect(part.reduce((n, b) => n + b.byteLength, 0)).toBeGreaterThanOrEqual(1_000);
    expect(serialized.bytes).toBe(
      serialized.head.byteLength + serialized.parts.flat().reduce((n, b) => n + b.byteLength, 0),
    );
    let pauses = 0;
    const back = await deserializeResult(serialized.head, serialized.path, serialized.parts, async () => {
      pauses++;
    });
    expect(back).toEqual(value);
    expect(pauses).toBe(serialized.parts.length);
    // The job's own value is left as it was.
    expect(value.book.sections).toHaveLength(50);
  });

  it('carries an ordinary result whole, and an empty parted array as an empty array', async () => {
    const plain = serializeResult({ a: [1, '二'] });
    expect(plain.parts).toEqual([]);
    expect(plain.path).toBeUndefined();
    expect(await deserializeResult(plain.head, plain.path, plain.parts, async () => {})).toEqual({ a: [1, '二'] });
    const empty = serializeResult(inParts(book(0), ['book', 'sections']));
    expect(empty.parts).toEqual([]);
    expect(await deserializeResult(empty.head, empty.path, empty.parts, async () => {})).toEqual(book(0));
  });

  it('carries the named field of every item joined, one string per part, and gives each item its own text back', async () => {
    const value = book(40);
    // Every kind of text a section has: empty, outside the BMP (two UTF-16 units each), and a field that is no string.
    value.book.sections[3]!.text = '';
    value.book.sections[4]!.text = '𠀀𠀁县𡈽';
    (value.book.sections[5] as { text?: unknown }).text = 7;
    delete (value.book.sections[6] as { text?: unknown }).text;
    const serialized = serializeResult(inParts(value, ['book', 'sections'], { joined: 'text' }), 1_000);
    expect(serialized.parts.length).toBeGreaterThan(3);
    const header = deserialize(serialized.parts[0]![0]!) as { field: string; text: string; lengths: number[] };
    expect(header.field).toBe('text');
    const firstItems = serialized.parts[0]!.length - 1;
    expect(header.lengths).toHaveLength(firstItems);
    expect(header.text).toBe(
      value.book.sections
        .slice(0, firstItems)
        .map((s) => (typeof s.text === 'string' ? s.text : ''))
        .join(''),
    );
    // An item travels without its text.
    expect(deserialize(serialized.parts[0]![1]!)).toMatchObject({ title: '卷1', text: undefined });
    expect(serialized.bytes).toBe(
      serialized.head.byteLength + serialized.parts.flat().reduce((n, b) => n + b.byteLength, 0),
    );
    const back = (await deserializeResult(serialized.head, serialized.path, serialized.parts, async () => {})) as {
      book: { sections: Record<string, unknown>[] };
    };
    expect(back.book.sections.map((s) => s.text)).toEqual(value.book.sections.map((s) => s.text));
    expect(back.book.sections.map((s) => s.title)).toEqual(value.book.sections.map((s) => s.title));
  });

  it('refuses a part whose header does not read back', async () => {
    const serialized = serializeResult(inParts(book(3), ['book', 'sections'], { joined: 'text' }));
    const broken = serialized.parts.map((part) => [serialize(['not', 'a', 'header']), ...part.slice(1)]);
    await expect(deserializeResult(serialized.head, serialized.path, broken, async () => {})).rejects.toThrow();
  });

  it('refuses a path that names no array', () => {
    expect(() => serializeResult(inParts(book(1), ['book', 'metadata']))).toThrow(/no array at book\.metadata/);
    expect(() => serializeResult(inParts(book(1), ['nothing', 'here']))).toThrow(/no array/);
    expect(() => inParts(book(1), [])).toThrow();
  });
});
