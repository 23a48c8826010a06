import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocx } from './docx.ts';

const fixture = (name: string): Uint8Array => readFileSync(path.join(import.meta.dirname, 'fixtures', name));

describe('parseDocx', () => {
  it('uses the Title paragraph as the book title and Word headings as the table of contents', async () => {
    const book = await parseDocx(fixture('sample.docx'), 'sample.docx');
    expect(book.metadata.title).toBe('青岚县志');
    expect(book.sections.map((s) => [s.level, s.title, s.text])).toEqual([
      [1, '青岚县志', '编纂说明：本志为虚构示例。'],
      [1, '第一章 建置沿革', '青岚建县于明代，初属云岭府。'],
      [2, '第一节 县名由来', '县境山间岚气四时常青，故名青岚。'],
      // Table rows stay rows: one line each, cells separated by tabs.
      [1, '第二章 人口', '年份\t人口\n2020\t十八万'],
    ]);
    expect(book.warnings).toEqual([]);
  });

  it('falls back to 第一章 lines when the author used no heading styles, and says so', async () => {
    const book = await parseDocx(fixture('unstyled.docx'), 'unstyled.docx');
    expect(book.metadata.title).toBe('白石镇志');
    expect(book.sections.map((s) => [s.title, s.text])).toEqual([
      ['第一章 地理', '白石镇位于河曲。'],
      ['第二章 物产', '盛产青石与柿子。'],
    ]);
    expect(book.warnings.join('')).toContain('未使用 Word 标题样式');
  });

  it('refuses a file that is not a Word document, naming it', async () => {
    await expect(parseDocx(new TextEncoder().encode('这不是压缩包'), '坏文件.docx')).rejects.toMatchObject({
      code: 'UNPROCESSABLE_DOCUMENT',
      message: expect.stringContaining('坏文件.docx'),
    });
  });
});
