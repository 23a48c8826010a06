import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import * as OpenCC from 'opencc-js/cn2t';
import { describe, expect, it } from 'vitest';
import type { TPlanParseResult, TPlanTask } from '../../../../shared/workplan-parse.ts';
import { ZPlanParseResult } from '../../../../shared/workplan-parse.ts';
import { convertWithLibreOffice } from '../../documents/render-with-libreoffice.ts';
import { extractText } from '../extract/extract-text.ts';
import { buildPlanDocx } from '../../../test/workplan/build-plan-docx.ts';
import { parsePlan } from './parse-plan.ts';
import { foldForMatching } from './normalize-text.ts';

/**
 * The Jilin committee's 2023 plan, read from ../shared at run time (it is not ours to commit). The expected table
 * below was typed by reading the document.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const samplePath = path.resolve(repoRoot, '../shared/samples/jilin-fangzhi-2023-work-points.txt');
const hasSample = existsSync(samplePath);
if (!hasSample) console.log(`跳过：未找到参考文档 ${samplePath}（../shared 不在此环境中）`);
const hasOffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasSample && !hasOffice) console.log('跳过 PDF/.doc 转换检查：未安装 LibreOffice（soffice）');

const SECTIONS: readonly [string, number][] = [
  ['依法治志工作', 2],
  ['志书编纂与续志资料工作', 7],
  ['地方综合年鉴编纂与指导工作', 5],
  ['资料基础建设工作', 6],
  ['网络信息化建设工作', 3],
  ['地方志资源开发工作', 4],
  ['学术理论研究工作', 2],
  ['机关党的建设工作', 6],
  ['机关自身建设工作', 5],
];

/** task number → [lead units, support units], as written in the document. */
const UNITS: Record<number, [string[], string[]]> = {
  1: [['研究室'], ['其他处室、单位']],
  2: [['研究室'], []],
  3: [['省直指导处'], ['市县指导处']],
  4: [['省直指导处'], []],
  5: [['市县指导处'], []],
  6: [['市县指导处'], []],
  7: [['省直指导处'], []],
  8: [['研究室'], []],
  9: [['市县指导处'], []],
  10: [['年鉴指导处'], []],
  11: [['年鉴指导处'], []],
  12: [['年鉴指导处'], []],
  13: [['年鉴指导处'], []],
  14: [['年鉴指导处'], []],
  15: [['方志馆'], ['人事处']],
  16: [['方志馆'], []],
  17: [['资料处'], []],
  18: [['资料处'], []],
  19: [['资料处'], []],
  20: [['资料处'], ['研究室']],
  21: [['资料处'], []],
  22: [['资料处'], []],
  23: [['办公室'], ['资料处', '方志馆']],
  24: [['研究室'], []],
  25: [['研究室'], []],
  26: [['研究室'], ['方志馆']],
  27: [['研究室'], ['省地方志学会']],
  28: [['研究室'], ['省地方志学会']],
  29: [['研究室'], ['省地方志学会']],
  30: [['机关党委'], []],
  31: [['机关党委'], []],
  32: [['机关党委'], []],
  33: [['机关党委'], ['机关纪委']],
  34: [['机关党委'], []],
  35: [['机关党委'], ['机关工会']],
  36: [['研究室'], []],
  37: [['人事处'], ['办公室', '方志馆']],
  38: [['办公室'], ['资料处']],
  39: [['办公室'], []],
  40: [['办公室'], ['机关党委']],
};

/** task number → its targets as [text, comparator, value or [min, max], unit]; every other task has none. */
const TARGETS: Record<number, [string, string, number | [number, number], string][]> = {
  16: [
    ['2000册', 'eq', 2000, '册'],
    ['17万册', 'eq', 170000, '册'],
  ],
  19: [['1部', 'eq', 1, '部']],
  24: [['7个项目', 'eq', 7, '个']],
  25: [
    ['2部', 'eq', 2, '部'],
    ['4—7部', 'range', [4, 7], '部'],
  ],
  27: [['1—3个', 'range', [1, 3], '个']],
  28: [['6期', 'eq', 6, '期']],
  36: [
    ['2次', 'eq', 2, '次'],
    ['2次', 'eq', 2, '次'],
  ],
};

function allTasks(result: TPlanParseResult): TPlanTask[] {
  return result.sections.flatMap((s) => s.tasks);
}

function task(result: TPlanParseResult, n: number): TPlanTask {
  const found = allTasks(result).find((t) => t.number === String(n));
  if (!found) throw new Error(`task ${n} missing`);
  return found;
}

/** What must not change between encodings and formats: the table a user would import. */
function tableOf(result: TPlanParseResult): unknown {
  return {
    notice: result.notice,
    plan: result.plan,
    sections: result.sections.map((s) => ({
      ordinal: s.ordinal,
      title: s.title,
      tasks: s.tasks.map((t) => [
        t.number,
        t.text,
        t.leadUnits,
        t.supportUnits,
        t.targets.map((x) => x.text),
        t.deadline.date,
        t.references,
      ]),
    })),
  };
}

describe.skipIf(!hasSample)('the Jilin 2023 reference plan', () => {
  const raw = hasSample ? readFileSync(samplePath, 'utf8') : '';
  const result = hasSample ? parsePlan(raw) : (undefined as unknown as TPlanParseResult);

  it('matches the shared schema', () => {
    expect(ZPlanParseResult.safeParse(result).success).toBe(true);
  });

  it('reads the covering notice and the plan header', () => {
    expect(result.notice).toMatchObject({
      title: '关于印发《吉林省地方志编纂委员会2023年工作要点》的通知',
      issuer: '吉林省地方志编纂委员会',
      date: '2023-03-21',
    });
    expect(result.notice?.addressees).toEqual([
      '各市（州）、吉林省长白山保护开发区管理委员会',
      '梅河口市',
      '各县（市、区）地方志工作机构',
      '委内各处室、直属事业单位',
    ]);
    expect(result.plan).toMatchObject({
      title: '吉林省地方志编纂委员会2023年工作要点',
      year: 2023,
      issuer: '吉林省地方志编纂委员会',
    });
    expect(result.plan.preamble).toMatch(/^2023年，吉林省地方志编纂委员会.*总的工作要求是/);
    expect(result.plan.preamble).toContain('七位一体的地方志事业发展新格局');
  });

  it('finds 9 sections and 40 tasks numbered 1 to 40', () => {
    expect(result.sections.map((s) => [s.title, s.tasks.length])).toEqual(SECTIONS);
    expect(result.sections.map((s) => s.ordinal)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(allTasks(result).map((t) => t.number)).toEqual(Array.from({ length: 40 }, (_, i) => String(i + 1)));
    expect(result.warnings).toEqual([]);
  });

  it('gives every task its lead and support units as written', () => {
    for (const t of allTasks(result)) {
      const [lead, support] = UNITS[Number(t.number)] ?? [[], []];
      expect({ n: t.number, lead: t.leadUnits, support: t.supportUnits }).toEqual({ n: t.number, lead, support });
    }
  });

  it('finds the targets of tasks 16, 19, 24, 25, 27, 28 and 36 and no others', () => {
    for (const t of allTasks(result)) {
      const expected = (TARGETS[Number(t.number)] ?? []).map(([text, comparator, value, unit]) =>
        Array.isArray(value)
          ? { text, comparator, min: value[0], max: value[1], unit }
          : { text, comparator, value, unit },
      );
      expect({ n: t.number, targets: t.targets.map(({ span: _span, ...rest }) => rest) }).toEqual({
        n: t.number,
        targets: expected,
      });
    }
  });

  it('takes 到年底 as task 16’s deadline and the end of 2023 for the rest', () => {
    expect(task(result, 16).deadline).toMatchObject({ date: '2023-12-31', explicit: true, text: '到年底' });
    for (const t of allTasks(result).filter((x) => x.number !== '16')) {
      expect(t.deadline).toEqual({ date: '2023-12-31', explicit: false, text: null });
    }
  });

  it('keeps non-unit parentheses in the text and the unit parenthesis out of it', () => {
    expect(task(result, 8).text).toBe(
      '启动《吉林省抗击新冠肺炎疫情志（2021—2022）》编纂工作。印发编纂方案，开展资料收（征）集、整理工作。',
    );
    expect(task(result, 20).text).toContain('《吉林年鉴》（2022）');
    expect(task(result, 29).text).toContain('学术年会（2023）');
    expect(task(result, 17).text).toContain('资料室（方志馆）进行实地评估');
    expect(task(result, 1).text.endsWith('中期调研。')).toBe(true);
    expect(task(result, 1).unitsText).toBe('（研究室牵头，其他处室、单位配合）');
  });

  it('does not split task 6’s 一是…二是… into items, since its section has numbered items', () => {
    expect(task(result, 6).text).toMatch(/一是.*二是.*三是/);
    expect(task(result, 7).number).toBe('7');
  });

  it('collects titles and Jilin places for later linking', () => {
    expect(task(result, 5).references.places).toEqual(['四平市', '前郭县']);
    expect(task(result, 5).references.placeMentions?.[1]).toMatchObject({
      name: '前郭尔罗斯蒙古族自治县',
      code: '220721',
    });
    expect(task(result, 9).references.places).toEqual(['四平市', '铁东区', '长春市', '九台区', '临江市', '靖宇县']);
    expect(task(result, 2).references.titles).toEqual(['《吉林省地方志工作条例》']);
    expect(task(result, 32).references.places).toEqual([]);
  });

  it('gives spans that point at the highlighted words in sourceText', () => {
    const t16 = task(result, 16);
    const text = result.sourceText ?? '';
    const [first] = t16.targets;
    expect(first?.span && text.slice(first.span.start, first.span.end)).toBe('2000册');
    expect(t16.deadline.span && text.slice(t16.deadline.span.start, t16.deadline.span.end)).toBe('到年底');
    const lead = t16.unitMentions?.[0];
    expect(lead?.span && text.slice(lead.span.start, lead.span.end)).toBe('方志馆');
    expect(t16.sourceSpan && text.slice(t16.sourceSpan.start, t16.sourceSpan.end)).toMatch(/^16\.加大.*（方志馆）$/);
  });

  it('gives the same table from GB18030, UTF-16 and a .docx built at run time', async () => {
    const expected = tableOf(result);
    const gb = await extractText(new Uint8Array(iconv.encode(raw, 'gb18030')), 'plan.txt');
    expect(gb.encoding).toBe('gb18030');
    expect(tableOf(parsePlan(gb.text))).toEqual(expected);
    const utf16 = await extractText(
      new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(raw, 'utf16le')])),
      'plan.txt',
    );
    expect(utf16.encoding).toBe('utf-16le');
    expect(tableOf(parsePlan(utf16.text))).toEqual(expected);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fangzhi-plan-'));
    const docxPath = path.join(dir, 'plan.docx');
    writeFileSync(docxPath, await buildPlanDocx(raw));
    const docx = await extractText(new Uint8Array(readFileSync(docxPath)), 'plan.docx');
    expect(docx.format).toBe('docx');
    expect(tableOf(parsePlan(docx.text))).toEqual(expected);
  });

  it('gives the same table from PDF-like text: hard-wrapped lines, page numbers and running headers', () => {
    const expected = tableOf(result);
    for (const width of [22, 28, 34, 45]) {
      const printed: string[] = [];
      let page = 1;
      for (const paragraph of raw
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)) {
        for (let i = 0; i < paragraph.length; i += width) {
          printed.push(paragraph.slice(i, i + width));
          if (printed.length % 26 === 25) printed.push(`— ${page++} —`, '吉林省地方志编纂委员会文件');
        }
      }
      expect({ width, table: tableOf(parsePlan(printed.join('\n'))) }).toEqual({ width, table: expected });
    }
  });

  it('gives the same units and targets from a traditional-character version', () => {
    const traditional = OpenCC.Converter({ from: 'cn', to: 'tw' })(raw);
    expect(traditional).toContain('牽頭');
    const converted = parsePlan(traditional);
    // Names come back as written (traditional); folded they are the simplified document's.
    const fold = (names: string[]): string[] => names.map((n) => foldForMatching(n));
    const brief = (r: TPlanParseResult): unknown =>
      allTasks(r).map((t) => [
        t.number,
        fold(t.leadUnits),
        fold(t.supportUnits),
        t.targets.map((x) => [foldForMatching(x.text), x.value, x.min, x.max]),
      ]);
    expect(brief(converted)).toEqual(brief(result));
    expect(allTasks(converted)[0]?.leadUnits).toEqual(['研究室']);
    expect(allTasks(converted)[0]?.supportUnits).toEqual(['其他處室、單位']);
    expect(converted.notice?.date).toBe('2023-03-21');
  });

  it.skipIf(!hasOffice)(
    'gives the same table from a real PDF and .doc that LibreOffice makes of it',
    { timeout: 600_000 },
    async () => {
      const expected = tableOf(result);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'fangzhi-plan-'));
      const docxPath = path.join(dir, 'plan.docx');
      writeFileSync(docxPath, await buildPlanDocx(raw));
      for (const format of ['pdf', 'doc'] as const) {
        // One conversion at a time, each with its own profile (see convertWithLibreOffice).
        const converted = await convertWithLibreOffice(docxPath, dir, format);
        const extracted = await extractText(new Uint8Array(readFileSync(converted)), `plan.${format}`);
        expect(extracted.format).toBe(format);
        expect({ format, table: tableOf(parsePlan(extracted.text)) }).toEqual({ format, table: expected });
      }
    },
  );
});
