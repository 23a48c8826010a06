import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors.ts';
import type { TPlanParseResult } from '../../../../shared/workplan-parse.ts';
import { foldForMatching } from './normalize-text.ts';
import { parsePlan } from './parse-plan.ts';

/** Small fictional plans (our own sentences), one per form the parser must read. */

function rows(result: TPlanParseResult): [string, string, string[], string[]][] {
  return result.sections.flatMap((s) =>
    s.tasks.map((t) => [t.number, t.text, t.leadUnits, t.supportUnits] as [string, string, string[], string[]]),
  );
}

function expectAppError(run: () => unknown, message: RegExp): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('UNPROCESSABLE_DOCUMENT');
    expect((error as AppError).message).toMatch(message);
    return;
  }
  throw new Error('expected an AppError');
}

const SIMPLE = [
  '松岭县地方志办公室2024年工作要点',
  '一、志书编纂',
  '1.完成《松岭县志》初审，6月底前提交复审稿。（编纂股牵头，综合股配合）',
  '2、编辑《松岭年鉴》（2024）并印制800册。（年鉴股负责）',
  '二、资料工作',
  '3．征集口述史料不少于50份。（资料股、综合股）',
].join('\n');

describe('parsePlan: structure', () => {
  it('reads items numbered 1. 1、 1． under 一、 sections, with the plan title and year', () => {
    const result = parsePlan(SIMPLE);
    expect(result.notice).toBeNull();
    expect(result.plan).toMatchObject({
      title: '松岭县地方志办公室2024年工作要点',
      year: 2024,
      issuer: '松岭县地方志办公室',
    });
    expect(result.sections.map((s) => [s.ordinal, s.title])).toEqual([
      [1, '志书编纂'],
      [2, '资料工作'],
    ]);
    expect(rows(result)).toEqual([
      ['1', '完成《松岭县志》初审，6月底前提交复审稿。', ['编纂股'], ['综合股']],
      ['2', '编辑《松岭年鉴》（2024）并印制800册。', ['年鉴股'], []],
      ['3', '征集口述史料不少于50份。', ['资料股'], ['综合股']],
    ]);
    expect(result.sections[0]?.tasks[0]?.deadline).toMatchObject({ date: '2024-06-30', explicit: true });
    expect(result.sections[0]?.tasks[1]?.targets.map((t) => t.text)).toEqual(['800册']);
  });

  it('keeps （一） as a group level between sections and numbered items', () => {
    const text = [
      '松岭县方志办2024年工作要点',
      '一、重点任务',
      '（一）志书编纂',
      '1.完成县志初审。（编纂股）',
      '（二）年鉴编纂',
      '2.出版县年鉴。（年鉴股）',
    ].join('\n');
    const result = parsePlan(text);
    expect(result.sections).toHaveLength(1);
    expect(result.sections[0]?.tasks.map((t) => [t.number, t.groupTitle])).toEqual([
      ['1', '志书编纂'],
      ['2', '年鉴编纂'],
    ]);
  });

  it('reads （一） paragraphs as items when a document has no arabic numbering', () => {
    const text = [
      '松岭县方志办2024年工作要点',
      '一、志鉴编纂',
      '（一）完成县志初审。（编纂股负责）',
      '（二）出版县年鉴。（年鉴股负责）',
      '二、机关建设',
      '（一）开展业务培训2次。（综合股负责）',
    ].join('\n');
    expect(rows(parsePlan(text))).toEqual([
      ['1', '完成县志初审。', ['编纂股'], []],
      ['2', '出版县年鉴。', ['年鉴股'], []],
      ['1', '开展业务培训2次。', ['综合股'], []],
    ]);
  });

  it('keeps （1） and ① sub-items inside their item and lists them', () => {
    const text = [
      '松岭县方志办2024年工作要点',
      '一、志书编纂',
      '1.推进镇志编纂。',
      '（1）完成东岭镇志初稿；',
      '（2）启动西坪镇志资料收集。',
      '（编纂股牵头）',
      '2.做好年鉴出版。',
      '①编校；②印制。',
      '（年鉴股）',
    ].join('\n');
    const [first, second] = parsePlan(text).sections[0]?.tasks ?? [];
    expect(first?.text).toBe('推进镇志编纂。\n（1）完成东岭镇志初稿；\n（2）启动西坪镇志资料收集。');
    expect(first?.subItems?.map((s) => [s.marker, s.text])).toEqual([
      ['（1）', '完成东岭镇志初稿；'],
      ['（2）', '启动西坪镇志资料收集。'],
    ]);
    expect(first?.leadUnits).toEqual(['编纂股']);
    expect(second?.subItems?.map((s) => s.marker)).toEqual(['①']);
    expect(second?.leadUnits).toEqual(['年鉴股']);
  });

  it('splits 一是…二是… into items where a section has no numbered items', () => {
    const text = [
      '松岭县方志办2024年工作要点',
      '一、志书编纂',
      '1.完成县志初审。（编纂股）',
      '二、队伍建设',
      '全年重点抓好三件事：一是举办业务培训班，二是开展编纂人员轮训，三是建立专家库。（综合股牵头，编纂股配合）',
    ].join('\n');
    const result = parsePlan(text);
    expect(rows(result).slice(1)).toEqual([
      ['2.1', '一是举办业务培训班，', ['综合股'], ['编纂股']],
      ['2.2', '二是开展编纂人员轮训，', ['综合股'], ['编纂股']],
      ['2.3', '三是建立专家库。', ['综合股'], ['编纂股']],
    ]);
  });

  it('reads unit lines after an item', () => {
    const text = [
      '松岭县方志办2024年工作要点',
      '一、资料工作',
      '1.建设地情资料库。',
      '牵头单位：资料股',
      '责任单位：综合股、编纂股',
    ].join('\n');
    expect(rows(parsePlan(text))).toEqual([['1', '建设地情资料库。', ['资料股'], ['综合股', '编纂股']]]);
  });

  it('reads a table with lead, support and deadline columns and heading rows', () => {
    const text = [
      '松岭县方志办2024年工作要点',
      '序号\t工作任务\t牵头单位\t配合单位\t完成时限',
      '一、志书编纂\t\t\t\t',
      '1\t完成县志初审\t编纂股\t综合股、资料股\t9月30日前',
      '二、年鉴编纂\t\t\t\t',
      '2\t出版县年鉴1000册\t年鉴股\t\t年底前',
    ].join('\n');
    const result = parsePlan(text);
    expect(result.sections.map((s) => s.title)).toEqual(['志书编纂', '年鉴编纂']);
    expect(rows(result)).toEqual([
      ['1', '完成县志初审', ['编纂股'], ['综合股', '资料股']],
      ['2', '出版县年鉴1000册', ['年鉴股'], []],
    ]);
    expect(result.sections[0]?.tasks[0]?.deadline).toMatchObject({ date: '2024-09-30', explicit: true });
    expect(result.sections[1]?.tasks[0]?.targets.map((t) => t.value)).toEqual([1000]);
  });

  it('keeps general requirements as the description, never as tasks', () => {
    const text = [
      '松岭县方志办2024年工作要点',
      '一、总体要求',
      '坚持依法治志，全面完成年度任务。一是抓编纂，二是抓开发。',
      '二、重点任务',
      '1.完成县志初审。（编纂股）',
    ].join('\n');
    const result = parsePlan(text);
    expect(result.plan.preamble).toBe('总体要求\n坚持依法治志，全面完成年度任务。一是抓编纂，二是抓开发。');
    expect(rows(result)).toEqual([['1', '完成县志初审。', ['编纂股'], []]]);
  });

  it('warns about a task without units and a gap in the numbering', () => {
    const text = ['松岭县方志办2024年工作要点', '一、志书编纂', '1.完成县志初审。', '3.出版县年鉴。（年鉴股）'].join(
      '\n',
    );
    const result = parsePlan(text);
    expect(result.sections[0]?.tasks[0]?.warnings).toEqual(['未标明责任单位']);
    expect(result.warnings).toEqual(['事项编号不连续：1 之后是 3，请核对是否漏项', '第 1 项：未标明责任单位']);
  });
});

describe('parsePlan: notice', () => {
  it('reads title, 主送 addressees, issuer and a date in Chinese numerals; its reporting date is no deadline', () => {
    const text = [
      '松岭县地方志办公室',
      '关于印发《松岭县地方志办公室2024年工作要点》的',
      '通知',
      '松志办发〔2024〕3号',
      '主送：各乡镇人民政府，县直各部门',
      '现将工作要点印发给你们，请于每月23日前报送进展情况。',
      '松岭县地方志办公室',
      '二〇二四年一月五日',
      '松岭县地方志办公室2024年工作要点',
      '一、志书编纂',
      '1.完成县志初审。（编纂股）',
    ].join('\n');
    const result = parsePlan(text);
    expect(result.notice).toMatchObject({
      title: '关于印发《松岭县地方志办公室2024年工作要点》的通知',
      issuer: '松岭县地方志办公室',
      date: '2024-01-05',
      addressees: ['各乡镇人民政府', '县直各部门'],
    });
    expect(result.sections[0]?.tasks[0]?.deadline.explicit).toBe(false);
  });

  it('uses defaultYear when the title states no year', () => {
    const result = parsePlan(['松岭县方志办工作要点', '一、志书编纂', '1.完成县志初审。（编纂股）'].join('\n'), {
      defaultYear: 2025,
    });
    expect(result.plan.year).toBe(2025);
    expect(result.sections[0]?.tasks[0]?.deadline.date).toBe('2025-12-31');
    expect(result.warnings[0]).toMatch(/未写明年度.*2025/);
  });
});

describe('parsePlan: input variants give the same table', () => {
  const clean = rows(parsePlan(SIMPLE));

  it('reads traditional characters with ASCII punctuation', () => {
    const traditional = [
      '松嶺縣地方誌辦公室2024年工作要點',
      '一、誌書編纂',
      '1. 完成《松嶺縣誌》初審,6月底前提交複審稿.(編纂股牽頭,綜合股配合)',
      '2、編輯《松嶺年鑑》(2024)並印製800冊.(年鑑股負責)',
      '二、資料工作',
      '3．徵集口述史料不少於50份.(資料股、綜合股)',
    ].join('\n');
    const result = rows(parsePlan(traditional));
    // Units and text come back as the document wrote them; folded they are the simplified document's.
    expect(result.map((r) => [r[0], r[2], r[3]])).toEqual([
      ['1', ['編纂股'], ['綜合股']],
      ['2', ['年鑑股'], []],
      ['3', ['資料股'], ['綜合股']],
    ]);
    expect(result.map((r) => [r[0], r[2].map((n) => foldForMatching(n)), r[3].map((n) => foldForMatching(n))])).toEqual(
      clean.map((r) => [r[0], r[2], r[3]]),
    );
    expect(result[0]?.[1]).toContain('完成《松嶺縣誌》初審，6月底前提交複審稿');
  });

  it('reads PDF-extracted text with wrapped lines, page numbers and running headers', () => {
    const pdfLike = [
      '松岭县地方志办公室2024年工作要点',
      '一、志书编纂',
      '1.完成《松岭县志》初审，6月底前提交复审稿。（编纂',
      '股牵头，综合股配合）',
      '— 1 —',
      '松岭县方志办文件',
      '2、编辑《松岭年鉴》（2024）并印制800册。（年鉴股负',
      '责）',
      '- 2 -',
      '松岭县方志办文件',
      '二、资料工作',
      '3．征集口述史料不少于50份。（资料股、综合股）',
      '第3页',
      '松岭县方志办文件',
    ].join('\n');
    expect(rows(parsePlan(pdfLike))).toEqual(clean);
  });

  it('reads pasted items without any title', () => {
    const result = parsePlan('1.完成县志初审。（编纂股）\n2.出版县年鉴。（年鉴股）', { defaultYear: 2024 });
    expect(rows(result)).toHaveLength(2);
    expect(result.warnings).toContain('未识别到工作要点标题，请在导入前补充');
  });

  it('uses known units to accept a plain list of names that have no unit ending', () => {
    const text = '松岭县方志办2024年工作要点\n一、宣传\n1.举办方志展览。（文史沙龙、松岭书友）';
    expect(rows(parsePlan(text))[0]?.[2]).toEqual([]);
    const known = parsePlan(text, { knownUnits: ['文史沙龙', '松岭书友', '编纂股'] });
    expect(rows(known)[0]?.slice(2)).toEqual([['文史沙龙'], ['松岭书友']]);
    expect(known.warnings.some((w) => w.includes('不在单位名录'))).toBe(false);
    const unknown = parsePlan(SIMPLE, { knownUnits: ['编纂股', '综合股'] });
    expect(unknown.warnings).toContain('以下单位不在单位名录中，请对应到已有单位或新建：年鉴股；资料股');
  });
});

describe('parsePlan: errors', () => {
  it('refuses empty text', () => {
    expectAppError(() => parsePlan(' \n\u3000\n'), /内容为空/);
  });

  it('refuses a document without recognisable items', () => {
    expectAppError(
      () => parsePlan('会议纪要\n会议讨论了年度工作安排，与会同志发了言。'),
      /未识别到任何工作事项.*请确认文件是工作要点正文/,
    );
  });
});

describe('parsePlan: document edges', () => {
  it('does not glue a closing signature onto the last task', () => {
    const text = [
      '松岭县方志办2024年工作要点',
      '一、志书编纂',
      '1.完成县志初审。（编纂股）',
      '松岭县方志办',
      '2024年1月5日',
    ].join('\n');
    expect(rows(parsePlan(text))).toEqual([['1', '完成县志初审。', ['编纂股'], []]]);
  });

  it('prefers the plan’s own title line over an 附件 note, and a wrapped notice title is no plan title', () => {
    const text = [
      '关于印发松岭县方志办2024年工作要点',
      '的通知',
      '各股室：',
      '现将工作要点印发给你们。',
      '附件：松岭县方志办2024年工作要点',
      '松岭县方志办',
      '2024年1月5日',
      '松岭县方志办2024年工作要点',
      '一、志书编纂',
      '1.完成县志初审。（编纂股）',
    ].join('\n');
    const result = parsePlan(text);
    expect(result.notice).toMatchObject({
      title: '关于印发松岭县方志办2024年工作要点的通知',
      date: '2024-01-05',
      addressees: ['各股室'],
    });
    expect(result.plan.title).toBe('松岭县方志办2024年工作要点');
    expect(result.plan.preamble).toBe('');
  });
});

describe('parsePlan: another body’s layout', () => {
  it('reads （一） items under 一、, a unit statement at the end of the line and units with a deadline in one parenthesis', () => {
    const text = [
      '附件',
      '白河市地方志工作2024年工作要点',
      '一、总体要求',
      '以依法治志为统领，推进志、鉴、史、馆协调发展。',
      '二、重点任务',
      '（一）加强志书编纂。完成《白河市志（2006—2020）》复审，力争年底前出版。（市志办负责）',
      '（二）提升年鉴质量。编辑出版《白河年鉴（2024）》，发行不少于500册。责任单位：年鉴科；配合单位：各县（市、区）史志办。',
      '（三）开发地情资源。拍摄地情专题片1—2部，上半年完成脚本。（责任单位：编研科；完成时限：6月底前）',
      '三、保障措施',
      '（一）加强组织领导。各单位要高度重视。',
    ].join('\n');
    const result = parsePlan(text);
    expect(result.plan.title).toBe('白河市地方志工作2024年工作要点');
    expect(result.plan.preamble).toContain('保障措施');
    expect(rows(result)).toEqual([
      ['1', '加强志书编纂。完成《白河市志（2006—2020）》复审，力争年底前出版。', ['市志办'], []],
      ['2', '提升年鉴质量。编辑出版《白河年鉴（2024）》，发行不少于500册。', ['年鉴科'], ['各县（市、区）史志办']],
      ['3', '开发地情资源。拍摄地情专题片1—2部，上半年完成脚本。', ['编研科'], []],
    ]);
    const tasks = result.sections[0]?.tasks ?? [];
    expect(tasks.map((t) => t.deadline.date)).toEqual(['2024-12-31', '2024-12-31', '2024-06-30']);
    expect(tasks.map((t) => t.deadline.explicit)).toEqual([true, false, true]);
    expect(tasks[1]?.targets.map((t) => [t.comparator, t.value])).toEqual([['gte', 500]]);
  });
});
