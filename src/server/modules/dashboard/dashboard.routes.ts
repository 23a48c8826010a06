import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { readIdParam, readQuery, requireActor, type AppEnv } from '../../http/context.ts';
import { loadDashboard, loadGantt } from './load-dashboard.ts';

const ZDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD，例如 2023-06-30')
  .optional();
const ZDashboardQuery = z.object({ date: ZDate });
const ZGanttQuery = z.object({
  date: ZDate,
  groupBy: z
    .enum(['section', 'unit'], { error: () => ({ message: '分组方式应为 section（按部分）或 unit（按单位）' }) })
    .default('section'),
});

/** Leader dashboard and Gantt, mounted under /api/plans. */
export function dashboardRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/:id/dashboard', async (c) => {
      const actor = requireActor(c);
      return c.json(await loadDashboard(deps, actor, readIdParam(c), readQuery(c, ZDashboardQuery).date));
    })
    .get('/:id/gantt', async (c) => {
      const actor = requireActor(c);
      const q = readQuery(c, ZGanttQuery);
      return c.json(await loadGantt(deps, actor, readIdParam(c), q.groupBy, q.date));
    });
}
