import { Hono } from 'hono';
import { z } from 'zod';
import { ZAssignmentInput } from '../../../shared/compilation.ts';
import type { AppDeps } from '../../deps.ts';
import { readIdParam, readJson, requireActor, type AppContext, type AppEnv } from '../../http/context.ts';
import { authorize } from '../../platform/policy.ts';
import {
  createAssignment,
  deleteAssignment,
  listAssignments,
  listMyAssignments,
  setAssignmentDone,
} from './assignments.ts';
import { getProjectProgress, getTaskCompilationProgress } from './progress.ts';

const ZDone = z.object({ done: z.boolean() });

/** 供稿/撰稿/审读 assignments, 我的待办, progress and the work-plan task's view of it. Mounted under /api/compilation. */
export function assignmentsRoutes(deps: AppDeps) {
  const writer = (c: AppContext) => {
    const actor = requireActor(c);
    authorize(actor, 'compile.write');
    return actor;
  };
  return new Hono<AppEnv>()
    .get('/my/assignments', async (c) => c.json(await listMyAssignments(deps, requireActor(c))))
    .get('/tasks/:id/progress', async (c) =>
      c.json(await getTaskCompilationProgress(deps, requireActor(c), readIdParam(c))),
    )
    .get('/projects/:id/progress', async (c) => c.json(await getProjectProgress(deps, requireActor(c), readIdParam(c))))
    .get('/projects/:id/assignments', async (c) => c.json(await listAssignments(deps, requireActor(c), readIdParam(c))))
    .post('/projects/:id/assignments', async (c) => {
      const actor = writer(c);
      return c.json(await createAssignment(deps, actor, readIdParam(c), await readJson(c, ZAssignmentInput)), 201);
    })
    .post('/projects/:id/assignments/:assignmentId/done', async (c) => {
      const actor = writer(c);
      return c.json(
        await setAssignmentDone(
          deps,
          actor,
          readIdParam(c),
          readIdParam(c, 'assignmentId'),
          (await readJson(c, ZDone)).done,
        ),
      );
    })
    .delete('/projects/:id/assignments/:assignmentId', async (c) => {
      const actor = writer(c);
      return c.json(await deleteAssignment(deps, actor, readIdParam(c), readIdParam(c, 'assignmentId')));
    });
}
