import { Hono } from 'hono';
import { z } from 'zod';
import { ZIndicatorInput, ZMilestoneInput, ZMilestoneReached, ZTaskPatch } from '../../../../shared/reports.ts';
import type { AppDeps } from '../../../deps.ts';
import { readIdParam, readJson, readQuery, requireActor, type AppEnv } from '../../../http/context.ts';
import { getTaskView } from '../task-view.ts';
import {
  createIndicator,
  createIndicatorsFromTargets,
  deleteIndicator,
  listIndicators,
  updateIndicator,
} from './indicators.ts';
import {
  createMilestone,
  deleteMilestone,
  listMilestones,
  markMilestoneReached,
  setTaskContinuous,
  updateMilestone,
} from './milestones.ts';

const ZDateQuery = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
    .optional(),
});

/** Roadmaps (时间表和路线图): 节点, 指标 and the 全年持续 flag. The services authorise; bodies are read after. Mounted at /api. */
export function roadmapRoutes(deps: AppDeps) {
  return (
    new Hono<AppEnv>()
      .patch('/tasks/:id', async (c) => {
        const actor = requireActor(c);
        await setTaskContinuous(deps, actor, readIdParam(c), () => readJson(c, ZTaskPatch));
        return c.json(await getTaskView(deps, actor, readIdParam(c)));
      })
      // 节点 (milestones)
      .get('/tasks/:id/milestones', async (c) => c.json(await listMilestones(deps, requireActor(c), readIdParam(c))))
      .post('/tasks/:id/milestones', async (c) =>
        c.json(await createMilestone(deps, requireActor(c), readIdParam(c), () => readJson(c, ZMilestoneInput)), 201),
      )
      .put('/milestones/:id', async (c) =>
        c.json(await updateMilestone(deps, requireActor(c), readIdParam(c), () => readJson(c, ZMilestoneInput))),
      )
      .delete('/milestones/:id', async (c) => {
        await deleteMilestone(deps, requireActor(c), readIdParam(c));
        return c.body(null, 204);
      })
      .post('/milestones/:id/reached', async (c) =>
        c.json(await markMilestoneReached(deps, requireActor(c), readIdParam(c), () => readJson(c, ZMilestoneReached))),
      )
      // 指标 (indicators)
      .get('/tasks/:id/indicators', async (c) =>
        c.json(await listIndicators(deps, requireActor(c), readIdParam(c), readQuery(c, ZDateQuery).date)),
      )
      .post('/tasks/:id/indicators', async (c) =>
        c.json(await createIndicator(deps, requireActor(c), readIdParam(c), () => readJson(c, ZIndicatorInput)), 201),
      )
      .post('/tasks/:id/indicators/from-targets', async (c) =>
        c.json(await createIndicatorsFromTargets(deps, requireActor(c), readIdParam(c))),
      )
      .put('/indicators/:id', async (c) =>
        c.json(await updateIndicator(deps, requireActor(c), readIdParam(c), () => readJson(c, ZIndicatorInput))),
      )
      .delete('/indicators/:id', async (c) => {
        await deleteIndicator(deps, requireActor(c), readIdParam(c));
        return c.body(null, 204);
      })
  );
}
