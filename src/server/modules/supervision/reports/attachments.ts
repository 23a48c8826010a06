import { createHash } from 'node:crypto';
import { AppError } from '../../../../shared/errors.ts';
import type { TAttachment } from '../../../../shared/reports.ts';
import type { Db } from '../../../db/database.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import { recordAudit } from '../../../platform/audit/audit.service.ts';
import { resolveInput, type DeferredInput } from '../../../platform/deferred-input.ts';
import { authorize } from '../../../platform/policy.ts';
import { ATTACHMENT_MAX_PER_REPORT, checkAttachment } from '../rules/attachment-type.ts';
import { loadVisibleTask } from '../task-access.ts';
import { assertEditable, loadOwnReport } from './file-report.ts';
import {
  countAttachments,
  deleteAttachmentRow,
  findAttachment,
  findReportRow,
  insertAttachment,
} from './reports.repository.ts';

type Deps = { db: Db; clock: Clock };
export interface UploadedFile {
  fileName: string;
  bytes: Uint8Array;
}

/** Adds a file to a draft or returned report of the actor's unit. Nothing is stored when any check fails. */
export async function addAttachment(
  deps: Deps,
  actor: Actor,
  reportId: number,
  upload: DeferredInput<UploadedFile>,
): Promise<TAttachment> {
  authorize(actor, 'report.file');
  const { fileName, bytes } = await resolveInput(upload);
  return deps.db.transaction().execute(async (trx) => {
    const { report, ctx } = await loadOwnReport(trx, actor, reportId);
    assertEditable(report);
    const check = checkAttachment(fileName, bytes);
    if (!check.ok)
      throw new AppError(
        check.reason === 'too_large'
          ? 'PAYLOAD_TOO_LARGE'
          : check.reason === 'type'
            ? 'UNSUPPORTED_FILE'
            : 'VALIDATION_FAILED',
        check.message,
      );
    if ((await countAttachments(trx, reportId)) >= ATTACHMENT_MAX_PER_REPORT)
      throw new AppError('VALIDATION_FAILED', `每份进展报告最多 ${ATTACHMENT_MAX_PER_REPORT} 个附件，请合并后再上传。`);
    const now = deps.clock.now().toISOString();
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const id = await insertAttachment(trx, {
      report_id: reportId,
      file_name: check.fileName,
      mime: check.mime,
      size: bytes.byteLength,
      sha256,
      content: bytes,
      created_by: actor.userId,
      created_at: now,
    });
    await recordAudit(trx, deps.clock, actor, {
      action: 'report.attach',
      entityType: 'report',
      entityId: reportId,
      summary: `第 ${ctx.task.number} 项任务 ${report.period} 进展添加附件“${check.fileName}”（${(bytes.byteLength / 1024).toFixed(0)} KB）`,
      after: { attachmentId: id, fileName: check.fileName, size: bytes.byteLength, sha256 },
    });
    return { id, fileName: check.fileName, mime: check.mime, size: bytes.byteLength, createdAt: now };
  });
}

export async function deleteAttachment(deps: Deps, actor: Actor, attachmentId: number): Promise<void> {
  authorize(actor, 'report.file');
  await deps.db.transaction().execute(async (trx) => {
    const row = await findAttachment(trx, attachmentId);
    if (!row) throw new AppError('NOT_FOUND', '该附件不存在或已被删除。');
    const { report, ctx } = await loadOwnReport(trx, actor, row.report_id);
    assertEditable(report);
    await deleteAttachmentRow(trx, attachmentId);
    await recordAudit(trx, deps.clock, actor, {
      action: 'report.detach',
      entityType: 'report',
      entityId: report.id,
      summary: `第 ${ctx.task.number} 项任务 ${report.period} 进展删除附件“${row.file_name}”`,
      before: { attachmentId, fileName: row.file_name },
    });
  });
}

/** The stored file, for anyone who may see the task. */
export async function readAttachment(
  deps: Deps,
  actor: Actor,
  attachmentId: number,
): Promise<{ fileName: string; mime: string; content: Uint8Array }> {
  authorize(actor, 'plan.read');
  const row = await findAttachment(deps.db, attachmentId);
  if (!row) throw new AppError('NOT_FOUND', '该附件不存在或已被删除。');
  const report = await findReportRow(deps.db, row.report_id);
  await loadVisibleTask(deps.db, actor, report!.task_id);
  return { fileName: row.file_name, mime: row.mime, content: row.content };
}
