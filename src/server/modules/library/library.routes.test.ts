import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  THoldingCounts,
  THoldingDetail,
  THoldingPage,
  TImportBatch,
  TImportPreview,
  TImportResult,
  TUnionRow,
} from '../../../shared/library.ts';
import { holdingsSheet, upload } from '../../test/holdings-sheet.ts';
import { createLibraryWorld, type LibraryWorld } from '../../test/library-world.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { readIso2709, readMarcXml } from './marc-codec.ts';

const HEADERS = [
  '类型',
  '书名',
  '主编',
  '记述地域',
  '上限',
  '下限',
  '轮次',
  '出版社',
  '出版年',
  'ISBN',
  '分类号',
  '条码号',
  '排架号',
  '来源',
];

describe.each(TEST_DIALECTS)('library catalogue (%s)', (dialect) => {
  let w: LibraryWorld;
  let yearbookId: number;
  beforeAll(async () => {
    w = await createLibraryWorld(dialect);
    const res = await w.library.json<THoldingDetail>('POST', '/api/library/holdings', {
      type: '年鉴',
      title: '吉林年鉴（2022）',
      compilingBody: '吉林省地方志编纂委员会',
      divisionCodes: ['220000'],
      pubYear: 2022,
      publisher: '吉林人民出版社',
      isbn: '978-7-5027-3434-3',
      clc: 'Z525.34',
      copies: [
        { barcode: 'FZ001', acquisition: '呈缴', acquiredOn: '2023-03-01', location: '年鉴室' },
        { barcode: 'FZ002', acquisition: '呈缴', acquiredOn: '2023-03-01' },
      ],
    });
    expect(res.status).toBe(201);
    yearbookId = res.body.id;
  });
  afterAll(async () => w.t.close());

  it('catalogues with areas named and the ISBN hyphenated, copies held by the library', async () => {
    const d = (await w.library.json<THoldingDetail>('GET', `/api/library/holdings/${yearbookId}`)).body;
    expect(d).toMatchObject({
      areas: ['吉林省'],
      isbn: '9787502734343',
      isbnHyphenated: '978-7-5027-3434-3',
      copyCount: 2,
    });
    expect(d.copies.map((c) => c.unitName)).toEqual(['吉林省方志馆', '吉林省方志馆']);
  });

  it('refuses a wrong ISBN and a duplicate, naming the record it duplicates', async () => {
    const bad = await w.library.json<{ message: string }>('POST', '/api/library/holdings', {
      type: '志书',
      title: '某志',
      isbn: '978-7-5027-3434-4',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('校验位不正确');
    const dupIsbn = await w.library.json<{ message: string }>('POST', '/api/library/holdings', {
      type: '年鉴',
      title: '吉林年鉴 2022 卷',
      isbn: '9787502734343',
    });
    expect(dupIsbn.status).toBe(409);
    expect(dupIsbn.body.message).toContain(`编号 ${yearbookId}，ISBN 9787502734343 相同`);
    const dupTitle = await w.library.json<{ message: string }>('POST', '/api/library/holdings', {
      type: '年鉴',
      title: '《吉林年鉴(2022)》',
      pubYear: 2022,
    });
    expect(dupTitle.status).toBe(409);
    expect(dupTitle.body.message).toContain('题名、版次、出版年相同');
  });

  let importId: number;
  it('a county imports its spreadsheet: an error is named by cell and nothing is written until it is fixed', async () => {
    const rows: (string | number | null)[][] = [
      [
        '志书',
        '朝阳区志（1986—2005）',
        '朝阳区地方志编纂委员会',
        '长春市朝阳区',
        1986,
        2005,
        '二轮',
        '吉林文史出版社',
        2010,
        null,
        'K293.41',
        'CY-001；CY-002',
        '地方志书架',
        '呈缴',
      ],
      [
        '年鉴',
        '吉林年鉴（2022）',
        null,
        '吉林省',
        null,
        null,
        null,
        null,
        2022,
        '9787502734343',
        null,
        'CY-003',
        null,
        '配送',
      ],
      [
        '家谱',
        '朝阳王氏宗谱',
        null,
        '朝阳区',
        null,
        null,
        null,
        null,
        '民国二十五年',
        null,
        null,
        'CY-004',
        null,
        '赠送',
      ],
    ];
    const file = await holdingsSheet(rows, HEADERS, { titleRow: '朝阳区地方志办公室馆藏登记表' });
    const preview = await w.chaoyang.request('POST', '/api/library/imports/preview', upload(file, '朝阳区馆藏.xlsx'));
    expect(preview.status).toBe(200);
    const p = (await preview.json()) as TImportPreview;
    expect(p.items.map((i) => i.action)).toEqual(['create', 'add_copies', 'skip']);
    expect(p.items[1]!.duplicateOf).toMatchObject({ id: yearbookId, reason: 'ISBN 相同（9787502734343）' });
    // 朝阳区 alone is ambiguous in China; the year written in words is not a year.
    expect(p.items[2]!.errors.join('\n')).toContain('工作表“馆藏” 第 5 行（D5）：无法确定地区“朝阳区”');
    expect(p.items[2]!.errors.join('\n')).toContain('（I5）');
    const refused = await w.chaoyang.request('POST', '/api/library/imports', upload(file, '朝阳区馆藏.xlsx'));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toContain('未导入任何内容');
    expect((await w.chaoyang.json<THoldingPage>('GET', '/api/library/holdings')).body.total).toBe(0);

    rows[2]![3] = '220104';
    rows[2]![8] = 1936;
    const fixed = await w.chaoyang.request(
      'POST',
      '/api/library/imports',
      upload(await holdingsSheet(rows, HEADERS), '朝阳区馆藏.xlsx'),
    );
    expect(fixed.status).toBe(201);
    const r = (await fixed.json()) as TImportResult;
    expect(r.batch).toMatchObject({ recordCount: 2, copyCount: 4, unitName: '朝阳区地方志工作机构' });
    importId = r.batch.id;
    const mine = (await w.chaoyang.json<THoldingPage>('GET', '/api/library/holdings')).body;
    expect(mine.rows.map((x) => x.title).sort()).toEqual(
      ['吉林年鉴（2022）', '朝阳区志（1986—2005）', '朝阳王氏宗谱'].sort(),
    );
    // Its own count of the yearbook is its one copy, not the library's two.
    expect(mine.rows.find((x) => x.id === yearbookId)!.copyCount).toBe(1);
  });

  it('a 市州 sees its counties, never another 市州 or its counties; a county sees itself only', async () => {
    const cc = (await w.changchun.json<THoldingPage>('GET', '/api/library/holdings')).body;
    expect(cc.total).toBe(3);
    expect((await w.jilinCity.json<THoldingPage>('GET', '/api/library/holdings')).body.total).toBe(0);
    expect((await w.nanguan.json<THoldingPage>('GET', '/api/library/holdings')).body.total).toBe(0);
    expect((await w.jilinCity.json('GET', `/api/library/holdings/${yearbookId}`)).status).toBe(403);
    expect((await w.yongji.json('GET', `/api/library/holdings?unitId=${w.id('朝阳区地方志工作机构')}`)).status).toBe(
      403,
    );
    expect(
      (await w.jilinCity.json('GET', `/api/library/holdings/counts?unitId=${w.id('朝阳区地方志工作机构')}`)).status,
    ).toBe(403);
    // 梅河口市 is coded under 通化 but managed by the province: 通化 does not see it.
    await w.meihekou.json('POST', '/api/library/holdings', {
      type: '志书',
      title: '梅河口市志',
      pubYear: 2019,
      copies: [{ barcode: 'MHK-1', acquisition: '呈缴', acquiredOn: '2023-01-05' }],
    });
    expect((await w.tonghua.json<THoldingPage>('GET', '/api/library/holdings')).body.total).toBe(0);
    expect((await w.library.json<THoldingPage>('GET', '/api/library/holdings?q=梅河口')).body.total).toBe(1);
    const union = (await w.changchun.json<{ rows: TUnionRow[] }>('GET', '/api/library/holdings/union')).body.rows;
    const yb = union.find((r) => r.recordId === yearbookId)!;
    expect(yb.holders).toEqual([{ unitId: w.id('朝阳区地方志工作机构'), unitName: '朝阳区地方志工作机构', copies: 1 }]);
    const provinceUnion = (await w.library.json<{ rows: TUnionRow[] }>('GET', '/api/library/holdings/union')).body.rows;
    expect(provinceUnion.find((r) => r.recordId === yearbookId)!.holders.map((h) => [h.unitName, h.copies])).toEqual(
      expect.arrayContaining([
        ['吉林省方志馆', 2],
        ['朝阳区地方志工作机构', 1],
      ]),
    );
    const counts = (await w.changchun.json<THoldingCounts>('GET', '/api/library/holdings/counts')).body;
    expect(counts).toMatchObject({ records: 3, copies: 4 });
  });

  it('offices add copies for themselves only; the shared record is corrected by the province', async () => {
    const own = await w.nanguan.json('POST', `/api/library/holdings/${yearbookId}/copies`, {
      barcode: 'NG-1',
      acquisition: '配送',
      acquiredOn: '2023-05-01',
    });
    expect(own.status).toBe(201);
    const other = await w.nanguan.json<{ message: string }>('POST', `/api/library/holdings/${yearbookId}/copies`, {
      barcode: 'NG-2',
      acquisition: '配送',
      acquiredOn: '2023-05-01',
      unitId: w.id('朝阳区地方志工作机构'),
    });
    expect(other.status).toBe(403);
    expect(other.body.message).toContain('只能办理本单位');
    const edit = await w.changchun.json<{ message: string }>('PATCH', `/api/library/holdings/${yearbookId}`, {
      type: '年鉴',
      title: '改名',
    });
    expect(edit.status).toBe(403);
    const copies = (await w.library.json<THoldingDetail>('GET', `/api/library/holdings/${yearbookId}`)).body.copies;
    const cyCopy = copies.find((c) => c.barcode === 'CY-003')!;
    expect((await w.jilinCity.json('PATCH', `/api/library/copies/${cyCopy.id}`, { status: '遗失' })).status).toBe(403);
    expect((await w.chaoyang.json('PATCH', `/api/library/copies/${cyCopy.id}`, { location: '二号架' })).status).toBe(
      200,
    );
    expect((await w.jilinCity.json('POST', `/api/library/imports/${importId}/rollback`)).status).toBe(403);
  });

  it('exports MARC (ISO 2709, MARCXML) and .xlsx with formulas neutralised', async () => {
    await w.library.json('POST', '/api/library/holdings', {
      type: '内部资料',
      title: '=HYPERLINK("http://x","点我")',
      copies: [{ barcode: 'FZ-X', acquisition: '赠送', acquiredOn: '2023-02-02' }],
    });
    const iso = await w.library.request('GET', '/api/library/holdings/export?format=iso2709');
    expect(iso.headers.get('content-disposition')).toContain('.mrc');
    const records = readIso2709(new Uint8Array(await iso.arrayBuffer()));
    expect(records.every((r) => r.error === null)).toBe(true);
    expect(records.length).toBe(5);
    const xml = readMarcXml(
      new Uint8Array(
        await (await w.library.request('GET', '/api/library/holdings/export?format=marcxml')).arrayBuffer(),
      ),
    );
    expect(xml.length).toBe(5);
    // An office exports only what it holds.
    const cy = readIso2709(
      new Uint8Array(
        await (await w.chaoyang.request('GET', '/api/library/holdings/export?format=iso2709')).arrayBuffer(),
      ),
    );
    expect(cy.length).toBe(3);
    const xlsx = await w.library.request('GET', '/api/library/holdings/export?format=xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const titles = wb.getWorksheet('馆藏')!.getColumn(2).values.filter(Boolean).map(String);
    expect(titles).toContain(`'=HYPERLINK("http://x","点我")`);
  });

  it('rolls an import back: its records and copies go, the copies it added to existing records go too', async () => {
    const res = await w.chaoyang.json<TImportBatch>('POST', `/api/library/imports/${importId}/rollback`);
    expect(res.status).toBe(200);
    expect(res.body.rolledBackAt).not.toBeNull();
    expect((await w.chaoyang.json<THoldingPage>('GET', '/api/library/holdings')).body.total).toBe(0);
    expect(
      (await w.library.json<THoldingDetail>('GET', `/api/library/holdings/${yearbookId}`)).body.copies.map(
        (c) => c.barcode,
      ),
    ).toEqual(['FZ001', 'FZ002', 'NG-1']);
    expect((await w.chaoyang.json('POST', `/api/library/imports/${importId}/rollback`)).status).toBe(409);
  });
});
