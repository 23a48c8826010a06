import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors.ts';
import { buildZip, zipBomb, type BombKind } from '../../../test/hostile-files.ts';
import { buildOfd, buildXlsx } from '../../../test/plan-files.ts';
import { extractText } from './extract-text.ts';
import { OFFICE_ZIP_LIMITS, readZipTextEntries } from './read-zip.ts';

const MEMBER: Record<string, string> = {
  docx: 'word/document.xml',
  xlsx: 'xl/sharedStrings.xml',
  ofd: 'Doc_0/Pages/Page_0/Content.xml',
};

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

describe('readZipTextEntries: archives checked before and during inflation', () => {
  it('reads a normal archive', () => {
    const zip = buildZip([
      { name: 'word/document.xml', content: new TextEncoder().encode('<w:document>工作要点</w:document>') },
    ]);
    expect(readZipTextEntries(zip, ['word/document.xml', 'word/numbering.xml'])).toEqual(
      new Map([
        ['word/document.xml', '<w:document>工作要点</w:document>'],
        ['word/numbering.xml', undefined],
      ]),
    );
  });

  for (const kind of ['docx', 'xlsx', 'ofd'] as BombKind[]) {
    it(`refuses a ${kind} bomb by its declared size, and a lying one by the running cap, naming the limit`, () => {
      const honest = refusal(() =>
        readZipTextEntries(zipBomb(kind, 300), [MEMBER[kind]!], OFFICE_ZIP_LIMITS, `bomb.${kind}`),
      );
      expect(honest.code).toBe('PAYLOAD_TOO_LARGE');
      expect(honest.message).toMatch(
        new RegExp(
          `“bomb\\.${kind}”中的“${MEMBER[kind]!.replace(/[./]/g, '\\$&')}”(压缩比异常|解压后为 300 MB，超过单个文件 64 MB 的上限)`,
        ),
      );
      const before = process.memoryUsage().rss;
      const lying = refusal(() =>
        readZipTextEntries(zipBomb(kind, 300, true), [MEMBER[kind]!], OFFICE_ZIP_LIMITS, `bomb.${kind}`),
      );
      expect(lying.message).toMatch(/解压后超过 1 KB（与压缩包声明的大小不符或超过上限），疑似压缩炸弹/);
      expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    });
  }

  it('refuses an archive with too many entries and one whose total is over the limit', () => {
    const many = buildZip(
      Array.from({ length: OFFICE_ZIP_LIMITS.maxEntries + 1 }, (_, i) => ({
        name: `xl/worksheets/sheet${i}.xml`,
        content: new Uint8Array([60]),
      })),
    );
    expect(
      refusal(() => readZipTextEntries(many, ['xl/worksheets/sheet1.xml'], OFFICE_ZIP_LIMITS, 'many.xlsx')).message,
    ).toMatch(/有 5001 个文件，超过 5000 个的上限/);
    const limits = { ...OFFICE_ZIP_LIMITS, maxTotalBytes: 1000 };
    const parts = buildZip([
      { name: 'a.xml', content: new Uint8Array(600) },
      { name: 'b.xml', content: new Uint8Array(600) },
    ]);
    expect(refusal(() => readZipTextEntries(parts, ['a.xml', 'b.xml'], limits, 'two.docx')).message).toMatch(
      /解压后共 .*超过 1 KB 的上限/,
    );
  });

  it('returns null (a corrupt file) for bytes that are not a readable zip', () => {
    expect(readZipTextEntries(new Uint8Array([1, 2, 3]), ['word/document.xml'])).toBeNull();
    const zip = buildZip([
      { name: 'word/document.xml', deflated: { data: new Uint8Array([0xff, 0xff, 0xff]), size: 10, crc: 0 } },
    ]);
    expect(readZipTextEntries(zip, ['word/document.xml'])).toBeNull();
  });
});

describe('extractText: every zip-based plan format goes through the archive checks', () => {
  const refusedBy = async (bytes: Uint8Array, fileName: string): Promise<AppError> => {
    try {
      await extractText(bytes, fileName);
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      return error as AppError;
    }
    throw new Error('expected a refusal');
  };

  for (const [kind, fileName] of [
    ['docx', '工作要点.docx'],
    ['xlsx', '任务分解表.xlsx'],
    ['ofd', '工作要点.ofd'],
  ] as [BombKind, string][]) {
    it(`refuses a .${kind} bomb, honest or lying, before its reader inflates it`, async () => {
      const honest = await refusedBy(zipBomb(kind, 300), fileName);
      expect(honest.code).toBe('PAYLOAD_TOO_LARGE');
      expect(honest.message).toMatch(
        new RegExp(`“${fileName}”中的“.+”(压缩比异常|解压后为 300 MB，超过单个文件 64 MB 的上限)`),
      );
      const before = process.memoryUsage().rss;
      const lying = await refusedBy(zipBomb(kind, 300, true), fileName);
      expect(lying.code).toBe('PAYLOAD_TOO_LARGE');
      expect(lying.message).toMatch(/解压后超过 1 KB（与压缩包声明的大小不符或超过上限），疑似压缩炸弹/);
      expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    });
  }

  it('still reads a task table (.xlsx) and an OFD of the same plan', async () => {
    const text = '一、加强志书编纂\n1. 完成县志续修初稿。（牵头单位：县志办；完成时限：2024年6月底）';
    expect((await extractText(await buildXlsx(text), '任务分解表.xlsx')).text).toContain('完成县志续修初稿');
    expect((await extractText(await buildOfd(text), '工作要点.ofd')).text).toContain('完成县志续修初稿');
  });
});
