import { AppError } from '../../../../shared/errors.ts';
import { neutralizeFormula } from '../../../../shared/spreadsheet-safe.ts';
import type { TBatchChaseResult, TOverdueList } from '../../../../shared/supervision-loop.ts';
import { CYCLE_LABELS } from '../../../../shared/supervision.ts';
import type { Db } from '../../../db/database.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import { resolveInput, type DeferredInput } from '../../../platform/deferred-input.ts';
import { authorize } from '../../../platform/policy.ts';
import { findPlanById, findTasks, findTaskUnits } from '../../workplan/workplan.repository.ts';
import type { NotifyPort } from '../notify-port.ts';
import { loadSupervisionSettings } from '../plan-health.ts';
import { findReportsOfTasks } from '../reports/reports.repository.ts';
import { todayOf } from '../rules/dates.ts';
import { periodDueBy } from '../rules/plan-health.ts';
import { isValidPeriod, periodDueDate, periodLabel, periodsOfYear } from '../rules/periods.ts';
import { chaseTask } from './chase-task.ts';
import { findChasesOfTasks } from './chases.repository.ts';
import { newWorkbook } from '../../../platform/workbook.ts';

const DAY = 86_400_000;

/**
 * 逾期未报 of a plan for one period (default: the period due by today): every lead unit of an open task whose report of
 * that period was not submitted by today, although its due date has passed. What the batch 催办 sends to, and what
 * the export lists.
 */
export async function listOverdue(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  planId: number,
  period?: string,
): Promise<TOverdueList> {
  authorize(actor, 'ack.read');
  const plan = await findPlanById(deps.db, planId);
  if (!plan) throw new AppError('NOT_FOUND', '该工作要点不存在或已被删除。');
  const today = todayOf(deps.clock);
  const settings = await loadSupervisionSettings(deps.db, planId);
  if (period !== undefined && (!isValidPeriod(settings.cycle, period) || !period.startsWith(`${plan.year}-`))) {
    const all = periodsOfYear(settings.cycle, plan.year);
    throw new AppError(
      'VALIDATION_FAILED',
      `周期“${period}”无效：本工作要点${CYCLE_LABELS[settings.cycle]}填报，应为 ${all[0]} 至 ${all.at(-1)} 之一。`,
    );
  }
  const chosen = period ?? periodDueBy(settings, today);
  const base = { planId, planTitle: plan.title, asOf: today };
  if (chosen === null) return { ...base, period: null, periodLabel: null, rows: [] };
  const dueDate = periodDueDate(chosen, settings.dueDay);
  if (dueDate >= today || (plan.notice_date !== null && dueDate < plan.notice_date))
    return { ...base, period: chosen, periodLabel: periodLabel(chosen), rows: [] };
  const tasks = (await findTasks(deps.db, planId)).filter((t) => t.closed_at === null);
  const ids = tasks.map((t) => t.id);
  const [units, reports, chases] = await Promise.all([
    findTaskUnits(deps.db, planId),
    findReportsOfTasks(deps.db, ids, { role: 'lead' }),
    findChasesOfTasks(deps.db, ids),
  ]);
  const rows: TOverdueList['rows'] = [];
  for (const t of tasks) {
    const leads = units.filter((u) => u.task_id === t.id && u.role === 'lead' && u.unit_id !== null);
    for (const u of leads) {
      const filed = reports.some(
        (r) =>
          r.task_id === t.id &&
          r.unit_id === u.unit_id &&
          r.period === chosen &&
          (r.status === 'submitted' || r.status === 'approved'),
      );
      if (filed) continue;
      rows.push({
        taskId: t.id,
        number: t.number,
        text: t.text,
        unitId: u.unit_id!,
        unitName: u.unit_name ?? u.name,
        period: chosen,
        periodLabel: periodLabel(chosen),
        dueDate,
        daysLate: Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`)) / DAY),
        chased: chases.filter((c) => c.task_id === t.id && c.unit_id === u.unit_id).length,
      });
    }
  }
  return { ...base, period: chosen, periodLabel: periodLabel(chosen), rows };
}

/** Batch 催办: one 催办 to every unit overdue in the period (the preview is `listOverdue`), each notified as usual. */
export async function chaseOverdue(
  deps: { db: Db; clock: Clock; notify: NotifyPort },
  actor: Actor,
  planId: number,
  values: DeferredInput<{ period: string; message: string; replyBy: string | null }>,
): Promise<TBatchChaseResult> {
  authorize(actor, 'task.chase');
  const input = await resolveInput(values);
  const list = await listOverdue(deps, actor, planId, input.period);
  if (list.rows.length === 0)
    throw new AppError('VALIDATION_FAILED', `${list.periodLabel ?? input.period}没有逾期未报的单位，无需催办。`);
  let notified = 0;
  for (const row of list.rows) {
    const sent = await chaseTask(deps, actor, row.taskId, {
      unitId: row.unitId,
      level: 0,
      message: input.message,
      replyBy: input.replyBy,
    });
    notified += sent.notified ?? 0;
  }
  return { sent: list.rows.length, notified, rows: list.rows };
}

/** 逾期未报 as a spreadsheet; every text cell is neutralised so imported text never runs as a formula. */
export async function overdueXlsx(list: TOverdueList): Promise<Uint8Array> {
  const book = await newWorkbook();
  book.creator = '方志 Fangzhi';
  const sheet = book.addWorksheet('逾期未报');
  sheet.addRow([`${list.planTitle} ${list.periodLabel ?? ''}逾期未报名单（截至 ${list.asOf}）`]);
  sheet.mergeCells(1, 1, 1, 7);
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.addRow(['序号', '任务', '工作任务', '牵头单位', '应报日期', '逾期天数', '已催办次数']).font = { bold: true };
  list.rows.forEach((r, i) =>
    sheet.addRow([
      i + 1,
      neutralizeFormula(r.number),
      neutralizeFormula(r.text),
      neutralizeFormula(r.unitName),
      r.dueDate,
      r.daysLate,
      r.chased,
    ]),
  );
  sheet.columns = [
    { width: 6 },
    { width: 8 },
    { width: 60 },
    { width: 20 },
    { width: 12 },
    { width: 10 },
    { width: 12 },
  ];
  sheet.getColumn(3).alignment = { wrapText: true, vertical: 'top' };
  return new Uint8Array(await book.xlsx.writeBuffer());
}
