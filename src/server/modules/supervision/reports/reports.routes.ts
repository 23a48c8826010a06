import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../../../shared/errors.ts';
import { ZReportDecision, ZReportDraft } from '../../../../shared/reports.ts';
import { ZSupervisionSettings } from '../../../../shared/supervision.ts';
import type { AppDeps } from '../../../deps.ts';
import { readIdParam, readJson, readQuery, requireActor, type AppContext, type AppEnv } from '../../../http/context.ts';
import { getTaskView } from '../task-view.ts';
import { addAttachment, deleteAttachment, readAttachment } from './attachments.ts';
import { approveReport, returnReport } from './decide-report.ts';
import { getReport, saveReportDraft, submitReport } from './file-report.ts';
import { getMyTasks } from './my-tasks.ts';
import { getSupervisionSettings, putSupervisionSettings } from './report-settings.ts';

const ZPeriodParam = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4]|H[12])$/, '填报周期格式应为 2023-06、2023-Q2 或 2023-H1');
const ZMyQuery = z.object({ period: ZPeriodParam.optional() });

/** RFC 6266 header: an ASCII fallback plus the UTF-8 name, so 进展.pdf arrives as 进展.pdf and nothing can break the header. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function readPeriod(c: AppContext): string {
  const period = ZPeriodParam.safeParse(c.req.param('period'));
  if (!period.success)
    throw new AppError(
      'VALIDATION_FAILED',
      `填报周期“${c.req.param('period')}”格式不对，应为 2023-06、2023-Q2 或 2023-H1。`,
    );
  return period.data;
}

/** 附件: multipart `file`; checked by size, extension and first bytes (in the service) before anything is stored. */
async function readUpload(c: AppContext): Promise<{ fileName: string; bytes: Uint8Array }> {
  if (!(c.req.header('content-type') ?? '').includes('multipart/form-data'))
    throw new AppError('BAD_REQUEST', '请以表单方式上传附件（multipart/form-data，字段名 file）。');
  const file = (await c.req.parseBody()).file;
  if (!(file instanceof File)) throw new AppError('BAD_REQUEST', '请选择要上传的附件。');
  return { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/**
 * Supervision settings, the unit's own view, the task page and progress reports (进展填报和审核). Each service
 * authorises first and reads the body only then (the routes pass it deferred), so a refused request gets 403 whatever
 * it carries. Mounted at /api.
 */
export function reportsRoutes(deps: AppDeps) {
  return (
    new Hono<AppEnv>()
      .get('/plans/:id/supervision', async (c) =>
        c.json(await getSupervisionSettings(deps, requireActor(c), readIdParam(c))),
      )
      .put('/plans/:id/supervision', async (c) =>
        c.json(
          await putSupervisionSettings(deps, requireActor(c), readIdParam(c), () => readJson(c, ZSupervisionSettings)),
        ),
      )
      .get('/my/tasks', async (c) => c.json(await getMyTasks(deps, requireActor(c), readQuery(c, ZMyQuery).period)))
      .get('/tasks/:id', async (c) => c.json(await getTaskView(deps, requireActor(c), readIdParam(c))))
      // 进展填报 (reports): one per task, unit and period; the unit is the actor's own.
      .put('/tasks/:id/reports/:period', async (c) =>
        c.json(
          await saveReportDraft(deps, requireActor(c), readIdParam(c), readPeriod(c), () => readJson(c, ZReportDraft)),
        ),
      )
      .get('/reports/:id', async (c) => c.json(await getReport(deps, requireActor(c), readIdParam(c))))
      .post('/reports/:id/submit', async (c) => c.json(await submitReport(deps, requireActor(c), readIdParam(c))))
      .post('/reports/:id/approve', async (c) =>
        c.json(await approveReport(deps, requireActor(c), readIdParam(c), () => readJson(c, ZReportDecision))),
      )
      .post('/reports/:id/return', async (c) =>
        c.json(await returnReport(deps, requireActor(c), readIdParam(c), () => readJson(c, ZReportDecision))),
      )
      .post('/reports/:id/attachments', async (c) =>
        c.json(await addAttachment(deps, requireActor(c), readIdParam(c), () => readUpload(c)), 201),
      )
      .get('/attachments/:id', async (c) => {
        const file = await readAttachment(deps, requireActor(c), readIdParam(c));
        c.header('content-type', file.mime);
        c.header('content-disposition', contentDisposition(file.fileName));
        c.header('x-content-type-options', 'nosniff');
        c.header('cache-control', 'private, no-store');
        return c.body(new Uint8Array(file.content));
      })
      .delete('/attachments/:id', async (c) => {
        await deleteAttachment(deps, requireActor(c), readIdParam(c));
        return c.body(null, 204);
      })
  );
}
