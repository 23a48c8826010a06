import { Hono } from 'hono';
import type { AppDeps } from '../../deps.ts';
import type { AppEnv } from '../../http/context.ts';
import { actionsRoutes } from './actions/actions.routes.ts';
import { loopRoutes } from './loop/loop.routes.ts';
import { reportsRoutes } from './reports/reports.routes.ts';
import { roadmapRoutes } from './roadmap/roadmap.routes.ts';

/**
 * 任务督办, mounted at /api: settings and progress reports (/plans/:id/supervision, /my/tasks, /tasks/:id, /reports,
 * /attachments), roadmaps (/tasks/:id/milestones|indicators, /milestones, /indicators), and 督办 (/plans/:id/lights,
 * /tasks/:id/chases|extensions|close|reopen, /chases, /extensions, /notifications/reminders/run).
 */
export function supervisionRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .route('/', reportsRoutes(deps))
    .route('/', roadmapRoutes(deps))
    .route('/', actionsRoutes(deps))
    .route('/', loopRoutes(deps));
}
