import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listVariantPairs, parseGaijiTable, resolveGaiji } from './kr-gaiji.ts';

const sample = readFileSync(path.join(import.meta.dirname, 'fixtures/kanripo/charlist-sample.txt'), 'utf8');

describe('parseGaijiTable', () => {
  const table = parseGaijiTable(sample);

  it('reads every code row and skips the org header', () => {
    expect([...table.keys()]).toEqual(['KR9001', 'KR9002', 'KR9003', 'KR9004', 'KR9005']);
    expect(table.get('KR9001')?.frequency).toBe(12);
  });

  it('prefers the Unicode form, then the normalized character', () => {
    expect(resolveGaiji(table, 'KR9001')).toBe('㵎');
    // `淮?` is the table's way of saying "probably 淮": still the best character to print.
    expect(resolveGaiji(table, 'KR9002')).toBe('淮');
    // `算:6,筭:2` lists candidates by frequency.
    expect(resolveGaiji(table, 'KR9004')).toBe('算');
    // `U+2A6A5?` is a code point written out.
    expect(resolveGaiji(table, 'KR9005')).toBe('\u{2A6A5}');
  });

  it('gives nothing for a glyph only described by its parts, or an unknown code', () => {
    expect(resolveGaiji(table, 'KR9003')).toBeUndefined();
    expect(resolveGaiji(table, 'KR9999')).toBeUndefined();
    expect(resolveGaiji(null, 'KR9001')).toBeUndefined();
  });

  it('lists the form → normalized pairs a search can fold', () => {
    expect(listVariantPairs(table)).toEqual([{ form: '㵎', normalized: '澗' }]);
  });
});
