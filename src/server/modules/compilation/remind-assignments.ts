import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Logger } from '../../platform/logger.ts';
import { ASSIGNMENT_KIND_LABELS, type TAssignmentKind } from '../../../shared/compilation.ts';
import { notifyInApp } from '../notifications/dispatch.ts';
import { assignmentRecipients } from './assignments.ts';
import { findOpenAssignmentsDueBy } from './assignment.repository.ts';
import { findNodeRow } from './outline.repository.ts';
import { findProjectRow } from './project.repository.ts';
import { runHere, type RunOncePerCluster } from '../../platform/cluster-lock.ts';

const DAY = 86_400_000;
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/**
 * 催交: three days before an open assignment is due, and on the first day it is overdue, its unit and person get a
 * notice in the notification centre. Each notice goes out once (the dedupe key), however often this runs.
 */
export async function remindAssignments(deps: { db: Db; clock: Clock }, today: string): Promise<number> {
  let sent = 0;
  for (const a of await findOpenAssignmentsDueBy(deps.db, addDays(today, 3))) {
    const [project, node] = await Promise.all([findProjectRow(deps.db, a.project_id), findNodeRow(deps.db, a.node_id)]);
    if (!project || !node) continue;
    const overdue = a.due_date < today;
    const label = ASSIGNMENT_KIND_LABELS[a.kind as TAssignmentKind];
    const fresh = await notifyInApp(
      deps.db,
      deps.clock.now().toISOString(),
      await assignmentRecipients(deps.db, project.id, a),
      {
        kind: 'compile.assignment.reminder',
        title: `${overdue ? '已逾期' : '即将到期'}：《${project.title}》“${node.title}”${label}`,
        lines: [
          overdue
            ? `“${node.title}”的${label}已于 ${a.due_date} 到期，请尽快完成。`
            : `“${node.title}”的${label}将于 ${a.due_date} 到期。`,
        ],
        link: `/compilation/${project.id}?tab=drafts&node=${node.id}`,
        dedupeKey: `compile-assignment-${a.id}-${overdue ? 'overdue' : 'due-soon'}`,
      },
    );
    sent += fresh.length;
  }
  return sent;
}

/** Runs the reminders now and every ten minutes (like the work-plan reminders); returns a stop function. */
export function startAssignmentReminders(
  deps: { db: Db; clock: Clock; logger: Logger; runOncePerCluster?: RunOncePerCluster | undefined },
  intervalMs = 10 * 60_000,
): () => void {
  // Several servers on one PostgreSQL: one of them runs each round, under an advisory lock (issue 15).
  const once = deps.runOncePerCluster ?? runHere;
  const run = () => {
    once('compilation-reminders', () => remindAssignments(deps, deps.clock.now().toISOString().slice(0, 10))).catch(
      (err: unknown) => deps.logger.error({ err }, 'compilation reminders failed'),
    );
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
