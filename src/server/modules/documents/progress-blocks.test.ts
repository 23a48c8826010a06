import { describe, expect, it } from 'vitest';
import type { TTaskHealth } from '../../../shared/supervision.ts';
import { composeBulletin } from './bulletin.ts';
import { bulletinSpan, periodStartDate, reportFallsIn, summarySpan } from './document-period.ts';
import type { OfficialBlock } from './official-format.ts';
import type { PlanReportData, ReportDigest, TaskReportData } from './plan-report-model.ts';
import { composeProgressBlocks, headlineOf, splitTitle, taskList, toChineseNumeral } from './progress-blocks.ts';
import { composeSummary } from './summary.ts';

/** The progress blocks hold no tables. */
type TextBlock = Exclude<OfficialBlock, { kind: 'table' }>;

const health = (status: TTaskHealth['status'], actual: number, reportOverdue = false): TTaskHealth => ({
  status,
  light: ({ not_started: 'grey', on_track: 'green', at_risk: 'yellow', behind: 'red', done: 'blue' } as const)[status],
  planned: 50,
  actual,
  reportOverdue,
  reasons: [],
});
const digest = (unitName: string, progressText: string, extra: Partial<ReportDigest> = {}): ReportDigest => ({
  unitName,
  period: '2023-06',
  percent: 60,
  progressText,
  problems: null,
  nextSteps: null,
  decidedAt: '2023-06-25T00:00:00Z',
  ...extra,
});
const task = (number: string, text: string, extra: Partial<TaskReportData> = {}): TaskReportData => ({
  id: Number(number),
  number,
  text,
  deadline: '2023-12-31',
  deadlineText: null,
  leadUnits: ['甲处'],
  supportUnits: [],
  targets: [],
  closedAt: null,
  health: health('on_track', 60),
  previousHealth: null,
  latestLead: [],
  spanLead: [],
  spanSupport: [],
  ...extra,
});

const data: PlanReportData = {
  plan: {
    id: 1,
    year: 2023,
    title: '某市地方志编纂委员会2023年工作要点',
    issuer: '某市地方志编纂委员会',
    addressees: [],
  },
  asOf: '2023-06-30',
  today: '2023-07-05',
  span: { key: '2023-06', label: '2023年6月', from: '2023-06-01', to: '2023-06-30' },
  sections: [
    {
      ordinal: 1,
      title: '志书编纂',
      tasks: [
        task('1', '完成某志终审，年底前出版。', {
          spanLead: [digest('甲处', '已召开终审会议', { problems: '图照版权未落实', nextSteps: '7月交付出版社' })],
          spanSupport: [digest('乙处', '提供年鉴索引。')],
        }),
        task('2', '编辑年鉴。', { health: health('behind', 10, true) }),
      ],
    },
    { ordinal: 2, title: '资料工作', tasks: [task('3', '征集资料。', { health: health('done', 100) })] },
  ],
  previousAsOf: '2023-05-31',
  decisions: { instructions: [], extensions: [] },
};

describe('bulletin and summary text', () => {
  it('writes the four parts in order from the data, with counts by light and the completion rate', () => {
    const blocks = composeProgressBlocks(data, '本期') as TextBlock[];
    const headings = blocks.filter((b) => b.kind === 'heading1' || b.kind === 'heading2').map((b) => b.text);
    expect(headings).toEqual([
      '一、总体进展',
      '二、分项进展',
      '（一）志书编纂',
      '（二）资料工作',
      '三、存在问题',
      '四、下一步工作',
    ]);
    const overall = blocks[1]!.text;
    expect(overall).toContain('共部署任务3项，其中已完成1项，正常推进1项，严重滞后1项');
    expect(overall).toContain('任务完成率33%，各项任务平均完成进度57%');
    expect(blocks[2]!.text).toBe(
      '本期共有1项任务的牵头单位报送进展并经审核通过，配合单位报送配合情况1份；逾期未报送进展的任务1项（第2项）。',
    );
    const t1 = blocks.find((b) => b.kind === 'heading3' && b.text.startsWith('1.'));
    expect(t1).toEqual({
      kind: 'heading3',
      text: '1.完成某志终审，年底前出版。',
      follow: '（牵头单位：甲处，正常推进，完成进度60%）已召开终审会议。配合单位乙处：提供年鉴索引。',
    });
    const t2 = blocks.find((b) => b.kind === 'heading3' && b.text.startsWith('2.'));
    expect(t2 && 'follow' in t2 ? t2.follow : '').toContain('本期暂无经审核的进展报告。');
    const after = (heading: string) => blocks[blocks.findIndex((b) => b.text === heading) + 1]!.text;
    expect(after('三、存在问题')).toBe('1.甲处（第1项）：图照版权未落实。');
    expect(after('四、下一步工作')).toBe('1.甲处（第1项）：7月交付出版社。');
  });

  it('says so when no report names a problem, instead of inventing one', () => {
    const quiet = {
      ...data,
      sections: data.sections.map((s) => ({
        ...s,
        tasks: s.tasks.map((t) => ({ ...t, spanLead: [], spanSupport: [] })),
      })),
    };
    const blocks = composeProgressBlocks(quiet, '上半年') as TextBlock[];
    expect(blocks[blocks.findIndex((b) => b.text === '三、存在问题') + 1]!.text).toBe(
      '上半年经审核的进展报告中未反映存在问题。',
    );
  });

  it('titles the bulletin and the summary, addressed to the committee offices when the plan named nobody', () => {
    const bulletin = composeBulletin(data);
    expect(bulletin.title.replace('\n', '')).toBe('关于2023年6月《某市地方志编纂委员会2023年工作要点》落实情况的通报');
    expect(bulletin.addressee).toBe('委内各处室、直属事业单位');
    expect((bulletin.blocks[0] as TextBlock).text).toBe(
      '现将2023年6月《某市地方志编纂委员会2023年工作要点》各项任务推进情况通报如下：',
    );
    expect(bulletin).toMatchObject({ issuer: '某市地方志编纂委员会', date: '2023-07-05' });
    const summary = composeSummary({
      ...data,
      span: { key: '2023-H1', label: '2023年上半年', from: '2023-01-01', to: '2023-06-30' },
    });
    // 20 cells fit one line of 2号; the longer 云川 title below is split.
    expect(summary.title).toBe('某市地方志编纂委员会2023年上半年工作总结');
  });

  it('shortens task headings at a sentence or comma and splits titles at word boundaries', () => {
    expect(headlineOf('完成终审。另附说明若干。')).toBe('完成终审。');
    expect(headlineOf('做好资料收集；推进编写')).toBe('做好资料收集。');
    const long = `${'甲'.repeat(30)}，${'乙'.repeat(20)}。`;
    expect(headlineOf(long)).toBe(`${'甲'.repeat(30)}。`);
    expect(headlineOf('丙'.repeat(50))).toBe(`${'丙'.repeat(40)}……`);
    expect(splitTitle('短标题')).toBe('短标题');
    expect(splitTitle('云川市地方志编纂委员会2024年上半年工作总结')).toBe(
      '云川市地方志编纂委员会\n2024年上半年工作总结',
    );
    expect(toChineseNumeral(3)).toBe('三');
    expect(toChineseNumeral(12)).toBe('十二');
    expect(toChineseNumeral(20)).toBe('二十');
  });
});

describe('document periods', () => {
  it('reads bulletin periods of any cycle and summary halves, and counts reports that end inside', () => {
    expect(bulletinSpan('2023-06', 2023)).toEqual({
      key: '2023-06',
      label: '2023年6月',
      from: '2023-06-01',
      to: '2023-06-30',
    });
    expect(bulletinSpan('2023-Q2', 2023)).toMatchObject({ from: '2023-04-01', to: '2023-06-30' });
    expect(summarySpan('2023-H1', 2023)).toMatchObject({ label: '2023年上半年', to: '2023-06-30' });
    expect(summarySpan('2023', 2023)).toMatchObject({ label: '2023年', to: '2023-12-31' });
    expect(periodStartDate('2023-H2')).toBe('2023-07-01');
    // A quarterly Q2 report belongs to the June bulletin; a May report does not.
    expect(reportFallsIn('2023-Q2', bulletinSpan('2023-06', 2023))).toBe(true);
    expect(reportFallsIn('2023-05', bulletinSpan('2023-06', 2023))).toBe(false);
    expect(() => bulletinSpan('2023-6', 2023)).toThrow(/格式不对/);
    expect(() => summarySpan('2023-H2', 2023)).toThrow(/2023-H1（上半年）或 2023（全年）/);
  });
});

describe('taskList', () => {
  const of = (...numbers: string[]) => numbers.map((number) => ({ number }));
  it('writes runs of consecutive numbers as ranges', () => {
    expect(taskList(of('2'))).toBe('第2项');
    expect(taskList(of('3', '4'))).toBe('第3、4项');
    expect(taskList(of(...Array.from({ length: 40 }, (_, i) => String(i + 1)).filter((n) => n !== '21')))).toBe(
      '第1—20、22—40项',
    );
    expect(taskList(of('1', '2', '3', '7', '2.1'))).toBe('第1—3、7、2.1项');
  });
});
