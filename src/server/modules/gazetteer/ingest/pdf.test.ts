import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { itemsToLines, parsePdf } from './pdf.ts';

const fixture = readFileSync(path.join(import.meta.dirname, 'fixtures', 'sample.pdf'));

/** A valid one-page PDF that draws nothing: what a scan looks like to a text extractor. */
function makeBlankPdf(): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>',
    '<< /Length 0 >>\nstream\n\nendstream',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

describe('parsePdf', () => {
  it('anchors every page and finds 章/节 headings in the text layer', async () => {
    const book = await parsePdf(fixture, 'sample.pdf');
    expect(book.metadata.title).toBe('青岚县志');
    expect(book.sections.map((s) => [s.level, s.title])).toEqual([
      [1, '青岚县志'],
      [1, '第一章 建置沿革'],
      [2, '第一节 县名由来'],
      [1, '第二章 人口'],
    ]);
    expect(book.sections[2]?.text).toBe('县境山间岚气四时常青，故名青岚。');
    const anchors = book.sections.flatMap((s) => s.anchors.map((a) => [s.title, a.id, a.label, a.offset]));
    expect(anchors).toEqual([
      ['青岚县志', 'p.1', '第1页', 0],
      ['第二章 人口', 'p.2', '第2页', 0],
    ]);
    expect(book.sections[3]?.text).toContain('十八万');
  });

  it('keeps the caller’s bytes usable (pdf.js must not detach them)', async () => {
    const copy = new Uint8Array(fixture);
    await parsePdf(copy, 'sample.pdf');
    expect(copy.byteLength).toBe(fixture.byteLength);
  });

  it('refuses a PDF without a text layer, telling the user to run OCR', async () => {
    await expect(parsePdf(makeBlankPdf(), '扫描件.pdf')).rejects.toMatchObject({
      code: 'UNPROCESSABLE_DOCUMENT',
      message: expect.stringMatching(/扫描件\.pdf.*没有文字层.*OCR/),
    });
  });

  it('refuses bytes that are not a PDF', async () => {
    await expect(parsePdf(new TextEncoder().encode('not a pdf'), '坏.pdf')).rejects.toMatchObject({
      code: 'UNPROCESSABLE_DOCUMENT',
    });
  });
});

describe('itemsToLines', () => {
  it('breaks at end-of-line marks and baseline changes, and collapses justification spaces', () => {
    expect(
      itemsToLines([
        { str: '第一章', transform: [1, 0, 0, 1, 0, 700] },
        { str: ' ', transform: [1, 0, 0, 1, 30, 700] },
        { str: '概述', transform: [1, 0, 0, 1, 40, 700], hasEOL: true },
        { str: '正文   一行', transform: [1, 0, 0, 1, 0, 680] },
        { str: 'next', transform: [1, 0, 0, 1, 0, 660] },
      ]),
    ).toEqual(['第一章 概述', '正文 一行', 'next']);
  });
});
