import { describe, expect, it } from 'vitest';
import { segmentText } from './segment-text.ts';

describe('segmentText', () => {
  it('marks notes, hits and page anchors where they fall, keeping every character once', () => {
    const text = '翠屏山在縣東\n其山如屏';
    const segments = segmentText(text, [{ offset: 0, id: '1a', label: '卷一 · 1a' }, { offset: 7, id: '1b', label: '卷一 · 1b' }], [{ start: 3, end: 6 }], [
      { offset: 0, length: 3 },
      { offset: 8, length: 1 },
    ]);
    expect(segments).toEqual([
      { kind: 'anchor', id: '1a', label: '卷一 · 1a' },
      { kind: 'text', text: '翠屏山', note: false, hit: 0 },
      { kind: 'text', text: '在縣東', note: true, hit: null },
      { kind: 'text', text: '\n', note: false, hit: null },
      { kind: 'anchor', id: '1b', label: '卷一 · 1b' },
      { kind: 'text', text: '其', note: false, hit: null },
      { kind: 'text', text: '山', note: false, hit: 1 },
      { kind: 'text', text: '如屏', note: false, hit: null },
    ]);
    expect(segments.map((s) => (s.kind === 'text' ? s.text : '')).join('')).toBe(text);
  });

  it('lets a hit run across a line break and into a note', () => {
    const segments = segmentText('長白\n山下', [], [{ start: 3, end: 5 }], [{ offset: 0, length: 4 }]);
    expect(segments.filter((s) => s.kind === 'text' && s.hit === 0).map((s) => (s.kind === 'text' ? s.text : ''))).toEqual(['長白\n', '山']);
  });
});
