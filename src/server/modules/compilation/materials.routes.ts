import { Hono } from 'hono';
import {
  ZCardInput,
  ZCardQuery,
  ZContradictionInput,
  ZContradictionResolve,
  ZSourceCompilationOrder,
  ZSourceInput,
} from '../../../shared/compilation-sources.ts';
import type { AppDeps } from '../../deps.ts';
import { readIdParam, readJson, readQuery, requireActor, type AppContext, type AppEnv } from '../../http/context.ts';
import { authorize } from '../../platform/policy.ts';
import { contentDisposition } from './http-files.ts';
import {
  createCard,
  createSource,
  deleteCard,
  deleteSource,
  listMaterials,
  updateCard,
  updateSource,
} from './materials/materials.ts';
import { listContradictions, recordContradiction, resolveContradiction } from './materials/contradictions.ts';
import {
  exportSourceCompilation,
  getSourceCompilation,
  orderSourceCompilation,
} from './materials/source-compilation.ts';
import { getParagraphSources } from './materials/provenance.ts';

/** 资料: sources, excerpt cards, 资料长编, contradictions and paragraph provenance. Mounted under /api/compilation. */
export function materialsRoutes(deps: AppDeps) {
  const writer = (c: AppContext) => {
    const actor = requireActor(c);
    authorize(actor, 'compile.write');
    return actor;
  };
  const id = (c: AppContext) => readIdParam(c);
  return new Hono<AppEnv>()
    .get('/projects/:id/materials', async (c) =>
      c.json(await listMaterials(deps, requireActor(c), id(c), readQuery(c, ZCardQuery))),
    )
    .post('/projects/:id/sources', async (c) => {
      const actor = writer(c);
      return c.json(await createSource(deps, actor, id(c), await readJson(c, ZSourceInput)), 201);
    })
    .put('/projects/:id/sources/:sourceId', async (c) => {
      const actor = writer(c);
      return c.json(
        await updateSource(deps, actor, id(c), readIdParam(c, 'sourceId'), await readJson(c, ZSourceInput)),
      );
    })
    .delete('/projects/:id/sources/:sourceId', async (c) => {
      const actor = writer(c);
      await deleteSource(deps, actor, id(c), readIdParam(c, 'sourceId'));
      return c.body(null, 204);
    })
    .post('/projects/:id/cards', async (c) => {
      const actor = writer(c);
      return c.json(await createCard(deps, actor, id(c), await readJson(c, ZCardInput)), 201);
    })
    .put('/projects/:id/cards/:cardId', async (c) => {
      const actor = writer(c);
      return c.json(await updateCard(deps, actor, id(c), readIdParam(c, 'cardId'), await readJson(c, ZCardInput)));
    })
    .delete('/projects/:id/cards/:cardId', async (c) => {
      const actor = writer(c);
      await deleteCard(deps, actor, id(c), readIdParam(c, 'cardId'));
      return c.body(null, 204);
    })
    .get('/projects/:id/contradictions', async (c) => c.json(await listContradictions(deps, requireActor(c), id(c))))
    .post('/projects/:id/contradictions', async (c) => {
      const actor = writer(c);
      return c.json(await recordContradiction(deps, actor, id(c), await readJson(c, ZContradictionInput)), 201);
    })
    .post('/projects/:id/contradictions/:cid/resolve', async (c) => {
      const actor = writer(c);
      return c.json(
        await resolveContradiction(deps, actor, id(c), readIdParam(c, 'cid'), await readJson(c, ZContradictionResolve)),
      );
    })
    .get('/projects/:id/nodes/:nodeId/source-compilation', async (c) =>
      c.json(await getSourceCompilation(deps, requireActor(c), id(c), readIdParam(c, 'nodeId'))),
    )
    .put('/projects/:id/nodes/:nodeId/source-compilation', async (c) => {
      const actor = writer(c);
      return c.json(
        await orderSourceCompilation(
          deps,
          actor,
          id(c),
          readIdParam(c, 'nodeId'),
          await readJson(c, ZSourceCompilationOrder),
        ),
      );
    })
    .get('/projects/:id/nodes/:nodeId/source-compilation.docx', async (c) => {
      const file = await exportSourceCompilation(deps, requireActor(c), id(c), readIdParam(c, 'nodeId'));
      return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'content-disposition': contentDisposition(file.fileName),
      });
    })
    .get('/projects/:id/nodes/:nodeId/provenance', async (c) =>
      c.json(await getParagraphSources(deps, requireActor(c), id(c), readIdParam(c, 'nodeId'))),
    );
}
