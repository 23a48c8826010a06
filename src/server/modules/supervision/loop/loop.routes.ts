import { Hono } from 'hono';
import { z } from 'zod';
import {
  ZBatchChase,
  ZClosureDecision,
  ZClosureRequestInput,
  ZInstructionInput,
  ZInstructionReplyInput,
  ZAckReminder,
  ZTaskStartDate,
} from '../../../../shared/supervision-loop.ts';
import type { AppDeps } from '../../../deps.ts';
import { readIdParam, readJson, readQuery, requireActor, type AppEnv } from '../../../http/context.ts';
import { ackChase } from '../actions/chase-task.ts';
import { chaseOverdue, listOverdue, overdueXlsx } from '../actions/overdue.ts';
import { ackTask, getAckStatus, remindAcks } from './acks.ts';
import { decideClosure, listClosureRequests, requestClosure } from './closure-requests.ts';
import { answerInstruction, writeInstruction } from './instructions.ts';
import { getTaskLoop } from './task-loop.ts';
import { setTaskStart } from './task-start.ts';
import { getTodo } from './todo.ts';

const ZPeriodQuery = z.object({ period: z.string().optional() });
const ZClosureQuery = z.object({ status: z.enum(['pending', 'approved', 'returned']).optional() });

/** The 督办 loop: 签收, 申请办结, 领导批示. Mounted at /api. */
export function loopRoutes(deps: AppDeps) {
  return (
    new Hono<AppEnv>()
      .get('/my/todo', async (c) => c.json(await getTodo(deps, requireActor(c))))
      .get('/tasks/:id/loop', async (c) => c.json(await getTaskLoop(deps, requireActor(c), readIdParam(c))))
      .post('/tasks/:id/ack', async (c) => c.json(await ackTask(deps, requireActor(c), readIdParam(c))))
      .get('/plans/:id/acks', async (c) => c.json(await getAckStatus(deps, requireActor(c), readIdParam(c))))
      .post('/chases/:id/ack', async (c) => c.json(await ackChase(deps, requireActor(c), readIdParam(c))))
      .post('/tasks/:id/closure-requests', async (c) =>
        c.json(
          await requestClosure(deps, requireActor(c), readIdParam(c), () => readJson(c, ZClosureRequestInput)),
          201,
        ),
      )
      .get('/closure-requests', async (c) =>
        c.json(await listClosureRequests(deps, requireActor(c), readQuery(c, ZClosureQuery).status)),
      )
      .post('/closure-requests/:id/decision', async (c) =>
        c.json(await decideClosure(deps, requireActor(c), readIdParam(c), () => readJson(c, ZClosureDecision))),
      )
      .post('/tasks/:id/instructions', async (c) =>
        c.json(
          await writeInstruction(deps, requireActor(c), readIdParam(c), () => readJson(c, ZInstructionInput)),
          201,
        ),
      )
      .get('/plans/:id/overdue', async (c) =>
        c.json(await listOverdue(deps, requireActor(c), readIdParam(c), readQuery(c, ZPeriodQuery).period)),
      )
      .post('/plans/:id/overdue/chase', async (c) =>
        c.json(await chaseOverdue(deps, requireActor(c), readIdParam(c), () => readJson(c, ZBatchChase))),
      )
      .get('/plans/:id/overdue.xlsx', async (c) => {
        const list = await listOverdue(deps, requireActor(c), readIdParam(c), readQuery(c, ZPeriodQuery).period);
        c.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        c.header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(`逾期未报-${list.periodLabel ?? list.asOf}.xlsx`)}`,
        );
        c.header('cache-control', 'no-store');
        return c.body((await overdueXlsx(list)) as Uint8Array<ArrayBuffer>);
      })
      .post('/instructions/:id/replies', async (c) =>
        c.json(
          await answerInstruction(deps, requireActor(c), readIdParam(c), () => readJson(c, ZInstructionReplyInput)),
        ),
      )
      // Gaps closed later (issue 10): 催签收 and a task's own start date.
      .post('/plans/:id/acks/remind', async (c) =>
        c.json(await remindAcks(deps, requireActor(c), readIdParam(c), () => readJson(c, ZAckReminder))),
      )
      .put('/tasks/:id/start-date', async (c) =>
        c.json(await setTaskStart(deps, requireActor(c), readIdParam(c), () => readJson(c, ZTaskStartDate))),
      )
  );
}
