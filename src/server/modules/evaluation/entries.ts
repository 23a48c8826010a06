import { AppError } from '../../../shared/errors.ts';
import { ZEntryFields, type TCampaignDetail, type TEntryForExpert } from '../../../shared/evaluation.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import { userIdOf } from '../library/audit-actor.ts';
import { unitName } from '../library/office-access.ts';
import { extractTextIsolated } from '../workplan/extract-isolated.ts';
import { regionOf, seesEntry } from './campaign-access.ts';
import { getCampaign, loadCampaign } from './campaigns.ts';
import {
  deleteEntry,
  findAssignments,
  findEntries,
  findEntry,
  findEntryFile,
  findGroups,
  insertEntry,
} from './evaluation.repository.ts';
import { sampledChars, samplePassages } from './sample-passages.ts';

type Deps = { db: Db; clock: Clock };

/** The kind of an uploaded entry judged from its bytes (not its name): .docx is a zip, .pdf starts with %PDF. */
function fileKind(bytes: Uint8Array): 'docx' | 'pdf' | null {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'docx';
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) return 'pdf';
  return null;
}

/**
 * 申报参评: a city or county office enters one of its volumes with the file (.docx or .pdf, kept as a blob). The
 * call's eligibility rules are checked (公开出版, the volume year, the deadline); the text is extracted in an isolated
 * child process for error-rate sampling, and an entry whose text cannot be read is refused (a scanned PDF).
 */
export async function submitEntry(
  deps: Deps,
  principal: Principal,
  campaignId: number,
  readInput: () => Promise<{ bytes: Uint8Array; fileName: string; fields: Map<string, string> }>,
): Promise<TCampaignDetail> {
  authorize(principal, 'campaign.enter');
  const { viewer, c } = await loadCampaign(deps, principal, campaignId, true);
  if (viewer.kind !== 'office' || viewer.scope.level === 'province')
    throw new AppError('FORBIDDEN', '参评作品由市（州）、县（市、区）地方志工作机构申报。');
  const unitId = viewer.scope.unitId;
  if (c.stage !== 'call') throw new AppError('CONFLICT', '本次评审的征集已经结束。');
  const today = deps.clock.now().toISOString().slice(0, 10);
  if (c.submit_deadline && today > c.submit_deadline)
    throw new AppError('CONFLICT', `本次评审的申报截止日期是 ${c.submit_deadline}，已经过了。`);
  const up = await readInput();
  const parsed = ZEntryFields.safeParse(Object.fromEntries(up.fields));
  if (!parsed.success)
    throw new AppError(
      'VALIDATION_FAILED',
      parsed.error.issues.map((i) => `${String(i.path[0] ?? '')}：${i.message}`).join('；'),
    );
  const v = parsed.data;
  if (c.require_published === 1 && !v.published)
    throw new AppError('VALIDATION_FAILED', '本次评审只接受公开出版的作品，请填写出版单位并确认已公开出版。');
  if (c.require_published === 1 && !v.publisher)
    throw new AppError('VALIDATION_FAILED', '公开出版的作品请填写出版单位。');
  if (c.volume_year !== null && v.volumeYear !== c.volume_year)
    throw new AppError('VALIDATION_FAILED', `本次评审只接受 ${c.volume_year} 卷，您填写的是 ${v.volumeYear} 卷。`);
  const kind = fileKind(up.bytes);
  if (!kind)
    throw new AppError('VALIDATION_FAILED', `“${up.fileName}”不是 .docx 或 .pdf 文件，请上传 Word（.docx）或 PDF。`);
  const existing = await findEntries(deps.db, c.id);
  if (existing.some((e) => e.title === v.title)) throw new AppError('CONFLICT', `《${v.title}》已经申报过了。`);
  const extracted = await extractTextIsolated(up.bytes, up.fileName);
  if (extracted.text.replace(/\s/g, '').length < 200)
    throw new AppError(
      'VALIDATION_FAILED',
      `没能从“${up.fileName}”中读出正文（不足 200 字），差错率无法抽查。扫描版 PDF 请先做文字识别，或上传 Word 稿。`,
    );
  const group = (await findGroups(deps.db, c.id)).find((g) => g.entry_kind === v.entryKind);
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const id = await insertEntry(trx, {
      campaign_id: c.id,
      unit_id: unitId,
      region_unit_id: regionOf(viewer.units, unitId),
      title: v.title,
      entry_kind: v.entryKind,
      volume_year: v.volumeYear,
      published: v.published ? 1 : 0,
      publisher: v.publisher || null,
      group_id: group?.id ?? null,
      file_name: up.fileName,
      file_bytes: up.bytes,
      text: extracted.text,
      submitted_by: userIdOf(principal),
      created_at: now,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'campaign.entry',
      entityType: 'evaluation_entry',
      entityId: id,
      summary: `${unitName(viewer.scope, unitId)}申报《${v.title}》参加“${c.title}”`,
    });
  });
  return getCampaign(deps, principal, c.id);
}

async function loadEntry(deps: Deps, principal: Principal, entryId: number) {
  const e = await findEntry(deps.db, entryId);
  if (!e) throw new AppError('NOT_FOUND', '该参评作品不存在。');
  const { viewer, c } = await loadCampaign(deps, principal, e.campaign_id);
  const myExpertId = viewer.kind === 'expert' ? (viewer.expertIdByCampaign.get(c.id) ?? null) : null;
  const mine = new Set(
    (await findAssignments(deps.db, c.id)).filter((a) => a.expert_id === myExpertId).map((a) => a.entry_id),
  );
  if (!seesEntry(viewer, e, mine)) throw new AppError('NOT_FOUND', '该参评作品不存在，或没有分配给您。');
  return { viewer, c, e, myExpertId };
}

/** The entry's original file, for those who may see the entry. */
export async function entryFile(
  deps: Deps,
  principal: Principal,
  entryId: number,
): Promise<{ bytes: Uint8Array; fileName: string; contentType: string }> {
  authorize(principal, 'campaign.read');
  await loadEntry(deps, principal, entryId);
  const f = (await findEntryFile(deps.db, entryId))!;
  const pdf = fileKind(f.file_bytes) === 'pdf';
  return {
    bytes: f.file_bytes,
    fileName: f.file_name,
    contentType: pdf ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  };
}

/** What an expert reads to score: the entry and its sampled passages (the same for every expert). */
export async function entryForScoring(deps: Deps, principal: Principal, entryId: number): Promise<TEntryForExpert> {
  authorize(principal, 'campaign.read');
  const { e, c } = await loadEntry(deps, principal, entryId);
  const passages = samplePassages(e.text);
  const detail = await getCampaign(deps, principal, c.id);
  const entry = detail.entries.find((x) => x.id === e.id);
  if (!entry) throw new AppError('NOT_FOUND', '该参评作品不存在，或没有分配给您。');
  return { entry, passages, sampledChars: sampledChars(passages) };
}

/**
 * 撤回申报: the office that entered a volume withdraws it while the call is open (before its deadline) and before
 * experts are assigned to it. The entry and its file are deleted; the audit log keeps what was withdrawn.
 */
export async function withdrawEntry(deps: Deps, principal: Principal, entryId: number): Promise<TCampaignDetail> {
  authorize(principal, 'campaign.enter');
  const e = await findEntry(deps.db, entryId);
  if (!e) throw new AppError('NOT_FOUND', '该参评作品不存在。');
  const { viewer, c } = await loadCampaign(deps, principal, e.campaign_id, true);
  if (viewer.kind !== 'office' || !seesEntry(viewer, e, new Set()))
    throw new AppError('NOT_FOUND', '该参评作品不存在。');
  if (viewer.scope.unitId !== e.unit_id)
    throw new AppError('FORBIDDEN', `《${e.title}》由${unitName(viewer.scope, e.unit_id)}申报，只有申报单位可以撤回。`);
  if (c.stage !== 'call') throw new AppError('CONFLICT', '本次评审的征集已经结束，参评作品不能再撤回。');
  const today = deps.clock.now().toISOString().slice(0, 10);
  if (c.submit_deadline && today > c.submit_deadline)
    throw new AppError('CONFLICT', `申报截止日期 ${c.submit_deadline} 已过，参评作品不能再撤回。`);
  if ((await findAssignments(deps.db, c.id)).some((a) => a.entry_id === e.id))
    throw new AppError('CONFLICT', `《${e.title}》已经分配了评审专家，不能再撤回；如确需撤回，请联系省方志委。`);
  await deps.db.transaction().execute(async (trx) => {
    await deleteEntry(trx, e.id);
    await recordAudit(trx, deps.clock, principal, {
      action: 'campaign.entry_withdraw',
      entityType: 'evaluation_entry',
      entityId: e.id,
      summary: `${unitName(viewer.scope, e.unit_id)}撤回了《${e.title}》（“${c.title}”的申报）`,
      before: { title: e.title, entryKind: e.entry_kind, volumeYear: e.volume_year, fileName: e.file_name },
    });
  });
  return getCampaign(deps, principal, c.id);
}
