import { AppError } from '../../../shared/errors.ts';
import type { TManuscript } from '../../../shared/review.ts';
import type { Db } from '../../db/database.ts';
import { isSystemActor, type Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import { extractTextIsolated } from '../workplan/extract-isolated.ts';
import { findManuscriptFile, insertManuscript } from './review.repository.ts';
import { loadRound } from './round-access.ts';

/**
 * A book compiled elsewhere (a city's yearbook sent for evaluation), uploaded as .docx or .pdf. Its text is read in the
 * isolated reader (workplan's extract worker); the original file is kept as a blob.
 */
export async function uploadManuscript(
  deps: { db: Db; clock: Clock },
  principal: Principal,
  file: { bytes: Uint8Array; fileName: string; title: string },
): Promise<TManuscript> {
  authorize(principal, 'round.manage');
  if (!/\.(docx|pdf)$/i.test(file.fileName))
    throw new AppError('UNSUPPORTED_FILE', '书稿请上传 .docx 或 .pdf 文件（.doc 请先用 Word 或 WPS 另存为 .docx）。');
  const { text } = await extractTextIsolated(file.bytes, file.fileName);
  if (text.trim().length < 10)
    throw new AppError('UNPROCESSABLE_DOCUMENT', '没有从文件中读出正文（扫描版 PDF 请先做文字识别）。');
  const title = file.title.trim() || file.fileName.replace(/\.[^.]+$/, '');
  const now = deps.clock.now().toISOString();
  const actor = isSystemActor(principal) ? null : principal;
  const id = await deps.db.transaction().execute(async (trx) => {
    const mid = await insertManuscript(trx, {
      title,
      file_name: file.fileName,
      content: file.bytes,
      text,
      chars: text.length,
      unit_id: actor?.unitId ?? null,
      created_by: actor?.userId ?? null,
      created_at: now,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'review.manuscript_upload',
      entityType: 'review_manuscript',
      entityId: mid,
      summary: `上传评审书稿《${title}》（${file.fileName}，${text.length} 字）`,
    });
    return mid;
  });
  return { id, title, fileName: file.fileName, chars: text.length, createdAt: now };
}

/** The original file of a round's manuscript, for whoever may read the round. */
export async function downloadManuscript(
  deps: { db: Db },
  principal: Principal,
  roundId: number,
): Promise<{ fileName: string; bytes: Uint8Array }> {
  const { round } = await loadRound(deps.db, principal, roundId, 'read');
  const file = round.manuscript_id === null ? undefined : await findManuscriptFile(deps.db, round.manuscript_id);
  if (!file) throw new AppError('NOT_FOUND', '这轮评审评的是编纂平台中的送审稿，没有上传的原始文件。');
  return { fileName: file.file_name, bytes: file.content };
}
