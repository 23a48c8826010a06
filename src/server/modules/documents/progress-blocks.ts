import { TASK_STATUSES, TASK_STATUS_LABELS, type TTaskStatus } from '../../../shared/supervision.ts';
import { formatOfficialDate, measureCells, type OfficialBlock } from './official-format.ts';
import type { PlanReportData, ReportDigest, TaskReportData } from './plan-report-model.ts';

/**
 * The body shared by the progress bulletin and the half-year / year summary: 一、总体进展 → 二、分项进展 → 三、存在问题 →
 * 四、下一步工作. Every sentence is built from the data — counts, lights, the approved reports' own words — and where the
 * data has nothing the text says so instead of filling in. Pure.
 */

const CN_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 1 → 一, 12 → 十二, 20 → 二十 (sections of a plan stay well below 100). */
export function toChineseNumeral(n: number): string {
  if (n <= 10) return CN_NUMERALS[n - 1] ?? String(n);
  if (n < 20) return `十${CN_NUMERALS[n - 11] ?? ''}`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${CN_NUMERALS[tens - 1] ?? ''}十${ones ? (CN_NUMERALS[ones - 1] ?? '') : ''}`;
}

/**
 * A short heading for a task: its first sentence; if that is long, up to the last comma within `max` characters; if there
 * is no comma, the first `max` characters and an ellipsis. The full text is in the task table.
 */
export function headlineOf(text: string, max = 40): string {
  const trimmed = text.trim();
  const sentence = /^[^。；;！？]*[。；;！？]?/.exec(trimmed)?.[0] ?? trimmed;
  const clean = sentence.replace(/[；;]$/, '。');
  if (measureCells(clean) <= max) return /[。！？]$/.test(clean) ? clean : `${clean}。`;
  const head = [...clean].slice(0, max).join('');
  const comma = Math.max(head.lastIndexOf('，'), head.lastIndexOf('、'));
  if (comma >= max / 2) return `${head.slice(0, comma)}。`;
  return `${head}……`;
}

const percentText = (p: number) => `${Math.round(p)}%`;

function statusCounts(tasks: TaskReportData[]): Map<TTaskStatus, number> {
  const counts = new Map<TTaskStatus, number>(TASK_STATUSES.map((s) => [s, 0]));
  for (const t of tasks) if (t.health) counts.set(t.health.status, (counts.get(t.health.status) ?? 0) + 1);
  return counts;
}

/** 第3、7项 */
/**
 * `第1—20、22—40项`: runs of consecutive item numbers are written as ranges, as official documents do — a list of
 * forty numbers reads badly and cannot be broken across lines cleanly.
 */
export function taskList(tasks: readonly Pick<TaskReportData, 'number'>[]): string {
  const parts: string[] = [];
  let runStart: string | null = null;
  let previous: string | null = null;
  const flush = () => {
    if (runStart === null || previous === null) return;
    const length = Number(previous) - Number(runStart) + 1;
    parts.push(length >= 3 ? `${runStart}—${previous}` : length === 2 ? `${runStart}、${previous}` : runStart);
  };
  for (const { number } of tasks) {
    const consecutive =
      previous !== null && /^\d+$/.test(number) && /^\d+$/.test(previous) && Number(number) === Number(previous) + 1;
    if (!consecutive) {
      flush();
      runStart = number;
    }
    previous = number;
  }
  flush();
  return `第${parts.join('、')}项`;
}

function overallBlocks(data: PlanReportData, periodWord: string): OfficialBlock[] {
  const tasks = data.sections.flatMap((s) => s.tasks);
  const counts = statusCounts(tasks);
  // Reading order of a bulletin: finished first, then the ones that need attention.
  const order: TTaskStatus[] = ['done', 'on_track', 'at_risk', 'behind', 'not_started'];
  const parts = order.filter((s) => (counts.get(s) ?? 0) > 0).map((s) => `${TASK_STATUS_LABELS[s]}${counts.get(s)}项`);
  const done = counts.get('done') ?? 0;
  const measured = tasks.filter((t) => t.health);
  const average = measured.length ? measured.reduce((sum, t) => sum + (t.health?.actual ?? 0), 0) / measured.length : 0;
  const blocks: OfficialBlock[] = [{ kind: 'heading1', text: '一、总体进展' }];
  blocks.push({
    kind: 'body',
    text:
      `截至${formatOfficialDate(data.asOf)}，《${data.plan.title}》共部署任务${tasks.length}项` +
      (parts.length ? `，其中${parts.join('，')}` : '') +
      `。任务完成率${percentText(tasks.length ? (done / tasks.length) * 100 : 0)}，各项任务平均完成进度${percentText(average)}（按牵头单位经审核的最新进度计）。`,
  });
  const reported = tasks.filter((t) => t.spanLead.length > 0);
  const supportCount = tasks.reduce((n, t) => n + t.spanSupport.length, 0);
  const overdue = tasks.filter((t) => t.health?.reportOverdue);
  let reporting = `${periodWord}共有${reported.length}项任务的牵头单位报送进展并经审核通过`;
  reporting += supportCount ? `，配合单位报送配合情况${supportCount}份` : '';
  reporting += overdue.length ? `；逾期未报送进展的任务${overdue.length}项（${taskList(overdue)}）。` : '。';
  blocks.push({ kind: 'body', text: reporting });
  const behind = tasks.filter((t) => t.health?.status === 'behind');
  const atRisk = tasks.filter((t) => t.health?.status === 'at_risk');
  if (behind.length || atRisk.length) {
    const segments: string[] = [];
    if (behind.length) segments.push(`严重滞后的任务为${taskList(behind)}`);
    if (atRisk.length) segments.push(`进度滞后的任务为${taskList(atRisk)}`);
    blocks.push({ kind: 'body', text: `${segments.join('；')}，请有关牵头单位加快推进。` });
  }
  return blocks;
}

function joinByUnit(reports: ReportDigest[], pick: (r: ReportDigest) => string | null, prefixAlways = false): string {
  const withText = reports.filter((r) => (pick(r) ?? '').trim() !== '');
  if (withText.length === 1 && !prefixAlways) return ensureStop((pick(withText[0]!) ?? '').trim());
  return withText.map((r) => `${r.unitName}：${ensureStop((pick(r) ?? '').trim())}`).join('');
}

const ensureStop = (text: string) => (/[。！？”）)]$/.test(text) ? text : `${text}。`);

function taskBlock(task: TaskReportData, periodWord: string): OfficialBlock {
  const lead = task.leadUnits.join('、') || '未明确';
  const status = task.health
    ? `，${TASK_STATUS_LABELS[task.health.status]}，完成进度${percentText(task.health.actual)}`
    : '';
  let follow = `（牵头单位：${lead}${status}）`;
  if (task.spanLead.length) follow += joinByUnit(task.spanLead, (r) => r.progressText);
  else follow += `${periodWord}暂无经审核的进展报告。`;
  const support = joinByUnit(task.spanSupport, (r) => r.progressText, true);
  if (support) follow += `配合单位${support}`;
  return { kind: 'heading3', text: `${task.number}.${headlineOf(task.text)}`, follow };
}

function listedBlocks(data: PlanReportData, pick: (r: ReportDigest) => string | null): OfficialBlock[] {
  const items: string[] = [];
  for (const task of data.sections.flatMap((s) => s.tasks)) {
    for (const r of [...task.spanLead, ...task.spanSupport]) {
      const text = (pick(r) ?? '').trim();
      if (text) items.push(`${r.unitName}（第${task.number}项）：${ensureStop(text)}`);
    }
  }
  return items.map((text, i) => ({ kind: 'body', text: `${i + 1}.${text}` }));
}

export function composeProgressBlocks(data: PlanReportData, periodWord: string): OfficialBlock[] {
  const blocks = overallBlocks(data, periodWord);
  blocks.push({ kind: 'heading1', text: '二、分项进展' });
  data.sections.forEach((section, i) => {
    blocks.push({ kind: 'heading2', text: `（${toChineseNumeral(i + 1)}）${section.title}` });
    for (const task of section.tasks) blocks.push(taskBlock(task, periodWord));
  });
  blocks.push({ kind: 'heading1', text: '三、存在问题' });
  const problems = listedBlocks(data, (r) => r.problems);
  blocks.push(
    ...(problems.length
      ? problems
      : [{ kind: 'body' as const, text: `${periodWord}经审核的进展报告中未反映存在问题。` }]),
  );
  blocks.push({ kind: 'heading1', text: '四、下一步工作' });
  const next = listedBlocks(data, (r) => r.nextSteps);
  blocks.push(
    ...(next.length ? next : [{ kind: 'body' as const, text: `${periodWord}经审核的进展报告中未填报下一步计划。` }]),
  );
  return blocks;
}

/**
 * Breaks a long title into balanced lines of at most `maxCells` (2号 on the 156 mm line: 20 characters), at a place
 * that keeps words whole — before 《 or a year, after 》, before 落实/工作/上半年 — so it reads as GB/T 9704
 * asks (词意完整，排列对称). Without such a place the renderer wraps it.
 */
export function splitTitle(title: string, maxCells = 20): string {
  if (measureCells(title) <= maxCells) return title;
  const chars = [...title];
  let best: { at: number; score: number } | null = null;
  for (let at = 1; at < chars.length; at++) {
    const before = chars[at - 1];
    const after = chars[at];
    const startsYear = /\d/.test(after ?? '') && !/\d/.test(before ?? '');
    const word = chars.slice(at, at + 2).join('');
    const good = after === '《' || before === '》' || startsYear || ['落实', '工作', '上半'].includes(word);
    if (!good) continue;
    const a = measureCells(chars.slice(0, at).join(''));
    const b = measureCells(chars.slice(at).join(''));
    if (a > maxCells || b > maxCells) continue;
    const score = Math.abs(a - b);
    if (!best || score < best.score) best = { at, score };
  }
  return best ? `${chars.slice(0, best.at).join('')}\n${chars.slice(best.at).join('')}` : title;
}

/** 主送: the plan notice's addressees, or the committee's own offices when the plan named none. */
export function addresseeOf(data: PlanReportData): string {
  const list = data.plan.addressees.map((a) => a.replace(/[：:]$/, '').trim()).filter(Boolean);
  return list.length ? list.join('，') : '委内各处室、直属事业单位';
}
