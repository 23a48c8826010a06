import { Hono } from 'hono';
import { ZPublishInput, ZSubmissionInput } from '../../../shared/compilation.ts';
import type { AppDeps } from '../../deps.ts';
import { readIdParam, readJson, requireActor, type AppEnv } from '../../http/context.ts';
import { authorize } from '../../platform/policy.ts';
import { publishProject } from './publish.ts';
import { createSubmission, getSubmission, listSubmissions, previewChecklist } from './submissions.ts';

/** 送审稿 (frozen, read-only once made) and publication into the gazetteer database. Mounted under /api/compilation. */
export function submissionsRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/projects/:id/submissions', async (c) => c.json(await listSubmissions(deps, requireActor(c), readIdParam(c))))
    .get('/projects/:id/checklist', async (c) => c.json(await previewChecklist(deps, requireActor(c), readIdParam(c))))
    .post('/projects/:id/submissions', async (c) => {
      const actor = requireActor(c);
      authorize(actor, 'compile.write');
      return c.json(await createSubmission(deps, actor, readIdParam(c), await readJson(c, ZSubmissionInput)), 201);
    })
    .get('/submissions/:id', async (c) => c.json(await getSubmission(deps, requireActor(c), readIdParam(c))))
    .post('/projects/:id/publish', async (c) => {
      const actor = requireActor(c);
      authorize(actor, 'compile.publish');
      return c.json(await publishProject(deps, actor, readIdParam(c), await readJson(c, ZPublishInput)));
    });
}
