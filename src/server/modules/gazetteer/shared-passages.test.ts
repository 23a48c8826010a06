import { describe, expect, it } from 'vitest';
import { findSharedPassages } from './shared-passages.ts';

describe('findSharedPassages', () => {
  it('finds each passage both texts contain, with its place in each', () => {
    const common = '長白山在吉林城東南一千三百餘里橫亘千餘里';
    const other = '寧古塔城在吉林城東北六百餘里其地山多林密';
    const left = `序曰方志者一方之全史也${common}又曰${other}終`;
    const right = `卷首${other}中間文字不同${common}`;
    const found = findSharedPassages(left, right);
    expect(found.map((p) => left.slice(p.left, p.left + p.length))).toEqual([common, other]);
    for (const p of found) expect(right.slice(p.right, p.right + p.length)).toBe(left.slice(p.left, p.left + p.length));
  });

  it('ignores runs shorter than the minimum and texts with nothing in common', () => {
    expect(findSharedPassages('甲乙丙丁戊己庚辛壬癸子丑', '甲乙丙丁戊己庚辛寅卯辰巳午未申酉')).toEqual([]);
    expect(
      findSharedPassages('一二三四五六七八九十一二三四五六七', '天地玄黃宇宙洪荒日月盈昃辰宿列張寒來暑往'),
    ).toEqual([]);
  });

  it('takes the longest of several candidate places', () => {
    const seed = '吉林城東南一千三百';
    const long = `${seed}餘里橫亘千餘里巍然`;
    const found = findSharedPassages(`前${long}後`, `${seed}里許無關${long}`, 12);
    expect(found).toHaveLength(1);
    expect(found[0]?.length).toBe(long.length);
  });
});
