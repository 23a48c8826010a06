import { Hono } from 'hono';
import { z } from 'zod';
import { ZAssessmentRules, ZQualityScoreInput } from '../../../shared/assessment.ts';
import type { AppDeps } from '../../deps.ts';
import { readIdParam, readJson, readQuery, requireActor, type AppEnv } from '../../http/context.ts';
import { getAssessmentRules, getRanking, saveAssessmentRules, setQualityScore } from './assessment.service.ts';
import { formatRankingXlsx } from './ranking-xlsx.ts';

const ZAsOf = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
    .optional(),
});

/** 绩效考评, mounted under /api/plans: /:id/assessment/{rules,ranking,ranking.xlsx,quality/:unitId}. */
export function assessmentRoutes(deps: AppDeps) {
  return (
    new Hono<AppEnv>()
      .get('/:id/assessment/rules', async (c) =>
        c.json(await getAssessmentRules(deps, requireActor(c), readIdParam(c))),
      )
      // The services authorise before they read the body: a leader gets 403, not a validation message about rules they may not edit.
      .put('/:id/assessment/rules', async (c) =>
        c.json(await saveAssessmentRules(deps, requireActor(c), readIdParam(c), () => readJson(c, ZAssessmentRules))),
      )
      .put('/:id/assessment/quality/:unitId', async (c) =>
        c.json(
          await setQualityScore(deps, requireActor(c), readIdParam(c), readIdParam(c, 'unitId'), () =>
            readJson(c, ZQualityScoreInput),
          ),
        ),
      )
      .get('/:id/assessment/ranking', async (c) => {
        const actor = requireActor(c);
        return c.json(await getRanking(deps, actor, readIdParam(c), readQuery(c, ZAsOf).date));
      })
      .get('/:id/assessment/ranking.xlsx', async (c) => {
        const actor = requireActor(c);
        const ranking = await getRanking(deps, actor, readIdParam(c), readQuery(c, ZAsOf).date);
        const bytes = await formatRankingXlsx(ranking);
        c.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        c.header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(`绩效考评排名-${ranking.asOf}.xlsx`)}`,
        );
        return c.body(bytes.buffer as ArrayBuffer);
      })
  );
}
