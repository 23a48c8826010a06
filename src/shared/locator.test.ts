import { describe, expect, it } from 'vitest';
import { anchorLabel, findLineOffset, formatPage, locate } from './locator.ts';

// Two printed sides of 卷十四 (file 018 in the repository, so the file number must not leak into the locator).
const juan = {
  title: '卷十四',
  text: ['天章', '皇上聖製', '詩', '甲乙丙', '丁戊己', '庚辛'].join('\n'),
  anchors: [
    { offset: 0, id: '018-2a' },
    { offset: 14, id: '018-2b' },
  ],
};

describe('canonical locators', () => {
  it('names the leaf and side, not the repository file number', () => {
    expect(formatPage('018-2a')).toBe('葉2a');
    expect(formatPage('001-37b')).toBe('葉37b');
    expect(formatPage('p.12')).toBe('第12页');
    expect(anchorLabel('卷十四', '018-2b')).toBe('卷十四 葉2b');
  });

  it('counts printed lines from the top of the side', () => {
    expect(locate(juan, 0)).toMatchObject({ label: '卷十四 葉2a 行1', lineId: '018-2a.1', page: '葉2a 行1' });
    expect(locate(juan, juan.text.indexOf('聖製'))).toMatchObject({ label: '卷十四 葉2a 行2' });
    expect(locate(juan, juan.text.indexOf('丁'))).toMatchObject({ label: '卷十四 葉2b 行1', lineId: '018-2b.1' });
    expect(locate(juan, juan.text.indexOf('辛'))).toMatchObject({ label: '卷十四 葉2b 行2' });
  });

  it('finds the line of a permalink and refuses lines that are not on the page', () => {
    expect(findLineOffset(juan, '018-2b.2')).toBe(juan.text.indexOf('庚'));
    expect(findLineOffset(juan, '018-2a.3')).toBe(juan.text.indexOf('詩'));
    expect(findLineOffset(juan, '018-2a.5')).toBeNull();
    expect(findLineOffset(juan, '099-1a.1')).toBeNull();
    expect(findLineOffset(juan, '018-2a.x')).toBeNull();
  });

  it('uses paragraphs in books without pages and page numbers in paged modern books', () => {
    const plain = { title: '第一章 建置', text: '甲\n乙\n丙', anchors: [] };
    expect(locate(plain, 4)).toMatchObject({ label: '第一章 建置 第3段', lineId: '3' });
    expect(findLineOffset(plain, '3')).toBe(4);
    const paged = { title: '概述', text: '甲\n乙', anchors: [{ offset: 0, id: 'p.12' }] };
    expect(locate(paged, 2)).toMatchObject({ label: '概述 第12页', lineId: 'p.12.2' });
    expect(findLineOffset(paged, 'p.12.2')).toBe(2);
  });
});
