import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document, LevelFormat, Packer, Paragraph } from 'docx';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors.ts';
import type { TPlanParseResult } from '../../../../shared/workplan-parse.ts';
import { parsePlan } from '../parse/parse-plan.ts';
import { extractText } from './extract-text.ts';
import { buildDocx, buildGbkCsv, buildImageOnlyOfd, buildOfd, buildXlsx } from '../../../test/plan-files.ts';
import { SCANNED_PDF_MESSAGE } from './pdf-to-text.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
const readFixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(fixtures, name)));

const SAMPLE = '松岭县方志办2024年工作要点\n一、志书编纂\n1.完成縣志初审，印制800册。（编纂股牵头，综合股配合）\n';

async function expectRefused(bytes: Uint8Array, fileName: string, code: string, message: RegExp): Promise<void> {
  const error = await extractText(bytes, fileName).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  expect((error as AppError).message).toMatch(message);
}

/** The table a user would import: what must be identical whatever the file format. */
function tableOf(result: TPlanParseResult): unknown {
  return {
    notice: result.notice,
    plan: result.plan,
    sections: result.sections.map((s) => [
      s.title,
      s.tasks.map((t) => [
        t.number,
        t.text,
        t.leadUnits,
        t.supportUnits,
        t.targets.map((x) => [x.text, x.value, x.min, x.max]),
        t.deadline,
      ]),
    ]),
  };
}

describe('extractText: plain text encodings', () => {
  it('reads UTF-8 with and without BOM', async () => {
    const plain = Buffer.from(SAMPLE, 'utf8');
    expect(await extractText(new Uint8Array(plain), 'a.txt')).toEqual({
      text: SAMPLE,
      format: 'txt',
      encoding: 'utf-8',
    });
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), plain]);
    expect((await extractText(new Uint8Array(withBom), 'a.TXT')).text).toBe(SAMPLE);
  });

  it('detects GB18030 and GBK', async () => {
    for (const encoding of ['gb18030', 'gbk']) {
      const result = await extractText(new Uint8Array(iconv.encode(SAMPLE, encoding)), 'a.txt');
      expect(result).toEqual({ text: SAMPLE, format: 'txt', encoding: 'gb18030' });
    }
  });

  it('detects UTF-16 with a BOM in both byte orders, and little-endian without one', async () => {
    const le = Buffer.from(SAMPLE, 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(await extractText(new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), le])), 'a.txt')).toMatchObject({
      text: SAMPLE,
      encoding: 'utf-16le',
    });
    expect(await extractText(new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), be])), 'a.txt')).toMatchObject({
      text: SAMPLE,
      encoding: 'utf-16be',
    });
    expect(await extractText(new Uint8Array(le), 'a.txt')).toMatchObject({ text: SAMPLE, encoding: 'utf-16le' });
  });

  it('detects Big5 for traditional-character files', async () => {
    const traditional = '松嶺縣方誌辦2024年工作要點\n一、誌書編纂\n1.完成縣誌初審。（編纂股牽頭，綜合股配合）\n';
    const result = await extractText(new Uint8Array(iconv.encode(traditional, 'big5')), 'a.txt');
    expect(result).toEqual({ text: traditional, format: 'txt', encoding: 'big5' });
    expect(parsePlan(result.text).sections[0]?.tasks[0]?.leadUnits).toEqual(['編纂股']);
  });
});

describe('extractText: Word and PDF', () => {
  it('reads the fictional plan saved as .docx, .doc and .pdf into the same table as its text', async () => {
    const expected = tableOf(parsePlan(new TextDecoder().decode(readFixture('yunchuan-2024-work-points.txt'))));
    for (const [name, format] of [
      ['yunchuan-2024-work-points.docx', 'docx'],
      ['yunchuan-2024-work-points.doc', 'doc'],
      ['yunchuan-2024-work-points.pdf', 'pdf'],
    ] as const) {
      const extracted = await extractText(readFixture(name), name);
      expect(extracted.format).toBe(format);
      expect({ name, table: tableOf(parsePlan(extracted.text)) }).toEqual({ name, table: expected });
    }
  });

  it('keeps the table rows of a .docx as tab-separated cells', async () => {
    const { text } = await extractText(readFixture('yunchuan-2024-work-points.docx'), 'plan.docx');
    expect(text).toContain('6\t开展“方志进校园”活动4次\t方志馆\t资料科\t10月底前');
  });

  it('writes out Word list numbering, which plans often use instead of typed numbers', async () => {
    const document = new Document({
      numbering: {
        config: [
          {
            reference: 'plan',
            levels: [
              { level: 0, format: LevelFormat.CHINESE_COUNTING, text: '%1、' },
              { level: 1, format: LevelFormat.DECIMAL, text: '%2.' },
            ],
          },
        ],
      },
      sections: [
        {
          children: [
            new Paragraph('松岭县方志办2024年工作要点'),
            new Paragraph({ text: '志书编纂', numbering: { reference: 'plan', level: 0 } }),
            new Paragraph({ text: '完成县志初审。（编纂股）', numbering: { reference: 'plan', level: 1 } }),
            new Paragraph({ text: '启动镇志编纂。（编纂股）', numbering: { reference: 'plan', level: 1 } }),
            new Paragraph({ text: '年鉴编纂', numbering: { reference: 'plan', level: 0 } }),
            new Paragraph({ text: '出版县年鉴。（年鉴股）', numbering: { reference: 'plan', level: 1 } }),
          ],
        },
      ],
    });
    const { text } = await extractText(new Uint8Array(await Packer.toBuffer(document)), 'plan.docx');
    expect(text.split('\n')).toEqual([
      '松岭县方志办2024年工作要点',
      '一、志书编纂',
      '1.完成县志初审。（编纂股）',
      '2.启动镇志编纂。（编纂股）',
      '二、年鉴编纂',
      '1.出版县年鉴。（年鉴股）',
    ]);
  });

  it('judges the format from the bytes when the name is wrong', async () => {
    const result = await extractText(readFixture('yunchuan-2024-work-points.docx'), 'plan.doc');
    expect(result.format).toBe('docx');
  });
});

/** A valid one-page PDF with nothing but an empty page: what a scan without OCR looks like to a text extractor. */
function pdfWithoutText(): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, 'latin1'));
}

describe('extractText: files that cannot be read', () => {
  it('refuses an empty file', async () => {
    await expectRefused(new Uint8Array(0), 'plan.docx', 'UNPROCESSABLE_DOCUMENT', /文件是空的/);
    await expectRefused(
      new Uint8Array(Buffer.from(' \r\n\u3000', 'utf8')),
      'plan.txt',
      'UNPROCESSABLE_DOCUMENT',
      /没有可读取的文字/,
    );
  });

  it('refuses an unsupported extension and says which formats work', async () => {
    await expectRefused(
      new Uint8Array([1, 2, 3]),
      'plan.pptx',
      'UNSUPPORTED_FILE',
      /\.pptx.*请上传 \.docx、\.doc、\.wps、\.pdf、\.ofd、\.xlsx、\.xls、\.et、\.csv 或 \.txt/,
    );
    await expectRefused(new Uint8Array([1, 2, 3]), 'plan', 'UNSUPPORTED_FILE', /无扩展名/);
  });

  it('refuses an RTF file renamed to .doc with what to do instead', async () => {
    await expectRefused(
      new Uint8Array(Buffer.from('{\\rtf1\\ansi 工作要点}')),
      'plan.doc',
      'UNSUPPORTED_FILE',
      /RTF.*另存为 \.docx/,
    );
  });

  it('refuses a PDF without a text layer', async () => {
    await expectRefused(pdfWithoutText(), 'scan.pdf', 'UNPROCESSABLE_DOCUMENT', new RegExp(`^${SCANNED_PDF_MESSAGE}$`));
    expect(SCANNED_PDF_MESSAGE).toBe(
      '该 PDF 没有文字层（页面只有图片，可能是扫描件），无法读取文字。请提供带文字层的 PDF、OFD 或 Word 原件。',
    );
  });

  it('refuses an encrypted PDF', async () => {
    await expectRefused(
      readFixture('yunchuan-2024-work-points.encrypted.pdf'),
      'plan.pdf',
      'UNPROCESSABLE_DOCUMENT',
      /已加密.*未加密的 PDF/,
    );
  });

  it('refuses a password-protected Word file (an OLE container holding EncryptedPackage)', async () => {
    const ole = new Uint8Array(2048);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    ole.set(Buffer.from('EncryptedPackage', 'utf16le'), 1024);
    await expectRefused(ole, 'plan.docx', 'UNPROCESSABLE_DOCUMENT', /密码/);
  });

  it('refuses corrupt docx, doc and pdf files', async () => {
    const docx = readFixture('yunchuan-2024-work-points.docx').slice(0, 3000);
    await expectRefused(docx, 'plan.docx', 'UNPROCESSABLE_DOCUMENT', /损坏.*另存为 \.docx/);
    const doc = readFixture('yunchuan-2024-work-points.doc').slice(0, 1500);
    await expectRefused(doc, 'plan.doc', 'UNPROCESSABLE_DOCUMENT', /损坏.*另存为 \.docx/);
    await expectRefused(
      new Uint8Array(Buffer.from('%PDF-1.7\n这不是一个完整的文件')),
      'plan.pdf',
      'UNPROCESSABLE_DOCUMENT',
      /PDF/,
    );
    await expectRefused(
      new Uint8Array(Buffer.from('这其实是一段文字')),
      'plan.pdf',
      'UNPROCESSABLE_DOCUMENT',
      /不是有效的 PDF/,
    );
  });
});

describe('extractText: WPS, spreadsheets and OFD, judged from the bytes', () => {
  const plan =
    '西岭市2025年工作要点\n序号\t工作任务\t牵头单位\t配合单位\t完成时限\n1\t出版《西岭年鉴》\t年鉴处\t办公室\t10月底前';

  it('reads a .wps that is really a Word 97 file, and one that is really a .docx', async () => {
    const fromDoc = await extractText(readFixture('yunchuan-2024-work-points.doc'), '工作要点.wps');
    expect(fromDoc.format).toBe('doc');
    expect(parsePlan(fromDoc.text).sections.flatMap((s) => s.tasks)).toHaveLength(8);
    const fromDocx = await extractText(await buildDocx(plan), '工作要点.wps');
    expect(fromDocx.format).toBe('docx');
    expect(parsePlan(fromDocx.text).sections[0]?.tasks[0]).toMatchObject({
      leadUnits: ['年鉴处'],
      supportUnits: ['办公室'],
    });
  });

  it('reads a WPS .et that is an .xlsx inside, and a GBK .csv', async () => {
    const et = await extractText(await buildXlsx(plan), '任务分解表.et');
    expect(et.format).toBe('xlsx');
    expect(et.text.split('\n')[2]).toBe('1\t出版《西岭年鉴》\t年鉴处\t办公室\t10月底前');
    const csv = await extractText(buildGbkCsv(plan), '任务分解表.csv');
    expect(csv).toMatchObject({ format: 'csv', encoding: 'gb18030' });
    expect(parsePlan(csv.text).sections[0]?.tasks[0]?.deadline.date).toBe('2025-10-31');
  });

  it('reads an OFD page by page in the order of its positions, not of its XML', async () => {
    const ofd = await extractText(await buildOfd('第一行文字\n第二行文字\n第三行文字'), '通知.ofd');
    expect(ofd).toEqual({ text: '第一行文字\n第二行文字\n第三行文字', format: 'ofd' });
  });

  it('says an OFD of scanned images has no text layer, and a broken one is broken', async () => {
    await expectRefused(await buildImageOnlyOfd(), '扫描件.ofd', 'UNPROCESSABLE_DOCUMENT', /没有文字层/);
    await expectRefused(
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]),
      '坏文件.ofd',
      'UNPROCESSABLE_DOCUMENT',
      /OFD 文件已损坏/,
    );
    await expectRefused(
      new Uint8Array(Buffer.from('不是表格')),
      '表.xlsx',
      'UNPROCESSABLE_DOCUMENT',
      /不是有效的表格文件/,
    );
  });
});
