import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import { ZIndicatorInput, ZMilestoneInput, ZMilestoneReached, ZReportDecision, ZReportDraft, ZTaskPatch } from '../../../shared/reports.ts';
import { ZSupervisionSettings } from '../../../shared/supervision.ts';
import type { AppDeps } from '../../deps.ts';
import { readIdParam, readJson, readQuery, requireActor, type AppEnv } from '../../http/context.ts';
import { authorize } from '../../platform/policy.ts';
import { addAttachment, deleteAttachment, readAttachment } from './attachments.ts';
import { approveReport, returnReport } from './decide-report.ts';
import { getReport, saveReportDraft, submitReport } from './file-report.ts';
import { createIndicator, createIndicatorsFromTargets, deleteIndicator, listIndicators, updateIndicator } from './indicators.ts';
import { createMilestone, deleteMilestone, listMilestones, markMilestoneReached, setTaskContinuous, updateMilestone } from './milestones.ts';
import { getMyTasks } from './my-tasks.ts';
import { getSupervisionSettings, putSupervisionSettings } from './settings.ts';
import { getTaskView } from './task-timeline.ts';

const ZPeriodParam = z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4]|H[12])$/, '填报周期格式应为 2023-06、2023-Q2 或 2023-H1');
const ZDateQuery = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').optional() });
const ZMyQuery = z.object({ period: ZPeriodParam.optional() });

/** RFC 6266 header: an ASCII fallback plus the UTF-8 name, so 进展.pdf arrives as 进展.pdf and nothing can break the header. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Roadmaps and progress reports (任务督办: 时间表和路线图, 进展填报和审核). Mounted at /api. */
export function reportsRoutes(deps: AppDeps) {
  return (
    new Hono<AppEnv>()
      .get('/plans/:id/supervision', async (c) => c.json(await getSupervisionSettings(deps, requireActor(c), readIdParam(c))))
      .put('/plans/:id/supervision', async (c) => {
        const actor = requireActor(c);
        authorize(actor, 'supervision.configure');
        return c.json(await putSupervisionSettings(deps, actor, readIdParam(c), await readJson(c, ZSupervisionSettings)));
      })
      .get('/my/tasks', async (c) => c.json(await getMyTasks(deps, requireActor(c), readQuery(c, ZMyQuery).period)))
      .get('/tasks/:id', async (c) => c.json(await getTaskView(deps, requireActor(c), readIdParam(c))))
      .patch('/tasks/:id', async (c) => {
        const actor = requireActor(c);
        authorize(actor, 'roadmap.edit');
        await setTaskContinuous(deps, actor, readIdParam(c), (await readJson(c, ZTaskPatch)).isContinuous);
        return c.json(await getTaskView(deps, actor, readIdParam(c)));
      })
      // 节点 (milestones)
      .get('/tasks/:id/milestones', async (c) => c.json(await listMilestones(deps, requireActor(c), readIdParam(c))))
      .post('/tasks/:id/milestones', async (c) => {
        const actor = requireActor(c);
        authorize(actor, 'roadmap.edit');
        return c.json(await createMilestone(deps, actor, readIdParam(c), await readJson(c, ZMilestoneInput)), 201);
      })
      .put('/milestones/:id', async (c) => {
        const actor = requireActor(c);
        authorize(actor, 'roadmap.edit');
        return c.json(await updateMilestone(deps, actor, readIdParam(c), await readJson(c, ZMilestoneInput)));
      })
      .delete('/milestones/:id', async (c) => {
        const actor = requireActor(c);
        authorize(actor, 'roadmap.edit');
        await deleteMilestone(deps, actor, readIdParam(c));
        return c.body(null, 204);
      })
      .post('/milestones/:id/reached', async (c) => {
        const actor = requireActor(c);
        authorize(actor, 'roadmap.edit');
        return c.json(await markMilestoneReached(deps, actor, readIdParam(c), (await readJson(c, ZMilestoneReached)).reached));
      })
      // 指标 (indicators)
      .get('/tasks/:id/indicators', async (c) => c.json(await listIndicators(deps, requireActor(c), readIdParam(c), readQuery(c, ZDateQuery).date)))
      .post('/tasks/:id/indicators', async (c) => {
        const actor = requireActor(c);
        authorize(actor, 'roadmap.edit');
        return c.json(await createIndicator(deps, actor, readIdParam(c), await readJson(c, ZIndicatorInput)), 201);
      })
      .post('/tasks/:id/indicators/from-targets', async (c) => {
        const actor = requireActor(c);
        authorize(actor, 'roadmap.edit');
        return c.json(await createIndicatorsFromTargets(deps, actor, readIdParam(c)));
      })
      .put('/indicators/:id', async (c) => {
        const actor = requireActor(c);
        authorize(actor, 'roadmap.edit');
        return c.json(await updateIndicator(deps, actor, readIdParam(c), await readJson(c, ZIndicatorInput)));
      })
      .delete('/indicators/:id', async (c) => {
        const actor = requireActor(c);
        authorize(actor, 'roadmap.edit');
        await deleteIndicator(deps, actor, readIdParam(c));
        return c.body(null, 204);
      })
      // 进展填报 (reports): one per task, unit and period; the unit is the actor's own.
      .put('/tasks/:id/reports/:period', async (c) => {
        const actor = requireActor(c);
        authorize(actor, 'report.file');
        const period = ZPeriodParam.safeParse(c.req.param('period'));
        if (!period.success) throw new AppError('VALIDATION_FAILED', `填报周期“${c.req.param('period')}”格式不对，应为 2023-06、2023-Q2 或 2023-H1。`);
        return c.json(await saveReportDraft(deps, actor, readIdParam(c), period.data, await readJson(c, ZReportDraft)));
      })
      .get('/reports/:id', async (c) => c.json(await getReport(deps, requireActor(c), readIdParam(c))))
      .post('/reports/:id/submit', async (c) => {
        const actor = requireActor(c);
        authorize(actor, 'report.file');
        return c.json(await submitReport(deps, actor, readIdParam(c)));
      })
      .post('/reports/:id/approve', async (c) => {
        const actor = requireActor(c);
        authorize(actor, 'report.decide');
        return c.json(await approveReport(deps, actor, readIdParam(c), (await readJson(c, ZReportDecision)).comment));
      })
      .post('/reports/:id/return', async (c) => {
        const actor = requireActor(c);
        authorize(actor, 'report.decide');
        return c.json(await returnReport(deps, actor, readIdParam(c), (await readJson(c, ZReportDecision)).comment));
      })
      // 附件: multipart `file`; checked by size, extension and first bytes before anything is stored.
      .post('/reports/:id/attachments', async (c) => {
        const actor = requireActor(c);
        authorize(actor, 'report.file');
        if (!(c.req.header('content-type') ?? '').includes('multipart/form-data')) throw new AppError('BAD_REQUEST', '请以表单方式上传附件（multipart/form-data，字段名 file）。');
        const form = await c.req.parseBody();
        const file = form.file;
        if (!(file instanceof File)) throw new AppError('BAD_REQUEST', '请选择要上传的附件。');
        return c.json(await addAttachment(deps, actor, readIdParam(c), file.name, new Uint8Array(await file.arrayBuffer())), 201);
      })
      .get('/attachments/:id', async (c) => {
        const file = await readAttachment(deps, requireActor(c), readIdParam(c));
        c.header('content-type', file.mime);
        c.header('content-disposition', contentDisposition(file.fileName));
        c.header('x-content-type-options', 'nosniff');
        c.header('cache-control', 'private, no-store');
        return c.body(new Uint8Array(file.content));
      })
      .delete('/attachments/:id', async (c) => {
        const actor = requireActor(c);
        authorize(actor, 'report.file');
        await deleteAttachment(deps, actor, readIdParam(c));
        return c.body(null, 204);
      })
  );
}
