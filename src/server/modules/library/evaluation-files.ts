import { AppError } from '../../../shared/errors.ts';
import type { TEvalAssessment } from '../../../shared/library.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import { userIdOf } from './audit-actor.ts';
import { getAssessment, loadAssessmentForPhoto } from './evaluation.ts';
import { findPhoto, insertPhoto } from './evaluation.repository.ts';
import { assertProvince, assertSeesUnit, resolveOfficeScope, unitName } from './office-access.ts';

type Deps = { db: Db; clock: Clock };
const PHOTO_MAX = 10 * 1024 * 1024;

/** JPEG, PNG, WebP or HEIC, judged from the bytes (a phone's camera gives one of these), never from the name. */
export function photoType(b: Uint8Array): string | null {
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(4, 8) === 'ftyp' && /^(heic|heix|mif1|heif)$/.test(ascii(8, 12))) return 'image/heic';
  return null;
}

/** 现场照片: taken by the inspector on site, attached to an indicator. */
export async function addOnsitePhoto(
  deps: Deps,
  principal: Principal,
  id: number,
  input: { bytes: Uint8Array; indicatorKey: string; note: string | null },
): Promise<TEvalAssessment> {
  authorize(principal, 'evaluation.inspect');
  const { scope, a } = await loadAssessmentForPhoto(deps, principal, id);
  assertProvince(scope, '实地检查');
  if (!['reviewed', 'onsite', 'rectifying'].includes(a.status))
    throw new AppError('CONFLICT', '自评审核通过后才能上传现场照片。');
  if (input.bytes.length > PHOTO_MAX) throw new AppError('PAYLOAD_TOO_LARGE', '照片不能超过 10 MB，请压缩后再传。');
  const mime = photoType(input.bytes);
  if (!mime) throw new AppError('UNSUPPORTED_FILE', '只能上传照片（JPEG、PNG、WebP 或 HEIC）。');
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const pid = await insertPhoto(trx, {
      assessment_id: id,
      indicator_key: input.indicatorKey,
      mime,
      bytes: input.bytes,
      note: input.note,
      created_by: userIdOf(principal),
      created_at: now,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'evaluation.photo',
      entityType: 'eval_assessment',
      entityId: id,
      summary: `上传${unitName(scope, a.unit_id)}现场照片 ${pid}`,
    });
  });
  return getAssessment(deps, principal, id);
}

export async function readOnsitePhoto(
  deps: Deps,
  principal: Principal,
  photoId: number,
): Promise<{ mime: string; bytes: Uint8Array }> {
  authorize(principal, 'evaluation.read');
  const p = await findPhoto(deps.db, photoId);
  if (!p) throw new AppError('NOT_FOUND', '该照片不存在。');
  await loadAssessmentForPhoto(deps, principal, p.assessment_id);
  return { mime: p.mime, bytes: p.bytes };
}

/** 合格证书 .docx for a passed evaluation. */
export async function evaluationCertificate(
  deps: Deps,
  principal: Principal,
  id: number,
): Promise<{ bytes: Buffer; fileName: string }> {
  authorize(principal, 'evaluation.read');
  const scope = await resolveOfficeScope(deps.db, principal);
  const a = await getAssessment(deps, principal, id);
  assertSeesUnit(scope, a.unitId);
  if (a.status !== 'passed' || !a.certificateNo) throw new AppError('CONFLICT', '评估通过后才能生成证书。');
  const { AlignmentType, Document, Packer, Paragraph, TextRun } = await import('docx');
  const p = (
    text: string,
    size: number,
    opts: { bold?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; before?: number } = {},
  ) =>
    new Paragraph({
      alignment: opts.align ?? AlignmentType.CENTER,
      spacing: { before: opts.before ?? 240, after: 120 },
      children: [
        new TextRun({
          text,
          size,
          bold: opts.bold ?? false,
          font: { eastAsia: '仿宋_GB2312', ascii: 'Times New Roman' },
        }),
      ],
    });
  const doc = new Document({
    sections: [
      {
        properties: { page: { size: { orientation: 'landscape', width: 16838, height: 11906 } } },
        children: [
          p('资料室（方志馆）评估合格证书', 52, { bold: true, before: 1200 }),
          p(a.certificateNo, 28),
          p(`${a.unitName}：`, 32, { align: AlignmentType.LEFT, before: 600 }),
          p(
            `你单位资料室（方志馆）经 ${a.year} 年度评估，按“${a.templateName}”（第 ${a.templateVersion} 版）评定得分 ${a.total} 分，等级为“${a.grade}”，特发此证。`,
            32,
            { align: AlignmentType.LEFT },
          ),
          p('吉林省地方志编纂委员会', 32, { align: AlignmentType.RIGHT, before: 1200 }),
          p(
            deps.clock
              .now()
              .toISOString()
              .slice(0, 10)
              .replace(
                /^(\d{4})-(\d{2})-(\d{2})$/,
                (_, y: string, m: string, d: string) => `${y}年${Number(m)}月${Number(d)}日`,
              ),
            32,
            { align: AlignmentType.RIGHT },
          ),
        ],
      },
    ],
  });
  return { bytes: await Packer.toBuffer(doc), fileName: `资料室评估合格证书-${a.unitName}-${a.year}.docx` };
}
