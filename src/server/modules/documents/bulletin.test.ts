import { describe, expect, it } from 'vitest';
import type { TTaskHealth } from '../../../shared/supervision.ts';
import { composeBulletin } from './bulletin.ts';
import { readDocNumber } from './export-plan-document.ts';
import type { OfficialBlock } from './official-format.ts';
import type { PlanReportData, TaskReportData } from './plan-report-model.ts';

const health = (status: TTaskHealth['status'], actual: number, planned = 50, reportOverdue = false): TTaskHealth => ({
  status,
  light: ({ not_started: 'grey', on_track: 'green', at_risk: 'yellow', behind: 'red', done: 'blue' } as const)[status],
  planned,
  actual,
  reportOverdue,
  reasons: [],
});
const task = (number: string, extra: Partial<TaskReportData>): TaskReportData => ({
  id: Number(number),
  number,
  text: `第${number}项任务的内容，要求年底前完成。`,
  deadline: '2023-12-31',
  deadlineText: null,
  leadUnits: ['甲处'],
  supportUnits: [],
  targets: [],
  closedAt: null,
  health: health('on_track', 50),
  previousHealth: health('on_track', 50),
  latestLead: [],
  spanLead: [],
  spanSupport: [],
  ...extra,
});

const data: PlanReportData = {
  plan: { id: 1, year: 2023, title: '某市2023年工作要点', issuer: '某市地方志编纂委员会', addressees: [] },
  asOf: '2023-07-05',
  today: '2023-07-05',
  span: { key: '2023-06', label: '2023年6月', from: '2023-06-01', to: '2023-06-30' },
  previousAsOf: '2023-05-31',
  sections: [
    {
      ordinal: 1,
      title: '志书编纂',
      tasks: [
        task('1', { health: health('done', 100), previousHealth: health('on_track', 80) }),
        task('2', {
          leadUnits: ['乙处', '丙处'],
          health: health('behind', 10, 60, true),
          previousHealth: health('at_risk', 10),
        }),
      ],
    },
    {
      ordinal: 2,
      title: '资料工作',
      tasks: [
        task('3', { health: health('on_track', 60), previousHealth: health('at_risk', 30) }),
        task('4', { leadUnits: ['乙处'], supportUnits: ['甲处'], health: health('at_risk', 20, 40) }),
      ],
    },
  ],
  decisions: {
    instructions: [
      {
        taskId: 2,
        authorName: '王主任',
        text: '务必按期完成。',
        createdAt: '2023-06-12T02:00:00Z',
        replies: [{ unitName: '乙处', text: '坚决落实', repliedAt: '2023-06-14T02:00:00Z' }],
      },
    ],
    extensions: [
      {
        taskId: 4,
        unitName: '乙处',
        reason: '经费未到位',
        oldDate: '2023-06-30',
        newDate: '2023-09-30',
        approved: true,
        decidedAt: '2023-06-20T02:00:00Z',
        comment: null,
      },
    ],
  },
};

const texts = (blocks: OfficialBlock[]) => blocks.map((b) => ('text' in b ? b.text : ''));
const after = (blocks: OfficialBlock[], heading: string) => {
  const list = texts(blocks);
  const at = list.indexOf(heading);
  const next = list.findIndex((t, i) => i > at && /^[一二三四五六]、/.test(t));
  return list.slice(at + 1, next === -1 ? undefined : next);
};

describe('the progress bulletin as offices write it', () => {
  const doc = composeBulletin(data, { redHeader: true, docNumber: '某志办通〔2023〕6号' });

  it('has the 版头 only when asked and the plan has an issuer', () => {
    expect(doc.redHeader).toEqual({ mark: '某市地方志编纂委员会文件', docNumber: '某志办通〔2023〕6号' });
    expect(composeBulletin(data).redHeader).toBeNull();
    expect(
      composeBulletin({ ...data, plan: { ...data.plan, issuer: null } }, { redHeader: true, docNumber: null }),
    ).toMatchObject({ redHeader: null });
  });

  it('carries every task in one compact table with section rows, lead unit, light and progress', () => {
    const table = doc.blocks.find((b) => b.kind === 'table');
    expect(table).toMatchObject({ columns: ['序号', '任务', '牵头单位', '状态', '完成进度'] });
    if (table?.kind !== 'table') throw new Error('no table');
    expect(table.rows.map((r) => r[0])).toEqual(['（一）志书编纂', '1', '2', '（二）资料工作', '3', '4']);
    expect(table.rows[2]).toEqual([
      '2',
      expect.stringMatching(/^第2项任务的内容/),
      '乙处、丙处',
      '严重滞后\n逾期未报',
      '10%\n计划60%',
    ]);
    expect(table.colors?.[2]?.[3]).toBe('C00000');
    // No paragraph per task any more.
    expect(doc.blocks.some((b) => b.kind === 'heading3')).toBe(false);
  });

  it('names what changed since the previous period and which units lag, each lead unit on its own', () => {
    const changes = after(doc.blocks, '三、本期变化').join('');
    expect(changes).toContain('与上期（截至2023年5月31日）相比');
    expect(changes).toContain('新完成（办结）任务1项（第1项）');
    expect(changes).toContain('状态好转1项：第3项由进度滞后转为正常推进');
    expect(changes).toContain('状态退步2项：第2项由进度滞后转为严重滞后，第4项由正常推进转为进度滞后');
    expect(changes).toContain('完成进度有提升的在办任务1项（第3项）');
    const lagging = after(doc.blocks, '四、需加快推进的单位');
    expect(lagging).toEqual([
      '1.乙处：第2项严重滞后（计划60%，实际10%）、逾期未报送进展；第4项进度滞后（计划40%，实际20%）。',
      '2.丙处：第2项严重滞后（计划60%，实际10%）、逾期未报送进展。',
      '请以上2个单位分析滞后原因，制定整改措施，加快推进，并按期报送进展。',
    ]);
  });

  it('quotes the leaders’ 批示 with who answered and who has not, and the decided 延期', () => {
    const part = after(doc.blocks, '五、领导批示和延期事项');
    expect(part).toEqual([
      '（一）领导批示',
      '1.6月12日，王主任对第2项任务批示：“务必按期完成”。乙处6月14日回复：“坚决落实”。丙处尚未回复落实情况。',
      '（二）延期事项',
      '1.第4项任务经乙处申请（申请理由：经费未到位），委领导于6月20日同意延期，完成时限由2023年6月30日调整为2023年9月30日。',
    ]);
    const quiet = composeBulletin({ ...data, decisions: { instructions: [], extensions: [] } });
    expect(after(quiet.blocks, '五、领导批示和延期事项')).toEqual(['2023年6月以来，无领导批示和延期事项。']);
  });

  it('says the first bulletin of the year has nothing to compare with', () => {
    const first = composeBulletin({ ...data, previousAsOf: null });
    expect(after(first.blocks, '三、本期变化')).toEqual([
      '2023年6月为本年度首期通报，以后各期与上期对比通报变化情况。',
    ]);
  });
});

describe('发文字号', () => {
  it('accepts the official form, turning square or round brackets into 六角括号', () => {
    expect(readDocNumber('云志办通〔2024〕6号')).toBe('云志办通〔2024〕6号');
    expect(readDocNumber(' 云志办通[2024]6号 ')).toBe('云志办通〔2024〕6号');
    expect(readDocNumber('云志办通（2024）12号')).toBe('云志办通〔2024〕12号');
    expect(readDocNumber('')).toBeNull();
    expect(readDocNumber(undefined)).toBeNull();
  });
  it('refuses anything else with a message that shows the form', () => {
    for (const bad of ['2024年6号', '云志办通〔24〕6号', '云志办通〔2024〕06号', '云志办通〔2024〕6', '<b>〔2024〕1号'])
      expect(() => readDocNumber(bad), bad).toThrow(/应写作“机关代字〔年份〕序号号”/);
  });
});
