import { AppError } from '../../../shared/errors.ts';
import { ZReview, type TReview, type TSubmission } from '../../../shared/datareports.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import { notifyInApp } from '../notifications/dispatch.ts';
import { findRecipients } from '../notifications/dispatch.ts';
import { userIdOf } from '../library/audit-actor.ts';
import { assertReviews, resolveOfficeScope, unitName } from '../library/office-access.ts';
import { findSubmission, updateSubmission } from './datareports.repository.ts';
import { loadCycle, reviewerOf, toSubmission } from './report-access.ts';

type Deps = { db: Db; clock: Clock };

/**
 * 审核: a county's report is reviewed first by its 市州 (approve → 市州已审核, or return), then accepted or returned by
 * the province; a 市州's own report (and a directly managed county's) goes to the province alone. Returning needs a
 * comment; the office is told in the app.
 */
export async function reviewSubmission(
  deps: Deps,
  principal: Principal,
  id: number,
  input: TReview,
): Promise<TSubmission> {
  authorize(principal, 'datareport.review');
  const scope = await resolveOfficeScope(deps.db, principal);
  const v = ZReview.parse(input);
  const row = await findSubmission(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND', '该年报不存在。');
  assertReviews(scope, row.unit_id);
  const cycle = await loadCycle(deps.db, row.cycle_id);
  const reviewer = reviewerOf(scope, row.unit_id);
  const atCity = scope.level !== 'province';
  if (atCity && reviewer !== scope.unitId)
    throw new AppError('FORBIDDEN', `“${unitName(scope, row.unit_id)}”的年报由省方志委审核。`);
  if (atCity && row.status !== 'submitted') throw new AppError('CONFLICT', '只能审核已提交、待审核的年报。');
  if (!atCity) {
    if (row.status === 'submitted' && reviewer !== null && v.approve)
      throw new AppError('CONFLICT', `该年报须先经${unitName(scope, reviewer)}审核。`);
    if (!['submitted', 'city_approved'].includes(row.status))
      throw new AppError('CONFLICT', '只能审核已提交或市州已审核的年报。');
  }
  if (!v.approve && !v.comment) throw new AppError('VALIDATION_FAILED', '退回时请写明退回原因和修改要求。');
  const status = v.approve ? (atCity ? 'city_approved' : 'accepted') : 'returned';
  const now = deps.clock.now().toISOString();
  const members = await findRecipients(deps.db, ['local_staff'], [row.unit_id]);
  await deps.db.transaction().execute(async (trx) => {
    await updateSubmission(
      trx,
      row.id,
      atCity
        ? { status, reviewed_by: userIdOf(principal), reviewed_at: now, comment: v.comment, updated_at: now }
        : { status, decided_by: userIdOf(principal), decided_at: now, comment: v.comment, updated_at: now },
    );
    if (status === 'returned') {
      await notifyInApp(trx, now, members, {
        kind: 'datareport_returned',
        title: `资料年报被退回：${cycle.title}`,
        lines: [
          `${atCity ? unitName(scope, scope.unitId!) : '省方志委'}退回了本单位的 ${cycle.year} 年度资料年报。`,
          `意见：${v.comment}`,
        ],
        link: '/datareports',
        dedupeKey: `datareport:${row.id}:returned:${now}`,
      });
    }
    const verb = status === 'city_approved' ? '审核通过' : status === 'accepted' ? '接收' : '退回';
    await recordAudit(trx, deps.clock, principal, {
      action: `datareport.${status}`,
      entityType: 'datareport_submission',
      entityId: row.id,
      summary: `${verb}${unitName(scope, row.unit_id)} ${cycle.year} 年度资料年报${v.comment ? `：${v.comment}` : ''}`,
    });
  });
  return toSubmission(deps.db, scope, cycle, row.unit_id, await findSubmission(deps.db, row.id));
}
