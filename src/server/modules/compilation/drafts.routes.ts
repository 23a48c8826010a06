import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import { ZDiffQuery, ZDraftSave, ZNodeStatusInput, ZRuleSettings } from '../../../shared/compilation.ts';
import type { AppDeps } from '../../deps.ts';
import { readIdParam, readJson, readQuery, requireActor, type AppContext, type AppEnv } from '../../http/context.ts';
import { authorize } from '../../platform/policy.ts';
import { contentDisposition } from './http-files.ts';
import { checkProject, getRuleSettings, updateRuleSettings } from './check-project.ts';
import { diffVersions } from './drafts/diff-versions.ts';
import { exportBook } from './drafts/export-book.ts';
import { importDraftDocx } from './drafts/import-draft-docx.ts';
import { getNodeDrafts, restoreVersion, saveDraft, setNodeStatus } from './drafts/save-draft.ts';
import { assertNoOpenContradictions } from './materials/contradictions.ts';

const ZExportQuery = z.object({
  format: z.enum(['docx', 'pdf'], { error: () => ({ message: '导出格式应为 docx 或 pdf' }) }).default('docx'),
  nodeId: z.coerce.number().int().positive().optional(),
  /** Provenance: the excerpt cards cited by paragraphs as footnotes (1), never 秘密 and above. */
  sourceNotes: z.enum(['0', '1']).optional(),
});

/** 稿件: versions per node, diff, restore, Word import, 定稿, and the book export. Mounted under /api/compilation. */
export function draftsRoutes(deps: AppDeps) {
  const writer = (c: AppContext) => {
    const actor = requireActor(c);
    authorize(actor, 'compile.write');
    return actor;
  };
  const nodeId = (c: AppContext) => readIdParam(c, 'nodeId');
  return new Hono<AppEnv>()
    .get('/projects/:id/nodes/:nodeId/drafts', async (c) =>
      c.json(await getNodeDrafts(deps, requireActor(c), readIdParam(c), nodeId(c))),
    )
    .post('/projects/:id/nodes/:nodeId/drafts', async (c) => {
      const actor = writer(c);
      return c.json(await saveDraft(deps, actor, readIdParam(c), nodeId(c), await readJson(c, ZDraftSave)), 201);
    })
    .post('/projects/:id/nodes/:nodeId/drafts/import', async (c) => {
      const actor = writer(c);
      if (!(c.req.header('content-type') ?? '').includes('multipart/form-data'))
        throw new AppError('BAD_REQUEST', '请以表单方式上传 Word 稿件（字段名 file）。');
      const form = await c.req.parseBody();
      const file = form.file;
      if (!(file instanceof File)) throw new AppError('BAD_REQUEST', '请选择要导入的 Word 稿件（.docx）。');
      return c.json(
        await importDraftDocx(
          deps,
          actor,
          readIdParam(c),
          nodeId(c),
          new Uint8Array(await file.arrayBuffer()),
          file.name,
        ),
        201,
      );
    })
    .get('/projects/:id/nodes/:nodeId/diff', async (c) => {
      const q = readQuery(c, ZDiffQuery);
      return c.json(await diffVersions(deps, requireActor(c), readIdParam(c), nodeId(c), q.from, q.to));
    })
    .post('/projects/:id/drafts/:versionId/restore', async (c) => {
      const actor = writer(c);
      return c.json(await restoreVersion(deps, actor, readIdParam(c), readIdParam(c, 'versionId')), 201);
    })
    .post('/projects/:id/nodes/:nodeId/status', async (c) => {
      const actor = writer(c);
      const { status } = await readJson(c, ZNodeStatusInput);
      // The finalise hook: an unresolved contradiction among the node's cards blocks 定稿.
      return c.json(await setNodeStatus(deps, actor, readIdParam(c), nodeId(c), status, assertNoOpenContradictions));
    })
    .get('/projects/:id/check', async (c) => c.json(await checkProject(deps, requireActor(c), readIdParam(c))))
    .get('/projects/:id/rules', async (c) => c.json(await getRuleSettings(deps, requireActor(c), readIdParam(c))))
    .put('/projects/:id/rules', async (c) => {
      const actor = writer(c);
      return c.json(await updateRuleSettings(deps, actor, readIdParam(c), await readJson(c, ZRuleSettings)));
    })
    .get('/projects/:id/export', async (c) => {
      const q = readQuery(c, ZExportQuery);
      const file = await exportBook(deps, requireActor(c), readIdParam(c), {
        format: q.format,
        nodeId: q.nodeId ?? null,
        sourceNotes: q.sourceNotes === '1',
      });
      return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': file.contentType,
        'content-disposition': contentDisposition(file.fileName),
      });
    });
}
