import { describe, expect, it } from 'vitest';
import { RowCache } from './row-cache.ts';

describe('RowCache', () => {
  it('keeps large rows only, within its bytes, dropping the least recently used first', () => {
    const cache = new RowCache<string>(300, 100);
    cache.set(1, 'small', 50);
    expect(cache.get(1)).toBeUndefined();
    cache.set(2, 'a', 100);
    cache.set(3, 'b', 100);
    cache.set(4, 'c', 100);
    expect(cache.get(2)).toBe('a');
    cache.set(5, 'd', 100);
    expect(cache.get(3)).toBeUndefined();
    expect([2, 4, 5].map((id) => cache.get(id))).toEqual(['a', 'c', 'd']);
    expect(cache.size).toBe(300);
    cache.set(6, 'too big', 301);
    expect(cache.get(6)).toBeUndefined();
    expect(cache.size).toBe(300);
  });
});
