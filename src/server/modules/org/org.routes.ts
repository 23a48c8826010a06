import { Hono } from 'hono';
import { ZCreateUnitRequest, ZUpdateUnitRequest } from '../../../shared/org.ts';
import type { AppDeps } from '../../deps.ts';
import { readIdParam, readJson, requireActor, type AppEnv } from '../../http/context.ts';
import { createUnit, deleteUnit, listUnits, loadJilinTemplate, updateUnit } from './org.service.ts';

export function orgRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json(await listUnits(deps, requireActor(c))))
    .post('/', async (c) => {
      const actor = requireActor(c);
      return c.json(await createUnit(deps, actor, await readJson(c, ZCreateUnitRequest)), 201);
    })
    .post('/templates/jilin', async (c) => c.json(await loadJilinTemplate(deps, requireActor(c))))
    .patch('/:id', async (c) => {
      const actor = requireActor(c);
      return c.json(await updateUnit(deps, actor, readIdParam(c), await readJson(c, ZUpdateUnitRequest)));
    })
    .delete('/:id', async (c) => {
      await deleteUnit(deps, requireActor(c), readIdParam(c));
      return c.json({ ok: true });
    });
}
