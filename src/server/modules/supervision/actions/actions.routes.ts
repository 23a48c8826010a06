import { Hono } from 'hono';
import { z } from 'zod';
import {
  ZChaseRequest,
  ZCloseTask,
  ZExtensionCreate,
  ZExtensionDecision,
  ZExtensionQuery,
  ZLightsQuery,
  ZReopenTask,
} from '../../../../shared/supervision.ts';
import type { AppDeps } from '../../../deps.ts';
import { readIdParam, readJson, readQuery, requireActor, type AppEnv } from '../../../http/context.ts';
import { getPlanLights } from '../plan-lights.ts';
import { todayOf } from '../rules/dates.ts';
import { answerChase, chaseTask, listChases } from './chase-task.ts';
import { closeTask, reopenTask } from './close-task.ts';
import { decideExtension, listExtensions, requestExtension } from './extensions.ts';
import { runReminders } from './reminders.ts';

const ZChaseAnswer = z.object({
  reply: z.string().trim().min(2, '请填写办理情况（至少 2 个字）').max(2000, '办理情况不能超过 2000 字'),
});

/**
 * 督办 endpoints: lights, 催办/督办单, 延期, 办结, and running the reminders on demand. Each service checks the role
 * before it reads the body (a refused request is refused whatever it carries) and does the unit check. Mounted at /api.
 */
export function actionsRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/plans/:id/lights', async (c) =>
      c.json(await getPlanLights(deps, requireActor(c), readIdParam(c), readQuery(c, ZLightsQuery).date)),
    )
    .get('/tasks/:id/chases', async (c) => c.json(await listChases(deps, requireActor(c), readIdParam(c))))
    .post('/tasks/:id/chases', async (c) =>
      c.json(await chaseTask(deps, requireActor(c), readIdParam(c), () => readJson(c, ZChaseRequest)), 201),
    )
    .post('/chases/:id/answer', async (c) =>
      c.json(await answerChase(deps, requireActor(c), readIdParam(c), () => readJson(c, ZChaseAnswer))),
    )
    .post('/tasks/:id/extensions', async (c) =>
      c.json(await requestExtension(deps, requireActor(c), readIdParam(c), () => readJson(c, ZExtensionCreate)), 201),
    )
    .get('/extensions', async (c) => c.json(await listExtensions(deps, requireActor(c), readQuery(c, ZExtensionQuery))))
    .post('/extensions/:id/decision', async (c) =>
      c.json(await decideExtension(deps, requireActor(c), readIdParam(c), () => readJson(c, ZExtensionDecision))),
    )
    .post('/tasks/:id/close', async (c) =>
      c.json(await closeTask(deps, requireActor(c), readIdParam(c), () => readJson(c, ZCloseTask))),
    )
    .post('/tasks/:id/reopen', async (c) =>
      c.json(await reopenTask(deps, requireActor(c), readIdParam(c), () => readJson(c, ZReopenTask))),
    )
    .post('/notifications/reminders/run', async (c) =>
      c.json(await runReminders(deps, requireActor(c), todayOf(deps.clock))),
    );
}
