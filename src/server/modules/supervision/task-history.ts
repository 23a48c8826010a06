import type { TTaskHistory } from '../../../shared/workplan.ts';
import type { Db } from '../../db/database.ts';
import { countChasesByTask } from './actions/chases.repository.ts';
import { countExtensionsByTask } from './actions/extensions.repository.ts';
import { countReportsByTask } from './reports/reports.repository.ts';
import { countMilestonesByTask } from './roadmap/roadmap.repository.ts';

/** The plan import's `TaskHistoryPort`: what hangs on each task, so a revision never drops a task's history unseen. */
export async function countTaskHistory(db: Db, taskIds: readonly number[]): Promise<Map<number, TTaskHistory>> {
  const [reports, milestones, chases, extensions] = await Promise.all([
    countReportsByTask(db, taskIds),
    countMilestonesByTask(db, taskIds),
    countChasesByTask(db, taskIds),
    countExtensionsByTask(db, taskIds),
  ]);
  return new Map(
    taskIds.map((id) => [
      id,
      {
        reports: reports.get(id) ?? 0,
        milestones: milestones.get(id) ?? 0,
        chases: chases.get(id) ?? 0,
        extensions: extensions.get(id) ?? 0,
      },
    ]),
  );
}
