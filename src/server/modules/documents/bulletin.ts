import { TASK_STATUS_LABELS, type TTaskStatus } from '../../../shared/supervision.ts';
import { formatOfficialDate, type OfficialBlock, type OfficialDocumentInput } from './official-format.ts';
import type { PlanReportData, TaskReportData } from './plan-report-model.ts';
import { addresseeOf, headlineOf, splitTitle, taskList, toChineseNumeral } from './progress-blocks.ts';

/**
 * 工作进展通报 as offices write it: optional 版头 (red 发文机关标志 and 文号), then
 * 一、总体情况 (counts and reporting) → 二、任务进展一览 (one compact table: task, lead unit, light, progress) →
 * 三、本期变化 (what changed since the previous period: lights, 办结, progress) → 四、需加快推进的单位 (lagging and
 * overdue tasks by lead unit) → 五、领导批示和延期事项 (批示 with the units' answers, decided 延期). No prose per task:
 * the table carries every task, the paragraphs only what needs reading. Every sentence comes from the data. Pure.
 */

export interface BulletinOptions {
  /** Print the 版头 (needs the plan's issuer). */
  redHeader: boolean;
  /** 发文字号 under the 版头, as the office assigns it (吉志办通〔2024〕3号); null leaves it out. */
  docNumber: string | null;
}

const percent = (p: number) => `${Math.round(p)}%`;
/** Status text colours for the table: finished blue, on track green, lagging amber, behind red, not started grey. */
const STATUS_COLOR: Record<TTaskStatus, string> = {
  done: '1F4E9A',
  on_track: '1E7B34',
  at_risk: 'B36B00',
  behind: 'C00000',
  not_started: '595959',
};
/** Reading order: the better the state, the earlier it is named. */
const RANK: Record<TTaskStatus, number> = { done: 4, on_track: 3, not_started: 2, at_risk: 1, behind: 0 };

const dateOf = (iso: string) => formatOfficialDate(iso.slice(0, 10));
const monthDay = (iso: string) => {
  const [, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${m}月${d}日`;
};
const quote = (text: string) => `“${text.trim().replace(/[。；;]$/, '')}”`;
const leadOf = (t: TaskReportData) => t.leadUnits.join('、') || '未明确牵头单位';

function overallBlocks(data: PlanReportData, tasks: TaskReportData[]): OfficialBlock[] {
  const count = (s: TTaskStatus) => tasks.filter((t) => t.health?.status === s).length;
  const order: TTaskStatus[] = ['done', 'on_track', 'at_risk', 'behind', 'not_started'];
  const parts = order.filter((s) => count(s) > 0).map((s) => `${TASK_STATUS_LABELS[s]}${count(s)}项`);
  const reported = tasks.filter((t) => t.spanLead.length > 0).length;
  const overdue = tasks.filter((t) => t.health?.reportOverdue);
  const measured = tasks.filter((t) => t.health);
  const average = measured.length ? measured.reduce((n, t) => n + (t.health?.actual ?? 0), 0) / measured.length : 0;
  return [
    { kind: 'heading1', text: '一、总体情况' },
    {
      kind: 'body',
      text:
        `截至${formatOfficialDate(data.asOf)}，《${data.plan.title}》共部署任务${tasks.length}项` +
        (parts.length ? `，其中${parts.join('，')}` : '') +
        `；各项任务平均完成进度${percent(average)}。${data.span.label}有${reported}项任务的牵头单位报送进展并经审核通过` +
        (overdue.length ? `，${overdue.length}项任务逾期未报送（${taskList(overdue)}）。` : '，无逾期未报送的任务。'),
    },
  ];
}

function tableBlock(data: PlanReportData): OfficialBlock {
  const rows: string[][] = [];
  const colors: (string | null)[][] = [];
  const many = data.sections.length > 1;
  data.sections.forEach((section, i) => {
    if (many && section.tasks.length) {
      rows.push([`（${toChineseNumeral(i + 1)}）${section.title}`]);
      colors.push([null]);
    }
    for (const t of section.tasks) {
      const h = t.health;
      rows.push([
        t.number,
        headlineOf(t.text, 36).replace(/[。；]$/, ''),
        leadOf(t),
        h ? TASK_STATUS_LABELS[h.status] + (h.reportOverdue ? '\n逾期未报' : '') : '—',
        h ? `${percent(h.actual)}\n计划${percent(h.planned)}` : '—',
      ]);
      colors.push([null, null, null, h ? STATUS_COLOR[h.status] : null, null]);
    }
  });
  return {
    kind: 'table',
    columns: ['序号', '任务', '牵头单位', '状态', '完成进度'],
    widths: [8, 40, 17, 16, 19],
    rows,
    colors,
  };
}

/** 三、本期变化: newly finished, lights that moved up or down, progress made — against the previous period's end. */
function changeBlocks(data: PlanReportData, tasks: TaskReportData[]): OfficialBlock[] {
  const blocks: OfficialBlock[] = [{ kind: 'heading1', text: '三、本期变化' }];
  if (!data.previousAsOf) {
    blocks.push({ kind: 'body', text: `${data.span.label}为本年度首期通报，以后各期与上期对比通报变化情况。` });
    return blocks;
  }
  const since = `与上期（截至${formatOfficialDate(data.previousAsOf)}）相比`;
  const finished: TaskReportData[] = [];
  const better: string[] = [];
  const worse: string[] = [];
  const advanced: TaskReportData[] = [];
  for (const t of tasks) {
    const now = t.health;
    const before = t.previousHealth;
    if (!now || !before) continue;
    if (now.status === 'done' && before.status !== 'done') finished.push(t);
    else if (now.status !== before.status) {
      const line = `第${t.number}项由${TASK_STATUS_LABELS[before.status]}转为${TASK_STATUS_LABELS[now.status]}`;
      (RANK[now.status] > RANK[before.status] ? better : worse).push(line);
    }
    if (now.status !== 'done' && now.actual > before.actual) advanced.push(t);
  }
  const sentences: string[] = [];
  if (finished.length) sentences.push(`新完成（办结）任务${finished.length}项（${taskList(finished)}）`);
  if (better.length) sentences.push(`状态好转${better.length}项：${better.join('，')}`);
  if (worse.length) sentences.push(`状态退步${worse.length}项：${worse.join('，')}`);
  if (advanced.length) sentences.push(`完成进度有提升的在办任务${advanced.length}项（${taskList(advanced)}）`);
  const stalled = tasks.filter(
    (t) => t.health && t.previousHealth && t.health.status !== 'done' && t.health.actual === t.previousHealth.actual,
  );
  if (stalled.length && sentences.length)
    sentences.push(`完成进度未变化的在办任务${stalled.length}项（${taskList(stalled)}）`);
  blocks.push({
    kind: 'body',
    text: sentences.length
      ? `${since}，${sentences.join('；')}。`
      : `${since}，各项任务的状态和完成进度均无变化，请各单位加大推进力度。`,
  });
  return blocks;
}

/** 四、需加快推进的单位: each lead unit with its lagging, overdue or unreported tasks. */
function laggingBlocks(tasks: TaskReportData[]): OfficialBlock[] {
  const blocks: OfficialBlock[] = [{ kind: 'heading1', text: '四、需加快推进的单位' }];
  const byUnit = new Map<string, string[]>();
  for (const t of tasks) {
    const h = t.health;
    if (!h || h.status === 'done') continue;
    const notes: string[] = [];
    if (h.status === 'behind' || h.status === 'at_risk')
      notes.push(`${TASK_STATUS_LABELS[h.status]}（计划${percent(h.planned)}，实际${percent(h.actual)}）`);
    if (h.reportOverdue) notes.push('逾期未报送进展');
    if (!notes.length) continue;
    // Each lead unit answers for the task: 资料科、办公室分别负责 names both.
    for (const unit of t.leadUnits.length ? t.leadUnits : [leadOf(t)])
      byUnit.set(unit, [...(byUnit.get(unit) ?? []), `第${t.number}项${notes.join('、')}`]);
  }
  if (byUnit.size === 0) {
    blocks.push({ kind: 'body', text: '本期各牵头单位任务推进均符合计划，无滞后或逾期未报的任务。' });
    return blocks;
  }
  const units = [...byUnit.entries()].sort((a, b) => b[1].length - a[1].length);
  units.forEach(([unit, notes], i) => blocks.push({ kind: 'body', text: `${i + 1}.${unit}：${notes.join('；')}。` }));
  blocks.push({
    kind: 'body',
    text: `请以上${units.length}个单位分析滞后原因，制定整改措施，加快推进，并按期报送进展。`,
  });
  return blocks;
}

/** 五、领导批示和延期事项: every 批示 of the span with the units' answers; every decided 延期. */
function decisionBlocks(data: PlanReportData, tasks: TaskReportData[]): OfficialBlock[] {
  const blocks: OfficialBlock[] = [{ kind: 'heading1', text: '五、领导批示和延期事项' }];
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const { instructions, extensions } = data.decisions;
  const shown = instructions.filter((i) => byId.has(i.taskId));
  const decided = extensions.filter((e) => byId.has(e.taskId));
  if (!shown.length && !decided.length) {
    blocks.push({ kind: 'body', text: `${data.span.label}以来，无领导批示和延期事项。` });
    return blocks;
  }
  if (shown.length) {
    blocks.push({ kind: 'heading2', text: '（一）领导批示' });
    shown.forEach((i, n) => {
      const t = byId.get(i.taskId)!;
      const answered = i.replies.map((r) => `${r.unitName}${monthDay(r.repliedAt)}回复：${quote(r.text)}`);
      const waiting = t.leadUnits.concat(t.supportUnits).filter((u) => !i.replies.some((r) => r.unitName === u));
      let text = `${n + 1}.${monthDay(i.createdAt)}，${i.authorName}对第${t.number}项任务批示：${quote(i.text)}。`;
      if (answered.length) text += `${answered.join('；')}。`;
      if (waiting.length) text += `${waiting.join('、')}尚未回复落实情况。`;
      blocks.push({ kind: 'body', text });
    });
  }
  if (decided.length) {
    blocks.push({ kind: 'heading2', text: `（${shown.length ? '二' : '一'}）延期事项` });
    decided.forEach((e, n) => {
      const t = byId.get(e.taskId)!;
      const reason = e.reason.trim() ? `（申请理由：${e.reason.trim().replace(/[。；]$/, '')}）` : '';
      const text = e.approved
        ? `${n + 1}.第${t.number}项任务经${e.unitName}申请${reason}，委领导于${monthDay(e.decidedAt)}同意延期，完成时限由${dateOf(e.oldDate)}调整为${dateOf(e.newDate)}。`
        : `${n + 1}.第${t.number}项任务${e.unitName}申请延期至${dateOf(e.newDate)}${reason}，委领导于${monthDay(e.decidedAt)}未予同意${e.comment ? `，意见：${quote(e.comment)}` : ''}，仍按原时限${dateOf(e.oldDate)}完成。`;
      blocks.push({ kind: 'body', text });
    });
  }
  return blocks;
}

export function composeBulletin(
  data: PlanReportData,
  options: BulletinOptions = { redHeader: false, docNumber: null },
): OfficialDocumentInput {
  const { plan, span } = data;
  const tasks = data.sections.flatMap((s) => s.tasks);
  return {
    redHeader: options.redHeader && plan.issuer ? { mark: `${plan.issuer}文件`, docNumber: options.docNumber } : null,
    title: splitTitle(`关于${span.label}《${plan.title}》落实情况的通报`),
    addressee: addresseeOf(data),
    blocks: [
      { kind: 'body', text: `现将${span.label}《${plan.title}》各项任务推进情况通报如下：` },
      ...overallBlocks(data, tasks),
      { kind: 'heading1', text: '二、任务进展一览' },
      tableBlock(data),
      ...changeBlocks(data, tasks),
      ...laggingBlocks(tasks),
      ...decisionBlocks(data, tasks),
    ],
    issuer: plan.issuer,
    date: data.today,
  };
}
