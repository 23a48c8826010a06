import { describe, expect, it } from 'vitest';
import { decodeNotes, encodeNotes } from './section-notes.ts';

describe('note ranges as stored', () => {
  it('stores steps and lengths and reads back the same ranges, in any order, overlapping or empty', () => {
    const cases = [
      [],
      [{ start: 0, end: 0 }],
      [
        { start: 20, end: 21 },
        { start: 45, end: 49 },
        { start: 53, end: 57 },
      ],
      [
        { start: 900, end: 1200 },
        { start: 10, end: 11 },
        { start: 10, end: 40 },
        { start: 1_000_000, end: 1_000_003 },
      ],
    ];
    for (const notes of cases) expect(decodeNotes(encodeNotes(notes))).toEqual(notes);
    expect(encodeNotes(cases[2] as { start: number; end: number }[])).toBe('[20,1,25,4,8,4]');
  });

  it('is a quarter of the size of the ranges as objects, for a note every few characters', () => {
    const notes = Array.from({ length: 500 }, (_, i) => ({ start: 1000 + i * 37, end: 1000 + i * 37 + 4 }));
    expect(encodeNotes(notes).length * 4).toBeLessThan(JSON.stringify(notes).length);
  });

  it('gives no ranges for a damaged value rather than wrong ones', () => {
    for (const bad of ['', 'null', '{"start":1}', '[1,2,3]', '[1,"2"]', '[1.5,2]', '[{"start":1,"end":2}]'])
      expect(decodeNotes(bad)).toEqual([]);
  });
});
