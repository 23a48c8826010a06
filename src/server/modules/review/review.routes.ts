import { Hono } from 'hono';
import { AppError } from '../../../shared/errors.ts';
import {
  ZAddPanelMember,
  ZCreateOpinion,
  ZCreateRound,
  ZDecide,
  ZDeclareConflict,
  ZReinvite,
  ZRespond,
  ZRoundTransition,
  ZSign,
  ZUpdateOpinion,
  ZUpdateRound,
} from '../../../shared/review.ts';
import type { AppDeps } from '../../deps.ts';
import { readIdParam, readJson, requireActor, type AppEnv } from '../../http/context.ts';
import { authorize } from '../../platform/policy.ts';
import { contentDisposition } from '../compilation/http-files.ts';
import { decideRound, signRound } from './decision.ts';
import { downloadManuscript, uploadManuscript } from './manuscripts.ts';
import {
  createOpinion,
  editOpinion,
  listOpinions,
  readRoundText,
  respondToOpinion,
  withdrawOpinion,
} from './opinions.ts';
import { addPanelMember, declareConflict, listReviewPeople, reinvitePanelMember, removePanelMember } from './panel.ts';
import { opinionLetterDocx, revisionNotesDocx } from './review-docx.ts';
import { createRound, getRound, listRounds, transitionRound, updateRound } from './rounds.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** 评审: rounds, panel, opinions, the response matrix, decision and signatures, documents. Mounted at /api/review. */
export function reviewRoutes(deps: AppDeps) {
  const file = (f: { fileName: string; bytes: Uint8Array }, type: string) =>
    new Response(f.bytes as Uint8Array<ArrayBuffer>, {
      headers: { 'content-type': type, 'content-disposition': contentDisposition(f.fileName) },
    });
  return new Hono<AppEnv>()
    .get('/rounds', async (c) => c.json(await listRounds(deps, requireActor(c))))
    .post('/rounds', async (c) =>
      c.json(await createRound(deps, requireActor(c), await readJson(c, ZCreateRound)), 201),
    )
    .get('/rounds/:id', async (c) => c.json(await getRound(deps, requireActor(c), readIdParam(c))))
    .patch('/rounds/:id', async (c) =>
      c.json(await updateRound(deps, requireActor(c), readIdParam(c), await readJson(c, ZUpdateRound))),
    )
    .post('/rounds/:id/transition', async (c) =>
      c.json(await transitionRound(deps, requireActor(c), readIdParam(c), await readJson(c, ZRoundTransition))),
    )
    .post('/rounds/:id/panel', async (c) =>
      c.json(await addPanelMember(deps, requireActor(c), readIdParam(c), await readJson(c, ZAddPanelMember))),
    )
    .post('/rounds/:id/panel/:memberId/reinvite', async (c) =>
      c.json(
        await reinvitePanelMember(
          deps,
          requireActor(c),
          readIdParam(c),
          readIdParam(c, 'memberId'),
          await readJson(c, ZReinvite),
        ),
      ),
    )
    .delete('/rounds/:id/panel/:memberId', async (c) =>
      c.json(await removePanelMember(deps, requireActor(c), readIdParam(c), readIdParam(c, 'memberId'))),
    )
    .post('/rounds/:id/conflict', async (c) =>
      c.json(await declareConflict(deps, requireActor(c), readIdParam(c), await readJson(c, ZDeclareConflict))),
    )
    .get('/rounds/:id/text', async (c) => c.json(await readRoundText(deps, requireActor(c), readIdParam(c))))
    .get('/rounds/:id/opinions', async (c) => c.json(await listOpinions(deps, requireActor(c), readIdParam(c))))
    .post('/rounds/:id/opinions', async (c) =>
      c.json(await createOpinion(deps, requireActor(c), readIdParam(c), await readJson(c, ZCreateOpinion)), 201),
    )
    .patch('/opinions/:id', async (c) =>
      c.json(await editOpinion(deps, requireActor(c), readIdParam(c), await readJson(c, ZUpdateOpinion))),
    )
    .delete('/opinions/:id', async (c) => c.json(await withdrawOpinion(deps, requireActor(c), readIdParam(c))))
    .put('/opinions/:id/response', async (c) =>
      c.json(await respondToOpinion(deps, requireActor(c), readIdParam(c), await readJson(c, ZRespond))),
    )
    .post('/rounds/:id/decision', async (c) =>
      c.json(await decideRound(deps, requireActor(c), readIdParam(c), await readJson(c, ZDecide))),
    )
    .post('/rounds/:id/sign', async (c) =>
      c.json(await signRound(deps, requireActor(c), readIdParam(c), await readJson(c, ZSign))),
    )
    .get('/rounds/:id/opinion-letter.docx', async (c) =>
      file(await opinionLetterDocx(deps, requireActor(c), readIdParam(c)), DOCX),
    )
    .get('/rounds/:id/revision-notes.docx', async (c) =>
      file(await revisionNotesDocx(deps, requireActor(c), readIdParam(c)), DOCX),
    )
    .get('/rounds/:id/manuscript', async (c) =>
      file(await downloadManuscript(deps, requireActor(c), readIdParam(c)), 'application/octet-stream'),
    )
    .get('/people', async (c) => c.json(await listReviewPeople(deps, requireActor(c))))
    .post('/manuscripts', async (c) => {
      const actor = requireActor(c);
      authorize(actor, 'round.manage');
      const form = await c.req.parseBody();
      const upload = form.file;
      if (!(upload instanceof File))
        throw new AppError('BAD_REQUEST', '请选择要上传的书稿文件（.docx 或 .pdf，字段名 file）。');
      const title = typeof form.title === 'string' ? form.title.slice(0, 200) : '';
      return c.json(
        await uploadManuscript(deps, actor, {
          bytes: new Uint8Array(await upload.arrayBuffer()),
          fileName: upload.name,
          title,
        }),
        201,
      );
    });
}
