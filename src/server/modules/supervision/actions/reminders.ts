import type { TReminderRunResult } from '../../../../shared/notifications.ts';
import type { Db } from '../../../db/database.ts';
import { systemActor, type Principal } from '../../../platform/auth/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Logger } from '../../../platform/logger.ts';
import { authorize } from '../../../platform/policy.ts';
import { findPlansOfYear, findTasks, findTaskUnits } from '../../workplan/workplan.repository.ts';
import { unitMembers, type Announcement, type NotifyPort, type Recipient } from '../notify-port.ts';
import { loadSupervisionSettings } from '../plan-health.ts';
import { findReportsOfTasks } from '../reports/reports.repository.ts';
import { findMilestonesOfTasks } from '../roadmap/roadmap.repository.ts';
import { addDays } from '../rules/dates.ts';
import { periodDueBy } from '../rules/plan-health.ts';
import { periodDueDate, periodLabel, periodOf, periodsOfYear } from '../rules/periods.ts';

import { runHere, type RunOncePerCluster } from '../../../platform/cluster-lock.ts';

type Deps = { db: Db; clock: Clock; logger: Logger; notify: NotifyPort };

const brief = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/**
 * The reminders due on `today` (YYYY-MM-DD, UTC) for this year's plans, sent to the lead units' 联络员 and heads:
 *  - a period's progress report, `remind_days_before` days before its due date and once when it is overdue
 *    (only the latest period past due, so a late start does not flood a unit with a year of reminders);
 *  - a milestone not yet reached, the same days before its due date and once when overdue;
 *  - a task past its deadline and not closed (continuous tasks have none).
 * Each reminder has a dedupe key; a user gets a key once and each outbound channel sends it once, so running this
 * every ten minutes — or twice in a row — sends nothing new. Closed tasks and filed reports are skipped.
 */
export async function runReminders(deps: Deps, principal: Principal, today: string): Promise<TReminderRunResult> {
  authorize(principal, 'reminder.run');
  const year = Number(today.slice(0, 4));
  const plans = await findPlansOfYear(deps.db, year);
  const members = new Map<number, Recipient[]>();
  const membersOf = async (unitId: number) => {
    if (!members.has(unitId)) members.set(unitId, await unitMembers(deps.notify, deps.db, [unitId]));
    return members.get(unitId)!;
  };
  let notifications = 0;
  let deliveries = 0;
  const announce = async (recipients: Recipient[], a: Announcement) => {
    if (recipients.length === 0) return;
    const fresh = await deps.notify.inApp(deps.db, deps.clock.now().toISOString(), recipients, a);
    notifications += fresh.length;
    deliveries += (await deps.notify.outbound(a, recipients)).length;
  };

  for (const plan of plans) {
    const settings = await loadSupervisionSettings(deps.db, plan.id);
    const horizon = addDays(today, settings.remindDaysBefore);
    const overduePeriod = periodDueBy(settings, today);
    const planTasks = await findTasks(deps.db, plan.id);
    const tasks = planTasks.filter((t) => t.closed_at === null && t.archived_at === null);
    const taskIds = planTasks.map((t) => t.id);
    const leads = (await findTaskUnits(deps.db, plan.id)).flatMap((u) =>
      u.role === 'lead' && u.unit_id !== null && u.unit_name !== null
        ? [{ task_id: u.task_id, unit_id: u.unit_id, name: u.unit_name }]
        : [],
    );
    const filed = new Set(
      (await findReportsOfTasks(deps.db, taskIds, { statuses: ['submitted', 'approved'] })).map(
        (r) => `${r.task_id}:${r.unit_id}:${r.period}`,
      ),
    );
    const milestones = (await findMilestonesOfTasks(deps.db, taskIds)).filter(
      (m) => m.reached_at === null && m.due_date <= horizon,
    );

    for (const task of tasks) {
      const link = `/supervision/tasks/${task.id}`;
      const head = `第${task.number}项：${brief(task.text)}`;
      const lastPeriod = task.is_continuous ? null : periodOf(settings.cycle, task.deadline);
      const taskLeads = leads.filter((l) => l.task_id === task.id);
      for (const lead of taskLeads) {
        const unitId = lead.unit_id;
        const people = await membersOf(unitId);
        for (const period of periodsOfYear(settings.cycle, plan.year)) {
          if (lastPeriod !== null && period > lastPeriod) break;
          if (filed.has(`${task.id}:${unitId}:${period}`)) continue;
          const due = periodDueDate(period, settings.dueDay);
          const label = periodLabel(period);
          if (today <= due && due <= horizon) {
            await announce(people, {
              kind: 'report_due',
              title: `填报提醒：${label}进展`,
              lines: [head, `请${lead.name}于 ${due} 前报送${label}工作进展。`],
              link,
              dedupeKey: `report-due:${task.id}:${unitId}:${period}`,
            });
          } else if (period === overduePeriod) {
            await announce(people, {
              kind: 'report_overdue',
              title: `逾期未报：${label}进展`,
              lines: [head, `${label}工作进展应于 ${due} 前报送，${lead.name}至今未报，请尽快补报。`],
              link,
              dedupeKey: `report-overdue:${task.id}:${unitId}:${period}`,
            });
          }
        }
      }
      const leadPeople = (await Promise.all(taskLeads.map((l) => membersOf(l.unit_id)))).flat();
      for (const m of milestones.filter((x) => x.task_id === task.id)) {
        const what = `节点“${m.name}”${m.deliverable ? `（成果：${m.deliverable}）` : ''}`;
        if (m.due_date >= today) {
          await announce(leadPeople, {
            kind: 'milestone_due',
            title: `节点提醒：${m.name}`,
            lines: [head, `${what}应于 ${m.due_date} 完成。`],
            link,
            dedupeKey: `milestone-due:${m.id}`,
          });
        } else {
          await announce(leadPeople, {
            kind: 'milestone_overdue',
            title: `节点逾期：${m.name}`,
            lines: [head, `${what}应于 ${m.due_date} 完成，至今未标记完成，请抓紧推进并及时报送。`],
            link,
            dedupeKey: `milestone-overdue:${m.id}`,
          });
        }
      }
      if (!task.is_continuous && task.deadline < today) {
        await announce(leadPeople, {
          kind: 'deadline_overdue',
          title: `任务逾期：第${task.number}项`,
          lines: [head, `完成时限 ${task.deadline} 已过，任务尚未办结。确需延期的，请提出延期申请。`],
          link,
          dedupeKey: `deadline-overdue:${task.id}:${task.deadline}`,
        });
      }
    }
  }
  return { date: today, notifications, deliveries };
}

/**
 * Runs the reminders now and then every `intervalMs` (ten minutes by default) on the clock's "today" (UTC).
 * The timer is unref'd so it never keeps the process alive; runs never overlap. Returns a stop function that waits for
 * a run in progress, so the database is not closed under it.
 */
export function startReminderJob(
  deps: Deps & { runOncePerCluster?: RunOncePerCluster | undefined },
  intervalMs = 10 * 60_000,
): () => Promise<void> {
  let current: Promise<void> | null = null;
  // Several servers on one PostgreSQL: one of them runs each round, under an advisory lock (issue 15).
  const once = deps.runOncePerCluster ?? runHere;
  const tick = () => {
    if (current) return;
    current = once('supervision-reminders', () =>
      runReminders(deps, systemActor('reminders'), deps.clock.now().toISOString().slice(0, 10)),
    )
      .then((outcome) => {
        const result = outcome.ran ? outcome.value : null;
        if (result && result.notifications + result.deliveries > 0) deps.logger.info(result, 'reminders sent');
      })
      .catch((error: unknown) => deps.logger.error({ err: error }, 'reminder run failed'))
      .finally(() => (current = null));
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await current;
  };
}
