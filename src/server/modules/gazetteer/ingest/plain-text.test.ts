import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors.ts';
import { decodeText, parsePlainText } from './plain-text.ts';

const fixture = (name: string): Uint8Array => readFileSync(path.join(import.meta.dirname, 'fixtures', name));

describe('parsePlainText', () => {
  it('reads a text of 300,000 lines with no heading into one section (the lines are not spread as arguments)', () => {
    const line = '長白山在府東南，松花江出焉。';
    const text = `大書\n\n${Array.from({ length: 300_000 }, () => line).join('\n')}`;
    const book = parsePlainText(new TextEncoder().encode(text), '大書.txt');
    expect(book.sections).toHaveLength(1);
    expect(book.sections[0]?.text.split('\n')).toHaveLength(300_000);
  });

  it('turns 篇/章/节 lines into a nested table of contents and takes the first line as title', () => {
    const book = parsePlainText(fixture('plain-utf8.txt'), 'plain-utf8.txt');
    expect(book.metadata.title).toBe('青岚县志（1990—2020）');
    expect(book.sections.map((s) => [s.level, s.title])).toEqual([
      [1, '青岚县志（1990—2020）'],
      [1, '第一篇 自然地理'],
      [2, '第一章 地貌'],
      [3, '第一节 山脉'],
      [3, '第二节 河流'],
      [2, '第二章 气候'],
      [1, '第二篇 人口'],
    ]);
    expect(book.sections[0]?.text).toBe('本志记述青岚县三十年间的自然、政治、经济与社会变迁。');
    // A sentence that merely starts with 第一章 stays body text.
    expect(book.sections[4]?.text).toBe('慢河自北向南穿城而过，第一章所述河谷即由其冲积而成。');
  });

  it('reads GB18030 the same as UTF-8, and a form feed starts a cited page', () => {
    const gb = fixture('plain-gb18030.txt');
    expect(decodeText(gb).encoding).toBe('gb18030');
    const book = parsePlainText(gb, 'plain-gb18030.txt');
    expect(book.sections[3]?.text).toBe('翠屏山横亘县东，主峰海拔一千二百米。');
    const population = book.sections.find((s) => s.title === '第二篇 人口');
    expect(population?.anchors).toEqual([{ offset: 0, id: 'p.2', label: '第2页' }]);
    expect(book.sections[0]?.anchors[0]).toMatchObject({ id: 'p.1', offset: 0 });
  });

  it('gives the same source id for the same bytes and a different one after an edit', () => {
    const bytes = fixture('plain-utf8.txt');
    const again = parsePlainText(bytes, 'plain-utf8.txt').metadata.sourceId;
    expect(parsePlainText(bytes, 'plain-utf8.txt').metadata.sourceId).toBe(again);
    expect(again).toMatch(/^plain-utf8-[0-9a-f]{12}$/);
    const edited = new Uint8Array([...bytes, 0x0a, 0x41]);
    expect(parsePlainText(edited, 'plain-utf8.txt').metadata.sourceId).not.toBe(again);
  });

  it('refuses an empty file with a Chinese message naming it', () => {
    expect(() => parsePlainText(new TextEncoder().encode(' \n\n'), '空白.txt')).toThrow(AppError);
    expect(() => parsePlainText(new TextEncoder().encode(' \n\n'), '空白.txt')).toThrow(/空白\.txt.*没有文字内容/);
  });
});
