import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../test/fuzz-importers.ts';
import { anchorAt, anchorId, parsePageAnchors, type PageAnchors } from './page-anchors.ts';

const listed = (anchors: PageAnchors | null) =>
  anchors && Array.from(anchors.offsets, (offset, i) => ({ offset, id: anchorId(anchors, i) }));

/** What placing a hit needs of a list, read the slow way: JSON.parse, entries with a numeric offset and a string id. */
function expected(json: string): { offset: number; id: string }[] | null {
  try {
    const list = JSON.parse(json) as unknown;
    if (!Array.isArray(list)) return null;
    return (list as { offset?: unknown; id?: unknown }[])
      .filter((a) => typeof a?.offset === 'number' && typeof a.id === 'string')
      .map((a) => ({ offset: a.offset as number, id: a.id as string }))
      .sort((a, b) => a.offset - b.offset);
  } catch {
    return null;
  }
}

describe('page anchors', () => {
  it('reads the form the ingest writes, ids as they were', () => {
    const json = JSON.stringify([
      { offset: 0, id: '001-1a' },
      { offset: 412, id: '001-1b' },
      { offset: 905, id: '卷二-3a' },
    ]);
    expect(listed(parsePageAnchors(json))).toEqual([
      { offset: 0, id: '001-1a' },
      { offset: 412, id: '001-1b' },
      { offset: 905, id: '卷二-3a' },
    ]);
  });

  it('reads other forms through JSON: escapes, other keys, spaces; an empty list places nothing', () => {
    expect(listed(parsePageAnchors('[{"offset":3,"id":"a\\"b"},{"offset":9,"id":"c\\\\"}]'))).toEqual([
      { offset: 3, id: 'a"b' },
      { offset: 9, id: 'c\\' },
    ]);
    expect(listed(parsePageAnchors('[{"offset":3,"id":"x","label":"第一葉"}]'))).toEqual([{ offset: 3, id: 'x' }]);
    expect(listed(parsePageAnchors('[ {"id":"y", "offset":7} ]'))).toEqual([{ offset: 7, id: 'y' }]);
    expect(listed(parsePageAnchors('[{"offset":"3","id":"x"},{"offset":4,"id":5},{"offset":6,"id":"z"}]'))).toEqual([
      { offset: 6, id: 'z' },
    ]);
    expect(listed(parsePageAnchors('[]'))).toEqual([]);
  });

  it('gives null for what is not a list of anchors: truncated, not JSON, not a list', () => {
    for (const bad of ['', '[{"offset":1,"id":"a"}', '[{"offset":1,"id":"a"},', '[{"offset":,"id":"a"}]', '{}', 'null'])
      expect(parsePageAnchors(bad)).toBeNull();
    // The stored form cut short inside an id or after its last anchor.
    expect(parsePageAnchors('[{"offset":1,"id":"a')).toBeNull();
    expect(parsePageAnchors('[{"offset":1,"id":"a"}]]')).toBeNull();
  });

  it('puts a list out of order in order, ties as listed', () => {
    const json = JSON.stringify([
      { offset: 50, id: 'b' },
      { offset: 10, id: 'a' },
      { offset: 50, id: 'c' },
    ]);
    expect(listed(parsePageAnchors(json))).toEqual([
      { offset: 10, id: 'a' },
      { offset: 50, id: 'b' },
      { offset: 50, id: 'c' },
    ]);
  });

  it('agrees with JSON.parse on random lists in every form (property)', () => {
    const random = createRandom(39);
    const pick = (s: string) => s[Math.floor(random() * s.length)] as string;
    const idChars = 'ab01-_葉卷𠀀"\\/{}:,[] \n';
    for (let round = 0; round < 2000; round++) {
      const n = Math.floor(random() * 12);
      let offset = 0;
      const list: Record<string, unknown>[] = [];
      for (let i = 0; i < n; i++) {
        offset += random() < 0.1 ? 0 : Math.floor(random() * 1e6);
        const id = Array.from({ length: Math.floor(random() * 6) }, () => pick(idChars)).join('');
        const entry: Record<string, unknown> = random() < 0.9 ? { offset, id } : { id, offset: String(offset) };
        if (random() < 0.05) entry['label'] = '页';
        list.push(entry);
      }
      if (random() < 0.2) list.reverse();
      let json = JSON.stringify(list, null, random() < 0.1 ? 1 : undefined);
      if (random() < 0.15) json = json.slice(0, Math.floor(random() * json.length));
      expect(listed(parsePageAnchors(json)), json).toEqual(expected(json));
    }
  });

  it('finds the anchor a hit is on: the last at or before its offset', () => {
    const anchors = parsePageAnchors(
      JSON.stringify([
        { offset: 5, id: 'p1' },
        { offset: 20, id: 'p2' },
        { offset: 20, id: 'p3' },
        { offset: 90, id: 'p4' },
      ]),
    ) as PageAnchors;
    const at = (offset: number) => {
      const i = anchorAt(anchors, offset);
      return i < 0 ? null : anchorId(anchors, i);
    };
    expect([at(0), at(4), at(5), at(19), at(20), at(89), at(90), at(1e9)]).toEqual([
      null,
      null,
      'p1',
      'p1',
      'p3',
      'p3',
      'p4',
      'p4',
    ]);
  });
});
