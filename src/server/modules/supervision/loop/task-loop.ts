import type { TTaskLoop } from '../../../../shared/supervision-loop.ts';
import type { Db } from '../../../db/database.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { can } from '../../../platform/policy.ts';
import { loadVisibleTask, unitRoleOn } from '../task-access.ts';
import { acksOf } from './acks.ts';
import { toClosureRequests } from './closure-requests.ts';
import { instructionsOfTask } from './instructions.ts';
import { findAcksOfTasks, findClosureRequests } from './loop.repository.ts';

/** The loop on one task for its page: 签收 of each unit, 办结 requests, 批示 with answers, and what the actor may do. */
export async function getTaskLoop(deps: { db: Db }, actor: Actor, taskId: number): Promise<TTaskLoop> {
  const { task, units } = await loadVisibleTask(deps.db, actor, taskId, 'lights.read');
  const role = unitRoleOn(actor, units);
  const [acks, closures, instructions] = await Promise.all([
    findAcksOfTasks(deps.db, [taskId]).then((rows) => acksOf(deps.db, units, rows)),
    findClosureRequests(deps.db, { taskIds: [taskId] }).then((rows) => toClosureRequests(deps.db, rows)),
    instructionsOfTask(deps.db, taskId, units),
  ]);
  const open = task.closed_at === null;
  return {
    acks,
    closureRequests: closures,
    instructions,
    can: {
      ack: can(actor, 'task.ack') && role !== null && !acks.find((a) => a.unitId === actor.unitId)?.ackedAt,
      requestClosure:
        open && can(actor, 'closure.request') && role === 'lead' && !closures.some((c) => c.status === 'pending'),
      decideClosure: can(actor, 'task.close') && closures.some((c) => c.status === 'pending'),
      instruct: can(actor, 'instruction.write'),
      answer: can(actor, 'instruction.answer') && role !== null,
    },
  };
}
