import { Hono } from 'hono';
import { z } from 'zod';
import { ZChaseRequest, ZCloseTask, ZExtensionCreate, ZExtensionDecision, ZExtensionQuery, ZLightsQuery, ZReopenTask } from '../../../shared/supervision.ts';
import type { AppDeps } from '../../deps.ts';
import { readIdParam, readJson, readQuery, requireActor, type AppEnv } from '../../http/context.ts';
import { authorize } from '../../platform/policy.ts';
import { answerChase, chaseTask, listChases } from './chase-task.ts';
import { closeTask, reopenTask } from './close-task.ts';
import { decideExtension, listExtensions, requestExtension } from './extensions.ts';
import { getPlanLights } from './plan-lights.ts';

const ZChaseAnswer = z.object({ reply: z.string().trim().min(2, '请填写办理情况（至少 2 个字）').max(2000, '办理情况不能超过 2000 字') });

/**
 * 督办 endpoints. Each checks the role before reading the body (a refused request is refused whatever it carries); the
 * unit checks are in the services.
 */
export function supervisionRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/plans/:id/lights', async (c) => c.json(await getPlanLights(deps, requireActor(c), readIdParam(c), readQuery(c, ZLightsQuery).date)))
    .get('/tasks/:id/chases', async (c) => c.json(await listChases(deps, requireActor(c), readIdParam(c))))
    .post('/tasks/:id/chases', async (c) => {
      const actor = requireActor(c);
      authorize(actor, 'task.chase');
      return c.json(await chaseTask(deps, actor, readIdParam(c), await readJson(c, ZChaseRequest)), 201);
    })
    .post('/chases/:id/answer', async (c) => {
      const actor = requireActor(c);
      authorize(actor, 'chase.answer');
      return c.json(await answerChase(deps, actor, readIdParam(c), (await readJson(c, ZChaseAnswer)).reply));
    })
    .post('/tasks/:id/extensions', async (c) => {
      const actor = requireActor(c);
      authorize(actor, 'extension.request');
      return c.json(await requestExtension(deps, actor, readIdParam(c), await readJson(c, ZExtensionCreate)), 201);
    })
    .get('/extensions', async (c) => c.json(await listExtensions(deps, requireActor(c), readQuery(c, ZExtensionQuery))))
    .post('/extensions/:id/decision', async (c) => {
      const actor = requireActor(c);
      authorize(actor, 'extension.decide');
      return c.json(await decideExtension(deps, actor, readIdParam(c), await readJson(c, ZExtensionDecision)));
    })
    .post('/tasks/:id/close', async (c) => {
      const actor = requireActor(c);
      authorize(actor, 'task.close');
      return c.json(await closeTask(deps, actor, readIdParam(c), (await readJson(c, ZCloseTask)).evidence));
    })
    .post('/tasks/:id/reopen', async (c) => {
      const actor = requireActor(c);
      authorize(actor, 'task.close');
      return c.json(await reopenTask(deps, actor, readIdParam(c), (await readJson(c, ZReopenTask)).reason));
    });
}
