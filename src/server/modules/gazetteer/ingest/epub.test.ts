import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEpub } from './epub.ts';

const bytes = readFileSync(path.join(import.meta.dirname, 'fixtures', 'sample.epub'));

describe('parseEpub', () => {
  it('reads the publication metadata', async () => {
    const book = await parseEpub(bytes, 'sample.epub');
    expect(book.metadata).toMatchObject({
      title: '云岭市年鉴（2022）',
      compiler: '云岭市地方志办公室',
      publisher: '示例出版社',
      isbn: '9787000000000',
      year: 2022,
    });
  });

  it('follows the spine, not the manifest, and titles a heading-less chapter from the navigation', async () => {
    const book = await parseEpub(bytes, 'sample.epub');
    expect(book.sections.map((s) => [s.level, s.title, s.text])).toEqual([
      [1, '特载', '一年来，全市各项事业稳步发展。\n城乡面貌焕然一新&持续改善。'],
      [1, '大事记', ''],
      [2, '一月', '1日，云岭大桥通车。'],
      [2, '二月', '市图书馆新馆开放。'],
    ]);
  });

  it('refuses a damaged file with a Chinese message naming it', async () => {
    await expect(parseEpub(bytes.subarray(0, 200), '年鉴.epub')).rejects.toMatchObject({
      code: 'UNPROCESSABLE_DOCUMENT',
      message: expect.stringContaining('年鉴.epub'),
    });
  });
});
