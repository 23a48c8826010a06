import type { TTaskHistory } from '../../../shared/workplan.ts';
import type { Db } from '../../db/database.ts';

/**
 * What hangs on each task (reports, milestones, chases, extension requests). Those tables belong to the supervision
 * module, which depends on the work plan; so the plan import asks through this port, implemented by supervision's
 * `countTaskHistory` and passed in deps (`AppDeps.taskHistory`, or directly by the CLI), and imports nothing from it.
 */
export type TaskHistoryPort = (db: Db, taskIds: readonly number[]) => Promise<Map<number, TTaskHistory>>;
