import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
} from 'docx';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { TParsedHeading } from '../../../../shared/compilation.ts';
import { previewOutlineFile } from './read-outline-file.ts';

function flat(hs: readonly TParsedHeading[]): string[] {
  return hs.flatMap((h) => [`${h.depth} ${h.level} ${h.title}`, ...flat(h.children)]);
}

async function docxOf(children: (Paragraph | Table)[]): Promise<Uint8Array> {
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}

describe('reading outline files', () => {
  it('reads Word heading styles, with unnumbered headings and body text between them', async () => {
    const bytes = await docxOf([
      new Paragraph({ text: '《长白县志》篇目', alignment: AlignmentType.CENTER }),
      new Paragraph({ text: '凡例', heading: HeadingLevel.HEADING_1 }),
      new Paragraph({ text: '自然环境', heading: HeadingLevel.HEADING_1 }),
      new Paragraph({
        text: '本篇记述长白县的地质、地貌、气候、水文、土壤、植被等自然环境要素，时间上限追溯到有记载以来。',
      }),
      new Paragraph({ text: '地质', heading: HeadingLevel.HEADING_2 }),
      new Paragraph({ text: '岩石', heading: HeadingLevel.HEADING_3 }),
      new Paragraph({ text: '气候', heading: HeadingLevel.HEADING_2 }),
      new Paragraph({ text: '附录', heading: HeadingLevel.HEADING_1 }),
    ]);
    const p = await previewOutlineFile(bytes, '篇目.docx', 'chronicle');
    expect(p.method).toBe('styles');
    expect(flat(p.headings)).toEqual([
      '1 章 凡例',
      '1 章 自然环境',
      '2 节 地质',
      '3 目 岩石',
      '2 节 气候',
      '1 章 附录',
    ]);
    expect(p.headings[0]?.matter).toBe('front');
    expect(p.headings.at(-1)?.matter).toBe('back');
  });

  it('reads a Word TOC typed with tabs and page numbers, numbered 第X篇/第X章/一、', async () => {
    const toc = (text: string, page: number, indent: number) =>
      new Paragraph({
        indent: { left: indent },
        tabStops: [{ type: TabStopType.RIGHT, position: 9000, leader: 'dot' }],
        children: [new TextRun(text), new TextRun({ text: `\t${page}` })],
      });
    const bytes = await docxOf([
      new Paragraph('目　　录'),
      toc('凡　例', 1, 0),
      toc('第一篇　政区', 3, 0),
      toc('第一章　沿革', 3, 420),
      toc('一、古代', 4, 840),
      toc('二、近现代', 6, 840),
      toc('第二章　区划', 9, 420),
      toc('第二篇　人口', 20, 0),
      toc('编纂始末', 99, 0),
    ]);
    const p = await previewOutlineFile(bytes, '目录.docx', 'chronicle');
    expect(flat(p.headings)).toEqual([
      '1 篇 凡例',
      '1 篇 政区',
      '2 章 沿革',
      '3 节 古代',
      '3 节 近现代',
      '2 章 区划',
      '1 篇 人口',
      '1 篇 编纂始末',
    ]);
  });

  it('reads a 类目/分目/条目 table inside Word', async () => {
    const row = (cells: string[]) =>
      new TableRow({ children: cells.map((c) => new TableCell({ children: [new Paragraph(c)] })) });
    const bytes = await docxOf([
      new Paragraph('2023卷框架'),
      new Table({
        rows: [
          row(['类目', '分目', '条目']),
          row(['政治', '', '']),
          row(['', '人大', '']),
          row(['', '', '立法工作']),
          row(['', '', '监督工作']),
        ],
      }),
    ]);
    const p = await previewOutlineFile(bytes, '框架.docx', 'yearbook');
    expect(flat(p.headings)).toEqual(['1 类目 政治', '2 分目 人大', '3 条目 立法工作', '3 条目 监督工作']);
  });

  it('reads .xlsx level columns and one-column sheets indented by cell', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('框架');
    ws.addRows([
      ['类目', '分目', '条目', '供稿单位'],
      ['经济', '', '', ''],
      ['', '农业', '', '农业农村局'],
      ['', '', '粮食生产', '农业农村局'],
    ]);
    const p = await previewOutlineFile(new Uint8Array(await wb.xlsx.writeBuffer()), 'a.xlsx', 'yearbook');
    expect(flat(p.headings)).toEqual(['1 类目 经济', '2 分目 农业', '3 条目 粮食生产']);
    expect(p.headings[0]!.children[0]!.children[0]!.ownerUnitName).toBe('农业农村局');

    const wb2 = new ExcelJS.Workbook();
    const ws2 = wb2.addWorksheet('篇目');
    ['文化', '文物', '博物馆', '教育'].forEach((t, i) => {
      ws2.getCell(i + 1, 1).value = t;
      ws2.getCell(i + 1, 1).alignment = { indent: [0, 1, 2, 0][i] };
    });
    const p2 = await previewOutlineFile(new Uint8Array(await wb2.xlsx.writeBuffer()), 'b.xlsx', 'chronicle');
    expect(flat(p2.headings)).toEqual(['1 章 文化', '2 节 文物', '3 目 博物馆', '1 章 教育']);
  });

  it('reads GB18030 text and refuses .doc and PDF with what to do instead', async () => {
    const p = await previewOutlineFile(
      new Uint8Array(iconv.encode('第一章 自然\n第一节 地貌\n', 'gb18030')),
      'a.txt',
      'chronicle',
    );
    expect(flat(p.headings)).toEqual(['1 章 自然', '2 节 地貌']);
    await expect(
      previewOutlineFile(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), 'a.doc', 'chronicle'),
    ).rejects.toThrow(/另存为 .docx/);
    await expect(previewOutlineFile(new TextEncoder().encode('%PDF-1.4 xx'), 'a.pdf', 'chronicle')).rejects.toThrow(
      /PDF/,
    );
    await expect(previewOutlineFile(new Uint8Array(), 'a.txt', 'chronicle')).rejects.toThrow(/空文件/);
  });
});
