import { Hono } from 'hono';
import {
  ACQUISITION_METHODS,
  ZPrintEventInput,
  ZPrintJobInput,
  ZEvalDecision,
  ZEvalFinish,
  ZEvalScores,
  ZEvalStart,
  ZEvalTemplateInput,
  ZRectificationDone,
  ZDistributionInput,
  ZReceiptInput,
  ZBindingInput,
  ZClaimInput,
  ZFundInput,
  ZOrderInput,
  ZReceiveInput,
  ZCopyChange,
  ZCopyInput,
  ZHoldingCreate,
  ZHoldingExportQuery,
  ZHoldingQuery,
  ZHoldingRecordInput,
  ZIssueInput,
} from '../../../shared/library.ts';
import { AppError } from '../../../shared/errors.ts';
import type { AppDeps } from '../../deps.ts';
import { readIdParam, readJson, readQuery, requireActor, type AppEnv } from '../../http/context.ts';
import { authorize } from '../../platform/policy.ts';
import { contentDisposition } from '../documents/documents.routes.ts';
import { exportHoldings } from './export-holdings.ts';
import { countHoldings, findHoldings, findUnionCatalogue, getHolding } from './find-holdings.ts';
import { listImportBatches, rollbackImport } from './import-batches.ts';
import { importHoldings, previewHoldingsImport } from './import-holdings.ts';
import {
  addCopy,
  addIssue,
  changeCopy,
  createHolding,
  deleteHolding,
  removeCopy,
  updateHolding,
} from './manage-records.ts';
import { optionalId, readUpload } from './upload.ts';
import {
  completeRectification,
  getAssessment,
  gradeAssessment,
  listAssessments,
  listEvalTemplates,
  reviewAssessment,
  saveEvalTemplate,
  saveOnsite,
  saveSelfAssessment,
  startAssessment,
} from './evaluation.ts';
import { addOnsitePhoto, evaluationCertificate, readOnsitePhoto } from './evaluation-files.ts';
import {
  acceptPrintJob,
  approveForPress,
  createPrintJob,
  listPrintJobs,
  recordPrintEvent,
  resolveFinding,
} from './printing.ts';
import { claimOrder, createFund, listFunds, listOrders, placeOrder, receiveOrder } from './acquisitions.ts';
import { bindIndicator, listLibraryIndicators, unbindIndicator } from './indicator-bindings.ts';
import {
  answerShipmentReceipt,
  createDistribution,
  distributionCoverage,
  getDistribution,
  listDistributions,
  myShipments,
  packingLists,
  remindUnconfirmed,
} from './distributions.ts';
import { z } from 'zod';

const ZYearQuery = z.object({ year: z.coerce.number().int().min(1900).max(2200).optional() });
const ZCountQuery = z.object({ unitId: z.coerce.number().int().positive().optional(), type: z.string().optional() });

/** 馆藏 endpoints under `/api/library`. Roles are checked before the body is read; the region rule is in the use cases. */
export function libraryRoutes(deps: AppDeps) {
  const manage = (c: Parameters<typeof requireActor>[0]) => {
    const actor = requireActor(c);
    authorize(actor, 'holding.manage');
    return actor;
  };
  const as = (
    c: Parameters<typeof requireActor>[0],
    action: 'evaluation.define' | 'evaluation.self' | 'evaluation.review' | 'evaluation.inspect',
  ) => {
    const actor = requireActor(c);
    authorize(actor, action);
    return actor;
  };
  const printer = (c: Parameters<typeof requireActor>[0]) => {
    const actor = requireActor(c);
    authorize(actor, 'printing.manage');
    return actor;
  };
  const acquire = (c: Parameters<typeof requireActor>[0]) => {
    const actor = requireActor(c);
    authorize(actor, 'acquisition.manage');
    return actor;
  };
  const importRequest = async (c: Parameters<typeof requireActor>[0]) => {
    const up = await readUpload(c, ' MARC（ISO 2709 或 MARCXML）文件或 .xlsx 馆藏表');
    const acquisition = up.fields.get('acquisition') || undefined;
    if (acquisition && !(ACQUISITION_METHODS as readonly string[]).includes(acquisition)) {
      throw new AppError('VALIDATION_FAILED', `入藏方式应为：${ACQUISITION_METHODS.join('、')}`);
    }
    return {
      bytes: up.bytes,
      fileName: up.fileName,
      unitId: optionalId(up.fields.get('unitId'), '收藏单位编号'),
      acquisition,
    };
  };
  return (
    new Hono<AppEnv>()
      .get('/holdings', async (c) => c.json(await findHoldings(deps, requireActor(c), readQuery(c, ZHoldingQuery))))
      .get('/holdings/counts', async (c) =>
        c.json(await countHoldings(deps, requireActor(c), readQuery(c, ZCountQuery))),
      )
      .get('/holdings/union', async (c) =>
        c.json(await findUnionCatalogue(deps, requireActor(c), readQuery(c, ZHoldingQuery))),
      )
      .get('/holdings/export', async (c) => {
        const file = await exportHoldings(deps, requireActor(c), readQuery(c, ZHoldingExportQuery));
        c.header('content-type', file.contentType);
        c.header('content-disposition', contentDisposition(file.fileName));
        c.header('cache-control', 'no-store');
        return c.body(file.bytes as Uint8Array<ArrayBuffer>);
      })
      .post('/holdings', async (c) =>
        c.json(await createHolding(deps, manage(c), await readJson(c, ZHoldingCreate)), 201),
      )
      .get('/holdings/:id', async (c) => c.json(await getHolding(deps, requireActor(c), readIdParam(c))))
      .patch('/holdings/:id', async (c) => {
        const actor = manage(c);
        return c.json(await updateHolding(deps, actor, readIdParam(c), await readJson(c, ZHoldingRecordInput)));
      })
      .delete('/holdings/:id', async (c) => {
        await deleteHolding(deps, manage(c), readIdParam(c));
        return c.body(null, 204);
      })
      .post('/holdings/:id/issues', async (c) => {
        const actor = manage(c);
        return c.json(await addIssue(deps, actor, readIdParam(c), await readJson(c, ZIssueInput)), 201);
      })
      .post('/holdings/:id/copies', async (c) => {
        const actor = manage(c);
        return c.json(await addCopy(deps, actor, readIdParam(c), await readJson(c, ZCopyInput)), 201);
      })
      .patch('/copies/:id', async (c) => {
        const actor = manage(c);
        return c.json(await changeCopy(deps, actor, readIdParam(c), await readJson(c, ZCopyChange)));
      })
      .delete('/copies/:id', async (c) => {
        await removeCopy(deps, manage(c), readIdParam(c));
        return c.body(null, 204);
      })
      .post('/imports/preview', async (c) => {
        const actor = manage(c);
        return c.json(await previewHoldingsImport(deps, actor, await importRequest(c)));
      })
      .post('/imports', async (c) => {
        const actor = manage(c);
        return c.json(await importHoldings(deps, actor, await importRequest(c)), 201);
      })
      .get('/imports', async (c) => c.json(await listImportBatches(deps, requireActor(c))))
      .post('/imports/:id/rollback', async (c) => c.json(await rollbackImport(deps, manage(c), readIdParam(c))))
      // 采购: funds, orders, receiving (creates copies), claims.
      .get('/funds', async (c) => c.json(await listFunds(deps, requireActor(c), readQuery(c, ZYearQuery).year ?? null)))
      .post('/funds', async (c) => {
        const actor = acquire(c);
        return c.json(await createFund(deps, actor, await readJson(c, ZFundInput)), 201);
      })
      .get('/orders', async (c) =>
        c.json(await listOrders(deps, requireActor(c), readQuery(c, ZYearQuery).year ?? null)),
      )
      .post('/orders', async (c) => {
        const actor = acquire(c);
        return c.json(await placeOrder(deps, actor, await readJson(c, ZOrderInput)), 201);
      })
      .post('/orders/:id/receipts', async (c) => {
        const actor = acquire(c);
        return c.json(await receiveOrder(deps, actor, readIdParam(c), await readJson(c, ZReceiveInput)), 201);
      })
      .post('/orders/:id/claims', async (c) => {
        const actor = acquire(c);
        return c.json(await claimOrder(deps, actor, readIdParam(c), (await readJson(c, ZClaimInput)).note), 201);
      })
      // Library counts as live actuals of work-plan indicators (tasks 16 and 20 of the reference plan).
      .get('/indicators', async (c) => c.json(await listLibraryIndicators(deps, requireActor(c))))
      .put('/indicators', async (c) => {
        const actor = requireActor(c);
        authorize(actor, 'library.bind_indicator');
        return c.json(await bindIndicator(deps, actor, await readJson(c, ZBindingInput)));
      })
      .delete('/indicators/:id', async (c) => {
        const actor = requireActor(c);
        authorize(actor, 'library.bind_indicator');
        await unbindIndicator(deps, actor, readIdParam(c));
        return c.body(null, 204);
      })
      // 配送: by formula, one shipment per office, receipt confirmed by the office, coverage, reminders.
      .get('/distributions', async (c) => c.json(await listDistributions(deps, requireActor(c))))
      .get('/distributions/coverage', async (c) => c.json(await distributionCoverage(deps, requireActor(c))))
      .post('/distributions', async (c) => {
        const actor = requireActor(c);
        authorize(actor, 'distribution.manage');
        return c.json(await createDistribution(deps, actor, await readJson(c, ZDistributionInput)), 201);
      })
      .get('/distributions/:id', async (c) => c.json(await getDistribution(deps, requireActor(c), readIdParam(c))))
      .get('/distributions/:id/packing-lists', async (c) => {
        const file = await packingLists(
          deps,
          requireActor(c),
          readIdParam(c),
          optionalId(c.req.query('shipmentId'), '配送单编号'),
        );
        c.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        c.header('content-disposition', contentDisposition(file.fileName));
        c.header('cache-control', 'no-store');
        return c.body(file.bytes as Uint8Array<ArrayBuffer>);
      })
      .post('/distributions/:id/reminders', async (c) => {
        const actor = requireActor(c);
        authorize(actor, 'distribution.manage');
        return c.json(await remindUnconfirmed(deps, actor, readIdParam(c)));
      })
      .get('/shipments/mine', async (c) => c.json(await myShipments(deps, requireActor(c))))
      .post('/shipments/:id/receipt', async (c) => {
        const actor = requireActor(c);
        authorize(actor, 'distribution.receive');
        return c.json(await answerShipmentReceipt(deps, actor, readIdParam(c), await readJson(c, ZReceiptInput)));
      })
      // 资料室/方志馆评估: templates, self-assessment, review, on-site check with photos, grade, rectification, certificate.
      .get('/evaluation/templates', async (c) => c.json(await listEvalTemplates(deps, requireActor(c))))
      .post('/evaluation/templates', async (c) => {
        const actor = as(c, 'evaluation.define');
        return c.json(await saveEvalTemplate(deps, actor, await readJson(c, ZEvalTemplateInput)), 201);
      })
      .get('/evaluations', async (c) => c.json(await listAssessments(deps, requireActor(c))))
      .post('/evaluations', async (c) => {
        const actor = as(c, 'evaluation.self');
        return c.json(await startAssessment(deps, actor, await readJson(c, ZEvalStart)), 201);
      })
      .get('/evaluations/:id', async (c) => c.json(await getAssessment(deps, requireActor(c), readIdParam(c))))
      .put('/evaluations/:id/self', async (c) => {
        const actor = as(c, 'evaluation.self');
        const body = await readJson(c, z.object({ scores: ZEvalScores, submit: z.boolean().default(false) }));
        return c.json(await saveSelfAssessment(deps, actor, readIdParam(c), body.scores, body.submit));
      })
      .post('/evaluations/:id/review', async (c) => {
        const actor = as(c, 'evaluation.review');
        return c.json(await reviewAssessment(deps, actor, readIdParam(c), await readJson(c, ZEvalDecision)));
      })
      .put('/evaluations/:id/onsite', async (c) => {
        const actor = as(c, 'evaluation.inspect');
        return c.json(
          await saveOnsite(deps, actor, readIdParam(c), (await readJson(c, z.object({ scores: ZEvalScores }))).scores),
        );
      })
      .post('/evaluations/:id/photos', async (c) => {
        const actor = as(c, 'evaluation.inspect');
        const up = await readUpload(c, '现场照片');
        const indicatorKey = up.fields.get('indicatorKey');
        if (!indicatorKey) throw new AppError('VALIDATION_FAILED', '请选择照片对应的指标。');
        return c.json(
          await addOnsitePhoto(deps, actor, readIdParam(c), {
            bytes: up.bytes,
            indicatorKey,
            note: up.fields.get('note') || null,
          }),
          201,
        );
      })
      .get('/evaluation-photos/:id', async (c) => {
        const photo = await readOnsitePhoto(deps, requireActor(c), readIdParam(c));
        c.header('content-type', photo.mime);
        c.header('cache-control', 'private, max-age=3600');
        return c.body(photo.bytes as Uint8Array<ArrayBuffer>);
      })
      .post('/evaluations/:id/grade', async (c) => {
        const actor = as(c, 'evaluation.inspect');
        return c.json(await gradeAssessment(deps, actor, readIdParam(c), await readJson(c, ZEvalFinish)));
      })
      .post('/rectifications/:id/done', async (c) => {
        const actor = as(c, 'evaluation.self');
        return c.json(
          await completeRectification(deps, actor, readIdParam(c), (await readJson(c, ZRectificationDone)).note),
        );
      })
      .get('/evaluations/:id/certificate', async (c) => {
        const file = await evaluationCertificate(deps, requireActor(c), readIdParam(c));
        c.header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
        c.header('content-disposition', contentDisposition(file.fileName));
        return c.body(file.bytes as Uint8Array<ArrayBuffer>);
      })
      // 印刷采购与质量
      .get('/print-jobs', async (c) => c.json(await listPrintJobs(deps, requireActor(c))))
      .post('/print-jobs', async (c) =>
        c.json(await createPrintJob(deps, printer(c), await readJson(c, ZPrintJobInput)), 201),
      )
      .post('/print-jobs/:id/events', async (c) => {
        const actor = printer(c);
        return c.json(await recordPrintEvent(deps, actor, readIdParam(c), await readJson(c, ZPrintEventInput)), 201);
      })
      .post('/print-jobs/:id/press', async (c) => c.json(await approveForPress(deps, printer(c), readIdParam(c))))
      .post('/print-jobs/:id/accept', async (c) => c.json(await acceptPrintJob(deps, printer(c), readIdParam(c))))
      .post('/print-findings/:id/resolve', async (c) => c.json(await resolveFinding(deps, printer(c), readIdParam(c))))
  );
}
