import { Hono } from 'hono';
import { z } from 'zod';
import { ZCycleInput, ZFormInput, ZReview, ZSaveSubmission } from '../../../shared/datareports.ts';
import type { AppDeps } from '../../deps.ts';
import { readIdParam, readJson, readQuery, requireActor, type AppEnv } from '../../http/context.ts';
import { authorize } from '../../platform/policy.ts';
import { contentDisposition } from '../documents/documents.routes.ts';
import { readUpload } from '../library/upload.ts';
import { createCycle, getCycle, listCycles, listForms, saveForm } from './forms-and-cycles.ts';
import {
  getMySubmission,
  reportTemplate,
  saveMySubmission,
  submitMySubmission,
  uploadMySubmission,
} from './fill-report.ts';
import { reviewSubmission } from './review-report.ts';
import { exportZzbTable, rollupCycle, trendOf } from './rollup-report.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ZTrendQuery = z.object({
  formId: z.coerce.number().int().positive('请选择表单'),
  field: z.string().min(1, '请选择指标'),
});

/** 资料年报 under `/api/datareports`. Roles first; which offices an actor reaches is the library's office-access rule. */
export function datareportsRoutes(deps: AppDeps) {
  const as = (
    c: Parameters<typeof requireActor>[0],
    action: 'datareport.define' | 'datareport.fill' | 'datareport.review',
  ) => {
    const actor = requireActor(c);
    authorize(actor, action);
    return actor;
  };
  return new Hono<AppEnv>()
    .get('/forms', async (c) => c.json(await listForms(deps, requireActor(c))))
    .post('/forms', async (c) => {
      const actor = as(c, 'datareport.define');
      return c.json(await saveForm(deps, actor, null, await readJson(c, ZFormInput)), 201);
    })
    .patch('/forms/:id', async (c) => {
      const actor = as(c, 'datareport.define');
      return c.json(await saveForm(deps, actor, readIdParam(c), await readJson(c, ZFormInput)));
    })
    .get('/cycles', async (c) => c.json(await listCycles(deps, requireActor(c))))
    .post('/cycles', async (c) => {
      const actor = as(c, 'datareport.define');
      return c.json(await createCycle(deps, actor, await readJson(c, ZCycleInput)), 201);
    })
    .get('/cycles/:id', async (c) => c.json(await getCycle(deps, requireActor(c), readIdParam(c))))
    .get('/cycles/:id/template', async (c) => {
      const file = await reportTemplate(deps, requireActor(c), readIdParam(c));
      c.header('content-type', XLSX);
      c.header('content-disposition', contentDisposition(file.fileName));
      return c.body(file.bytes as Uint8Array<ArrayBuffer>);
    })
    .get('/cycles/:id/rollup', async (c) => c.json(await rollupCycle(deps, requireActor(c), readIdParam(c))))
    .get('/cycles/:id/statistics', async (c) => {
      const file = await exportZzbTable(deps, requireActor(c), readIdParam(c));
      c.header('content-type', XLSX);
      c.header('content-disposition', contentDisposition(file.fileName));
      return c.body(file.bytes as Uint8Array<ArrayBuffer>);
    })
    .get('/cycles/:id/mine', async (c) => c.json(await getMySubmission(deps, requireActor(c), readIdParam(c))))
    .put('/cycles/:id/mine', async (c) => {
      const actor = as(c, 'datareport.fill');
      return c.json(await saveMySubmission(deps, actor, readIdParam(c), await readJson(c, ZSaveSubmission)));
    })
    .post('/cycles/:id/mine/upload', async (c) => {
      const actor = as(c, 'datareport.fill');
      const up = await readUpload(c, '填好的年报 .xlsx');
      return c.json(await uploadMySubmission(deps, actor, readIdParam(c), up.bytes));
    })
    .post('/cycles/:id/mine/submit', async (c) =>
      c.json(await submitMySubmission(deps, as(c, 'datareport.fill'), readIdParam(c))),
    )
    .post('/submissions/:id/review', async (c) => {
      const actor = as(c, 'datareport.review');
      return c.json(await reviewSubmission(deps, actor, readIdParam(c), await readJson(c, ZReview)));
    })
    .get('/trend', async (c) => {
      const q = readQuery(c, ZTrendQuery);
      return c.json(await trendOf(deps, requireActor(c), q.formId, q.field));
    });
}
