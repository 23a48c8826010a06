import { Hono } from 'hono';
import { ZCreateUserRequest, ZResetPasswordRequest, ZUpdateUserRequest } from '../../../shared/users.ts';
import type { AppDeps } from '../../deps.ts';
import { readIdParam, readJson, requireActor, type AppEnv } from '../../http/context.ts';
import { createUser, getUser, listUsers, resetPassword, updateUser } from './users.service.ts';

export function usersRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json(await listUsers(deps, requireActor(c))))
    .post('/', async (c) => {
      const actor = requireActor(c);
      return c.json(await createUser(deps, actor, await readJson(c, ZCreateUserRequest)), 201);
    })
    .get('/:id', async (c) => c.json(await getUser(deps, requireActor(c), readIdParam(c))))
    .patch('/:id', async (c) => {
      const actor = requireActor(c);
      return c.json(await updateUser(deps, actor, readIdParam(c), await readJson(c, ZUpdateUserRequest)));
    })
    .post('/:id/password', async (c) => {
      const actor = requireActor(c);
      await resetPassword(deps, actor, readIdParam(c), await readJson(c, ZResetPasswordRequest));
      return c.json({ ok: true });
    });
}
