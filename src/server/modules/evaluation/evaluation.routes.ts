import { Hono } from 'hono';
import {
  ZCancelCampaign,
  ZCampaignInput,
  ZEntryGroupInput,
  ZExpertInput,
  ZGroupInput,
  ZSheetSave,
  ZStageInput,
  ZTemplateInput,
  ZVoteInput,
} from '../../../shared/evaluation.ts';
import type { AppDeps } from '../../deps.ts';
import { readIdParam, readJson, requireActor, type AppContext, type AppEnv } from '../../http/context.ts';
import { authorize, type Action } from '../../platform/policy.ts';
import { contentDisposition } from '../documents/documents.routes.ts';
import { readUpload } from '../library/upload.ts';
import {
  addExpert,
  addGroup,
  advanceStage,
  assignCampaignExperts,
  cancelCampaign,
  createCampaign,
  expertCandidates,
  getCampaign,
  listCampaigns,
  setGroupOfEntry,
} from './campaigns.ts';
import { entryFile, entryForScoring, submitEntry, withdrawEntry } from './entries.ts';
import { exportBulletin, exportScores } from './exports.ts';
import { castVote, saveSheet } from './scoring.ts';
import { listTemplates, saveTemplate } from './templates.ts';

/** 评审 endpoints under `/api/evaluation`. The role is checked before a body is read; who sees what is in the use cases. */
export function evaluationRoutes(deps: AppDeps) {
  const as = (c: AppContext, action: Action) => {
    const actor = requireActor(c);
    authorize(actor, action);
    return actor;
  };
  const file = (c: AppContext, f: { bytes: Uint8Array; fileName: string; contentType: string }) => {
    c.header('content-type', f.contentType);
    c.header('content-disposition', contentDisposition(f.fileName));
    c.header('cache-control', 'no-store');
    return c.body(f.bytes as Uint8Array<ArrayBuffer>);
  };
  return new Hono<AppEnv>()
    .get('/templates', async (c) => c.json(await listTemplates(deps, as(c, 'campaign.manage'))))
    .post('/templates', async (c) => {
      const actor = as(c, 'campaign.manage');
      return c.json(await saveTemplate(deps, actor, null, await readJson(c, ZTemplateInput)), 201);
    })
    .put('/templates/:id', async (c) => {
      const actor = as(c, 'campaign.manage');
      return c.json(await saveTemplate(deps, actor, readIdParam(c), await readJson(c, ZTemplateInput)));
    })
    .get('/expert-candidates', async (c) => c.json(await expertCandidates(deps, as(c, 'campaign.manage'))))
    .get('/campaigns', async (c) => c.json(await listCampaigns(deps, as(c, 'campaign.read'))))
    .post('/campaigns', async (c) => {
      const actor = as(c, 'campaign.manage');
      return c.json(await createCampaign(deps, actor, await readJson(c, ZCampaignInput)), 201);
    })
    .get('/campaigns/:id', async (c) => c.json(await getCampaign(deps, as(c, 'campaign.read'), readIdParam(c))))
    .post('/campaigns/:id/groups', async (c) => {
      const actor = as(c, 'campaign.manage');
      return c.json(await addGroup(deps, actor, readIdParam(c), await readJson(c, ZGroupInput)));
    })
    .post('/campaigns/:id/experts', async (c) => {
      const actor = as(c, 'campaign.manage');
      return c.json(await addExpert(deps, actor, readIdParam(c), await readJson(c, ZExpertInput)));
    })
    .post('/campaigns/:id/assign', async (c) =>
      c.json(await assignCampaignExperts(deps, as(c, 'campaign.manage'), readIdParam(c))),
    )
    .post('/campaigns/:id/stage', async (c) => {
      const actor = as(c, 'campaign.manage');
      return c.json(await advanceStage(deps, actor, readIdParam(c), await readJson(c, ZStageInput)));
    })
    .post('/campaigns/:id/entries', async (c) => {
      const actor = as(c, 'campaign.enter');
      return c.json(
        await submitEntry(deps, actor, readIdParam(c), () => readUpload(c, '参评作品（.docx 或 .pdf）')),
        201,
      );
    })
    .get('/campaigns/:id/scores.xlsx', async (c) =>
      file(c, await exportScores(deps, as(c, 'campaign.manage'), readIdParam(c))),
    )
    .get('/campaigns/:id/bulletin.docx', async (c) =>
      file(c, await exportBulletin(deps, as(c, 'campaign.manage'), readIdParam(c))),
    )
    .get('/entries/:id', async (c) => c.json(await entryForScoring(deps, as(c, 'campaign.read'), readIdParam(c))))
    .get('/entries/:id/file', async (c) => file(c, await entryFile(deps, as(c, 'campaign.read'), readIdParam(c))))
    .patch('/entries/:id', async (c) => {
      const actor = as(c, 'campaign.manage');
      return c.json(await setGroupOfEntry(deps, actor, readIdParam(c), (await readJson(c, ZEntryGroupInput)).groupId));
    })
    .put('/entries/:id/sheet', async (c) => {
      const actor = as(c, 'campaign.score');
      return c.json(await saveSheet(deps, actor, readIdParam(c), await readJson(c, ZSheetSave)));
    })
    .post('/campaigns/:id/cancel', async (c) => {
      const actor = as(c, 'campaign.manage');
      return c.json(await cancelCampaign(deps, actor, readIdParam(c), await readJson(c, ZCancelCampaign)));
    })
    .delete('/entries/:id', async (c) => c.json(await withdrawEntry(deps, as(c, 'campaign.enter'), readIdParam(c))))
    .post('/entries/:id/vote', async (c) => {
      const actor = as(c, 'campaign.score');
      return c.json(await castVote(deps, actor, readIdParam(c), await readJson(c, ZVoteInput)));
    });
}
