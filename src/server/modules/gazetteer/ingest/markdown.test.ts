import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from './markdown.ts';

const bytes = readFileSync(path.join(import.meta.dirname, 'fixtures', 'sample.md'));

describe('parseMarkdown', () => {
  const book = parseMarkdown(bytes, 'sample.md');

  it('takes the title from the front matter and does not list the title heading as a part', () => {
    expect(book.metadata.title).toBe('青岚县年鉴（2023）');
    expect(book.sections.map((s) => [s.level, s.title])).toEqual([
      [1, '青岚县年鉴（2023）'],
      [1, '概况'],
      [2, '自然地理'],
      [2, '行政区划'],
      [1, '经济'],
      [1, '附录'],
    ]);
  });

  it('removes inline markup but keeps the words and code blocks as written', () => {
    expect(book.sections[0]?.text).toBe('编辑说明：本年鉴记述 2023 年青岚县各项事业的发展情况。');
    expect(book.sections[1]?.text).toBe('青岚县位于翠屏山西麓，详见附录。');
    expect(book.sections[4]?.text).toBe('产业  增加值\n农业  12.3');
    expect(book.sections[5]?.text).toBe('统计资料来源于县统计局。');
  });

  it('falls back to the file name when the document names nothing', () => {
    const plain = parseMarkdown(new TextEncoder().encode('## 一\n甲\n## 二\n乙\n'), '/tmp/乡志草稿.md');
    expect(plain.metadata.title).toBe('乡志草稿');
    expect(plain.sections.map((s) => [s.level, s.title, s.text])).toEqual([
      [1, '一', '甲'],
      [1, '二', '乙'],
    ]);
  });
});
