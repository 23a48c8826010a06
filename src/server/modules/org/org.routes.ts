import { Hono } from 'hono';
import { ZCreateUnitRequest, ZUpdateUnitRequest } from '../../../shared/org.ts';
import type { AppDeps } from '../../deps.ts';
import { readIdParam, readJson, requireActor, type AppEnv } from '../../http/context.ts';
import {
  createUnit,
  deleteUnit,
  listUnits,
  loadJilinTemplate,
  updateUnit,
  type UnitMembership,
} from './org.service.ts';

/** `membership` counts a unit's accounts (given by app.ts: the users module owns them). */
export function orgRoutes(deps: AppDeps, membership: UnitMembership) {
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
      await deleteUnit({ ...deps, membership }, requireActor(c), readIdParam(c));
      return c.json({ ok: true });
    });
}
