import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import {
  ZCreateProject,
  ZMemberInput,
  ZNodeCreate,
  ZNodeMerge,
  ZNodeMove,
  ZNodePatch,
  ZNodeSplit,
  ZOutlineImport,
  ZProjectPatch,
  ZRevisionDecision,
} from '../../../shared/compilation.ts';
import type { AppDeps } from '../../deps.ts';
import { readIdParam, readJson, requireActor, type AppContext, type AppEnv } from '../../http/context.ts';
import { authorize } from '../../platform/policy.ts';
import { createProject } from './create-project.ts';
import { addNode, deleteNode, moveNode, updateNode } from './edit-outline.ts';
import { exportProjectPlan } from './export-plan.ts';
import { getOutline, listOutlineChanges, listOutlineRevisions } from './get-outline.ts';
import { getProject, listProjects } from './get-project.ts';
import { importOutline, previewOutlineImport } from './import-outline.ts';
import { decideOutlineRevision, submitOutline } from './outline-revisions.ts';
import { mergeNode, splitNode } from './restructure-outline.ts';
import { addMember, removeMember, updateProject } from './update-project.ts';
import { listPeople } from './list-people.ts';
import { contentDisposition } from './http-files.ts';
import { draftsRoutes } from './drafts.routes.ts';
import { assignmentsRoutes } from './assignments.routes.ts';
import { submissionsRoutes } from './submissions.routes.ts';
import { materialsRoutes } from './materials.routes.ts';

const ZPasted = z.object({
  text: z.string().min(1, '请粘贴篇目文字').max(1_000_000, '粘贴的内容过长，请改为上传文件。'),
});

/** An uploaded file (multipart field `file`) or pasted text (JSON `{ text }`), as bytes and a name. */
export async function readUpload(c: AppContext, what: string): Promise<{ bytes: Uint8Array; fileName: string }> {
  const type = c.req.header('content-type') ?? '';
  if (type.includes('multipart/form-data')) {
    const form = await c.req.parseBody();
    const file = form.file;
    if (file instanceof File) return { bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name };
    throw new AppError('BAD_REQUEST', `请选择要上传的${what}文件（字段名 file）。`);
  }
  const { text } = await readJson(c, ZPasted);
  return { bytes: new TextEncoder().encode(text), fileName: '粘贴的文字.txt' };
}

const nodeId = (c: AppContext) => readIdParam(c, 'nodeId');

/** 编纂: projects, 编纂方案, roles and the 篇目. Mounted at /api/compilation. Writes check `compile.write` before anything else. */
export function compilationRoutes(deps: AppDeps) {
  const writer = (c: AppContext) => {
    const actor = requireActor(c);
    authorize(actor, 'compile.write');
    return actor;
  };
  return (
    new Hono<AppEnv>()
      .get('/people', async (c) => c.json(await listPeople(deps, writer(c))))
      .get('/projects', async (c) => c.json(await listProjects(deps, requireActor(c))))
      .post('/projects', async (c) => {
        const actor = requireActor(c);
        authorize(actor, 'compile.create');
        return c.json(await createProject(deps, actor, await readJson(c, ZCreateProject)), 201);
      })
      .get('/projects/:id', async (c) => c.json(await getProject(deps, requireActor(c), readIdParam(c))))
      .patch('/projects/:id', async (c) => {
        const actor = writer(c);
        return c.json(await updateProject(deps, actor, readIdParam(c), await readJson(c, ZProjectPatch)));
      })
      .get('/projects/:id/plan.docx', async (c) => {
        const { fileName, bytes } = await exportProjectPlan(deps, requireActor(c), readIdParam(c));
        return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
          'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          'content-disposition': contentDisposition(fileName),
        });
      })
      .post('/projects/:id/members', async (c) => {
        const actor = writer(c);
        return c.json(await addMember(deps, actor, readIdParam(c), await readJson(c, ZMemberInput)), 201);
      })
      .delete('/projects/:id/members/:memberId', async (c) => {
        const actor = writer(c);
        return c.json(await removeMember(deps, actor, readIdParam(c), readIdParam(c, 'memberId')));
      })
      // 篇目
      .get('/projects/:id/outline', async (c) => c.json(await getOutline(deps, requireActor(c), readIdParam(c))))
      .post('/projects/:id/outline/nodes', async (c) => {
        const actor = writer(c);
        return c.json(await addNode(deps, actor, readIdParam(c), await readJson(c, ZNodeCreate)), 201);
      })
      .patch('/projects/:id/outline/nodes/:nodeId', async (c) => {
        const actor = writer(c);
        return c.json(await updateNode(deps, actor, readIdParam(c), nodeId(c), await readJson(c, ZNodePatch)));
      })
      .delete('/projects/:id/outline/nodes/:nodeId', async (c) => {
        const actor = writer(c);
        return c.json(await deleteNode(deps, actor, readIdParam(c), nodeId(c)));
      })
      .post('/projects/:id/outline/nodes/:nodeId/move', async (c) => {
        const actor = writer(c);
        return c.json(await moveNode(deps, actor, readIdParam(c), nodeId(c), await readJson(c, ZNodeMove)));
      })
      .post('/projects/:id/outline/nodes/:nodeId/split', async (c) => {
        const actor = writer(c);
        return c.json(await splitNode(deps, actor, readIdParam(c), nodeId(c), await readJson(c, ZNodeSplit)));
      })
      .post('/projects/:id/outline/nodes/:nodeId/merge', async (c) => {
        const actor = writer(c);
        return c.json(await mergeNode(deps, actor, readIdParam(c), nodeId(c), await readJson(c, ZNodeMerge)));
      })
      .post('/projects/:id/outline/preview', async (c) => {
        const actor = writer(c);
        const { bytes, fileName } = await readUpload(c, '篇目');
        return c.json(await previewOutlineImport(deps, actor, readIdParam(c), bytes, fileName));
      })
      .post('/projects/:id/outline/import', async (c) => {
        const actor = writer(c);
        return c.json(await importOutline(deps, actor, readIdParam(c), await readJson(c, ZOutlineImport)));
      })
      .get('/projects/:id/outline/changes', async (c) =>
        c.json(await listOutlineChanges(deps, requireActor(c), readIdParam(c))),
      )
      .get('/projects/:id/outline/revisions', async (c) =>
        c.json(await listOutlineRevisions(deps, requireActor(c), readIdParam(c))),
      )
      .post('/projects/:id/outline/submit', async (c) => {
        const actor = writer(c);
        return c.json(await submitOutline(deps, actor, readIdParam(c)));
      })
      .post('/projects/:id/outline/revisions/:revisionId/decision', async (c) => {
        const actor = writer(c);
        return c.json(
          await decideOutlineRevision(
            deps,
            actor,
            readIdParam(c),
            readIdParam(c, 'revisionId'),
            await readJson(c, ZRevisionDecision),
          ),
        );
      })
      .route('/', draftsRoutes(deps))
      .route('/', assignmentsRoutes(deps))
      .route('/', submissionsRoutes(deps))
      .route('/', materialsRoutes(deps))
  );
}
