import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import type { AppDeps } from '../../deps.ts';
import { readIdParam, requireActor, type AppContext, type AppEnv } from '../../http/context.ts';
import { getPlan, getPlanSource, listPlans } from './find-plans.ts';
import { importUploadedPlan } from './import-plan.ts';
import { previewPlan, type PlanSource } from './preview-plan.ts';

const ZPastedText = z.object({ text: z.string().max(2_000_000, '粘贴的内容过长（超过 200 万字），请改为上传文件。') });

/** The document arrives either as a multipart `file` or as pasted `text` (multipart field or JSON body). */
async function readSource(c: AppContext): Promise<{ source: PlanSource; form: Record<string, unknown> }> {
  const type = c.req.header('content-type') ?? '';
  if (type.includes('multipart/form-data')) {
    const form = await c.req.parseBody();
    const file = form.file;
    if (file instanceof File) {
      return { source: { kind: 'file', fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, form };
    }
    if (typeof form.text === 'string')
      return { source: { kind: 'text', text: ZPastedText.parse({ text: form.text }).text }, form };
    throw new AppError('BAD_REQUEST', '请选择要上传的文件，或粘贴工作要点正文。');
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new AppError('BAD_REQUEST', '请求内容不是有效的 JSON，请检查格式后重试。');
  }
  const parsed = ZPastedText.safeParse(body);
  if (!parsed.success)
    throw new AppError('VALIDATION_FAILED', parsed.error.issues[0]?.message ?? '请粘贴工作要点正文。');
  return { source: { kind: 'text', text: parsed.data.text }, form: {} };
}

export function workplanRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json(await listPlans(deps, requireActor(c))))
    .post('/preview', async (c) => {
      const actor = requireActor(c);
      const { source } = await readSource(c);
      return c.json(await previewPlan(deps, actor, source));
    })
    .post('/', async (c) => {
      const actor = requireActor(c);
      const { source, form } = await readSource(c);
      // The confirmed table travels as a JSON string in the multipart field `plan`; the service checks it after authorising.
      return c.json(await importUploadedPlan(deps, actor, form.plan, source), 201);
    })
    .get('/:id', async (c) => c.json(await getPlan(deps, requireActor(c), readIdParam(c))))
    .get('/:id/source', async (c) => {
      const { fileName, content } = await getPlanSource(deps, requireActor(c), readIdParam(c));
      c.header('content-type', 'application/octet-stream');
      c.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`);
      return c.body(new Uint8Array(content));
    });
}
