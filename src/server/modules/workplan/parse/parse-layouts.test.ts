import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TPlanParseResult } from '../../../../shared/workplan-parse.ts';
import { buildDocx, buildGbkCsv, buildOfd, buildXlsx } from '../../../test/plan-files.ts';
import { extractText } from '../extract/extract-text.ts';
import { parsePlan } from './parse-plan.ts';

/**
 * One fixture per layout real 任务分工 documents use (our own invented text, fixtures/layouts/*.txt), each read as
 * text and from the binary forms offices send (.docx with real cells and merges, .xlsx, .ofd, GBK .csv). The
 * expected rows are written out by hand: number | lead | support | targets | deadline (∞ = continuous) | leaders.
 */

const DIR = path.join(import.meta.dirname, '../fixtures/layouts');
const read = (name: string): string => fs.readFileSync(path.join(DIR, name), 'utf8');

function brief(result: TPlanParseResult): string[] {
  return result.sections.flatMap((s) =>
    s.tasks.map((t) =>
      [
        t.number,
        t.leadUnits.join('、'),
        t.supportUnits.join('、'),
        t.targets.map((g) => `${g.text}=${g.comparator}:${g.value ?? `${g.min}-${g.max}`}`).join('，'),
        `${t.deadline.date}${t.deadline.continuous ? '∞' : t.deadline.explicit ? '' : '?'}`,
        (t.leaders ?? []).join('、'),
      ].join('|'),
    ),
  );
}

/** A `|` row is a web table; the binary forms get it as real cells. */
const asCells = (text: string): string =>
  text
    .split('\n')
    .filter((l) => !/^\|[-|\s]+\|$/.test(l))
    .map((l) =>
      /^\|.*\|$/.test(l)
        ? l
            .slice(1, -1)
            .split('|')
            .map((c) => c.trim())
            .join('\t')
        : l,
    )
    .join('\n');

interface Case {
  file: string;
  layout: string;
  year: number;
  noticeDate?: string | null;
  sections: string[];
  rows: string[];
  binary: ('docx' | 'xlsx' | 'ofd' | 'csv')[];
}

const CASES: Case[] = [
  {
    file: 'l01-web-notice.txt',
    layout:
      'web copy of a notice (breadcrumb, 来源/发布时间/点击, 文号, 主送, its own 一二三, signature in 二○二五年) before the plan',
    year: 2025,
    noticeDate: '2025-03-17',
    sections: ['志书编纂', '年鉴编纂', '开发利用'],
    rows: [
      '1|市地方志办公室|市档案馆||2025-10-31|',
      '2|各县（市、区）人民政府||3—5个=range:3-5，不少于2部=gte:2|2025-12-31|',
      '3|市地方志办公室||1200册=eq:1200|2025-09-30|',
      '4|各县（市、区）地方志工作机构||100%=eq:100|2025-12-31?|',
      '5|市地方志办公室|市数据局、市融媒体中心|不少于1.5万条=gte:15000|2025-12-31?|',
      '6|市地方志办公室|市图书馆|8期=eq:8，4期=eq:4|2025-06-30|',
    ],
    binary: ['docx', 'ofd'],
  },
  {
    file: 'l02-pipe-table.txt',
    layout:
      'table copied from a web page as | rows, with 责任领导 (a person) and 完成时限 cells (2024年11月, 全年, 长期坚持, 三季度末)',
    year: 2024,
    sections: ['史志工作任务分工'],
    rows: [
      '1|县史志研究室|县档案馆||2024-11-30|陈立新',
      '2|县史志研究室|县直各部门|不少于900条=gte:900|2024-08-31|陈立新',
      '3|县委党史办|各乡镇人民政府|20人次=eq:20|2024-12-31|刘海',
      '4|县委宣传部|县教育局、县史志研究室||2024-12-31∞|刘海',
      '5|县史志研究室|县数据中心|8.9万字=eq:89000|2024-09-30|陈立新',
    ],
    binary: ['docx', 'xlsx', 'csv', 'ofd'],
  },
  {
    file: 'l03-cell-per-line.txt',
    layout: 'table copied one cell per line after a header row, one row short of a cell',
    year: 2025,
    sections: ['工作任务分解表'],
    rows: [
      '1|县志办编纂股|县档案馆||2025-06-30|',
      '2|县志办年鉴股|县直各单位||2025-10-31|',
      '3|县志办资料股|||2025-12-31|',
      '4|县志办综合股|县委组织部|2次=eq:2|2025-06-30|',
    ],
    binary: ['docx'],
  },
  {
    file: 'l04-unit-lines.txt',
    layout:
      'unnumbered paragraphs, each followed by unit lines (牵头单位/配合单位/责任单位/协办单位/主办/责任科室/责任领导/完成时限)',
    year: 2025,
    sections: ['区志工作要点'],
    rows: [
      '1.1|区志办编研科|区档案馆、区统计局|80万字=eq:800000|2025-09-30|',
      '1.2|区志办年鉴科|区直各部门||2025-03-31|周建平',
      '1.3|各街道办事处|区志办指导科|2—3个=range:2-3|2025-12-31∞|',
      '1.4|区志办信息科|区融媒体中心||2025-12-31|何雨',
    ],
    binary: ['docx', 'ofd'],
  },
  {
    file: 'l05-trailing-and-marks.txt',
    layout:
      'units as trailing sentences (牵头落实, 负责, 分别负责, 牵头…按职责分工负责, 牵头…配合), in 〔〕 [] 【】 （）, with ▲ and ★',
    year: 2024,
    sections: ['编纂工作', '保障工作'],
    rows: [
      '1|市志办编研处|||2024-12-31?|',
      '2|市志办年鉴处||3部=eq:3|2024-12-31?|',
      '3|市教育局、市卫健委||不少于4部=gte:4|2024-12-31|',
      '4|市志办资料处|各区县志办|不少于1000件=gte:1000|2024-12-31?|',
      '5|市志办宣教处|各街道办事处|6场=eq:6|2024-12-31?|',
      '6|市志办人事处|办公室|2期=eq:2|2024-12-31?|',
      '7|财务处|办公室、人事处||2024-12-31?|',
      '8|宣教处|资料处|1次=eq:1|2024-12-31?|',
      '9|办公室|||2024-12-31?|',
    ],
    binary: ['docx', 'ofd'],
  },
  {
    file: 'l06-nested.txt',
    layout: 'three levels: 第一部分 / （一） / 1. with （1） and ① sub-items',
    year: 2025,
    sections: ['编纂出版', '开发利用'],
    rows: [
      '1|县志办|||2025-06-30|',
      '2|县教育局|县志办||2025-12-31|',
      '3|县志办||600册=eq:600|2025-12-31?|',
      '4|县志办|县文旅局|不少于5次=gte:5|2025-12-31?|',
      '5|县志办||30部=eq:30|2025-12-31?|',
    ],
    binary: ['docx', 'ofd'],
  },
  {
    file: 'l07-traditional.txt',
    layout: 'traditional characters, returned as written',
    year: 2024,
    sections: ['誌書編纂', '年鑑工作'],
    rows: [
      '1|編纂科|資料科|約120萬字=approx:1200000|2024-10-31|',
      '2|各鄉鎮人民政府||3部=eq:3|2024-12-31|',
      '3|年鑑科||800冊=eq:800|2024-12-31?|',
      '4|資料科|資訊中心||2024-06-30|',
    ],
    binary: ['docx', 'ofd'],
  },
  {
    file: 'l08-deadlines-targets.txt',
    layout:
      'deadlines (年底前, 三季度末, 明年年底前, 3月至6月, 上半年, 持续推进) and targets (万, ranges, 不少于, 不低于, 以上, %)',
    year: 2026,
    sections: ['馆藏建设', '展陈服务'],
    rows: [
      '1|馆藏部||不少于3000册=gte:3000，23万册=eq:230000|2026-12-31|',
      '2|修复部||1—2部=range:1-2，4—7部=range:4-7|2026-09-30|',
      '3|征集部|馆藏部|1.5万件以上=gte:15000|2026-12-31?|',
      '4|展陈部||不低于5万人次=gte:50000，不低于95%=gte:95|2026-12-31?|',
      '5|展陈部|办公室||2027-12-31|',
      '6|展陈部||4场=eq:4|2026-06-30|',
      '7|宣教部|||2026-12-31∞|',
      '8|宣教部||不少于2000小时=gte:2000|2026-06-30|',
    ],
    binary: ['docx', 'ofd'],
  },
  {
    file: 'l09-group-table.txt',
    layout:
      'table whose 类别 column groups rows into sections (merged cells in .docx/.xlsx), 牵头单位 + 责任单位 columns',
    year: 2025,
    sections: ['志书编纂', '年鉴编纂', '开发利用'],
    rows: [
      '1|市志办编纂处|各区县志办||2025-09-30|',
      '2|市水利局|市志办编纂处||2025-06-30|',
      '3|市志办年鉴处|市直各部门||2025-10-31|',
      '4|各区县志办|市志办年鉴处||2025-12-31|',
      '5|市志办研究处|市统计局|1部=eq:1|2025-12-31|',
    ],
    binary: ['docx', 'xlsx', 'csv', 'ofd'],
  },
  {
    file: 'l10-h1-items.txt',
    layout: 'a notice with its date, then items numbered 一、二、三 with no lower level',
    year: 2024,
    noticeDate: '2024-02-26',
    sections: ['志鉴工作安排'],
    rows: [
      '1|镇党政办|各村||2024-06-30|',
      '2|镇党政办||不少于30条=gte:30|2024-12-31?|',
      '3|镇文化站|镇财政所||2024-12-31|',
    ],
    binary: ['docx', 'ofd'],
  },
];

async function binaryForm(
  kind: 'docx' | 'xlsx' | 'ofd' | 'csv',
  text: string,
): Promise<{ bytes: Uint8Array; name: string }> {
  const cells = asCells(text);
  if (kind === 'docx') return { bytes: await buildDocx(cells), name: 'plan.docx' };
  if (kind === 'xlsx') return { bytes: await buildXlsx(cells), name: 'plan.xlsx' };
  if (kind === 'csv') return { bytes: buildGbkCsv(cells), name: 'plan.csv' };
  return { bytes: await buildOfd(cells), name: 'plan.ofd' };
}

describe.each(CASES)('layout $file: $layout', (c) => {
  const text = read(c.file);

  it('parses the .txt as expected', () => {
    const result = parsePlan(text);
    expect(result.plan.year).toBe(c.year);
    if (c.noticeDate !== undefined) expect(result.notice?.date ?? null).toBe(c.noticeDate);
    expect(result.sections.map((s) => s.title)).toEqual(c.sections);
    expect(brief(result)).toEqual(c.rows);
  });

  it.each(c.binary)('gives the same tasks from a .%s built from it', async (kind) => {
    const { bytes, name } = await binaryForm(kind, text);
    const extracted = await extractText(bytes, name);
    const result = parsePlan(extracted.text);
    expect(result.plan.year).toBe(c.year);
    expect(brief(result)).toEqual(c.rows);
  });
});

describe('layouts: details a table of units cannot show', () => {
  it('never turns the notice’s own 一、二、三 or its web-page lines into tasks', () => {
    const result = parsePlan(read('l01-web-notice.txt'));
    const texts = result.sections.flatMap((s) => s.tasks.map((t) => t.text)).join('\n');
    expect(texts).not.toMatch(/提高思想认识|明确责任分工|加强督促检查|来源|点击|打印/);
    expect(result.notice).toMatchObject({
      title: '青岩市人民政府办公室关于印发青岩市2025年地方志工作要点的通知',
      issuer: '青岩市人民政府办公室',
    });
    expect(result.notice?.addressees).toContain('各县（市、区）人民政府');
  });

  it('keeps the traditional text and unit names as written', () => {
    const task = parsePlan(read('l07-traditional.txt')).sections[0]!.tasks[0]!;
    expect(task.text).toBe('完成《南濱縣誌》續修初稿，總字數約120萬字，10月底前報送。');
    expect(task.unitMentions?.map((m) => m.name)).toEqual(['編纂科', '資料科']);
  });

  it('keeps sub-items of nested numbering with their task and the group heading as the group title', () => {
    const tasks = parsePlan(read('l06-nested.txt')).sections.flatMap((s) => s.tasks);
    expect(tasks[0]?.subItems?.map((s) => s.text)).toEqual(['组织专家终审会议；', '按终审意见修改定稿。']);
    expect(tasks.map((t) => t.groupTitle)).toEqual(['志书', '志书', '年鉴', '宣传推广', '宣传推广']);
  });

  it('separates statements written on one line with gaps, and drops the comma a removed statement leaves', () => {
    const text = [
      '河西县2024年工作要点',
      '一、编纂',
      '1.完成县志初审。',
      '牵头单位：县志办    配合单位：县档案馆    完成时限：6月底前',
      '2.（县志办负责）出版年鉴800册，责任领导：王强。',
    ].join('\n');
    const [first, second] = parsePlan(text).sections[0]!.tasks;
    expect(first).toMatchObject({
      leadUnits: ['县志办'],
      supportUnits: ['县档案馆'],
      deadline: { date: '2024-06-30', explicit: true },
    });
    expect(second).toMatchObject({ text: '出版年鉴800册', leadUnits: ['县志办'], leaders: ['王强'] });
  });

  it('takes the plan year from the body when neither title nor notice states one, and never from the clock', () => {
    const body = [
      '史志工作要点',
      '一、编纂',
      '1.完成2023年卷年鉴编纂，2023年底前出版。（年鉴科）',
      '2.整理2023年度资料。（资料科）',
    ].join('\n');
    expect(parsePlan(body).plan.year).toBe(2023);
    const yearless = ['史志工作要点', '一、编纂', '1.完成年鉴编纂。（年鉴科）'].join('\n');
    expect(() => parsePlan(yearless)).toThrow(/未能确定工作要点所属年度/);
    expect(parsePlan(yearless, { defaultYear: 2026 }).plan.year).toBe(2026);
  });

  it('reads a document date written 二〇〇六年四月二十八日', () => {
    const text = [
      '关于印发《某县2006年地方志工作要点》的通知',
      '各乡镇：',
      '现印发给你们。',
      '某县地方志办公室',
      '二〇〇六年四月二十八日',
      '某县2006年地方志工作要点',
      '一、编纂',
      '1.完成县志初稿。（县志办）',
    ].join('\n');
    expect(parsePlan(text).notice?.date).toBe('2006-04-28');
  });
});
