import { AppError } from '../../../shared/errors.ts';
import type { Db } from '../../db/database.ts';
import { isSystemActor, type Principal } from '../../platform/auth/actor.ts';
import { can } from '../../platform/policy.ts';
import { findUnits, type UnitRow } from '../org/org.repository.ts';

/**
 * The one region rule for the library and the offices' work (datareports uses it too). Roles are checked first by
 * `authorize` (policy.ts); this decides which offices' data an actor may see or act for:
 * - province staff (any unit that is not a city or county office, and the system actor) see every office;
 * - a 市州 office (city_office, special_office) sees itself and the county offices it manages, never another 市州's;
 * - a county office sees itself only.
 * "Manages" follows `managed_by_id` when set (梅河口市 is coded under 通化市 but managed by the province), else `parent_id`.
 */
export type OfficeScope =
  | { level: 'province'; unitId: number | null; units: Map<number, UnitRow> }
  | { level: 'city' | 'county'; unitId: number; visible: ReadonlySet<number>; units: Map<number, UnitRow> };

const CITY_KINDS = new Set(['city_office', 'special_office']);
const LOCAL_KINDS = new Set(['city_office', 'special_office', 'county_office']);

/** The unit that supervises `unit` (its 市州, or the committee for a directly managed county). */
export function supervisorOf(unit: Pick<UnitRow, 'managed_by_id' | 'parent_id'>): number | null {
  return unit.managed_by_id ?? unit.parent_id;
}

export function isLocalOffice(unit: Pick<UnitRow, 'kind'>): boolean {
  return LOCAL_KINDS.has(unit.kind);
}

export async function resolveOfficeScope(db: Db, principal: Principal): Promise<OfficeScope> {
  const units = new Map((await findUnits(db)).map((u) => [u.id, u]));
  if (isSystemActor(principal)) return { level: 'province', unitId: null, units };
  const own = principal.unitId === null ? undefined : units.get(principal.unitId);
  if (!own || !isLocalOffice(own)) {
    if (!can(principal, 'office.province_wide'))
      throw new AppError(
        'FORBIDDEN',
        '您的账号没有归属到市（州）或县（市、区）地方志工作机构，请联系系统管理员在“用户”中设置所属单位。',
      );
    return { level: 'province', unitId: own?.id ?? null, units };
  }
  if (CITY_KINDS.has(own.kind)) {
    const visible = new Set([
      own.id,
      ...[...units.values()].filter((u) => supervisorOf(u) === own.id && isLocalOffice(u)).map((u) => u.id),
    ]);
    return { level: 'city', unitId: own.id, visible, units };
  }
  return { level: 'county', unitId: own.id, visible: new Set([own.id]), units };
}

/** The units whose data the scope may read, or null for all. */
export function visibleUnitIds(scope: OfficeScope): number[] | null {
  return scope.level === 'province' ? null : [...scope.visible];
}

export function seesUnit(scope: OfficeScope, unitId: number): boolean {
  return scope.level === 'province' || scope.visible.has(unitId);
}

export function unitName(scope: OfficeScope, unitId: number): string {
  return scope.units.get(unitId)?.name ?? `单位 ${unitId}`;
}

export function assertSeesUnit(scope: OfficeScope, unitId: number): void {
  if (!seesUnit(scope, unitId))
    throw new AppError(
      'FORBIDDEN',
      `“${unitName(scope, unitId)}”不属于您所在机构的管辖范围，您不能查看或办理它的事项。`,
    );
}

/** Writing an office's own data (its holdings, its receipts, its reports): province staff, or that office itself. */
export function assertActsFor(scope: OfficeScope, unitId: number): void {
  if (scope.level !== 'province' && scope.unitId !== unitId) {
    throw new AppError(
      'FORBIDDEN',
      `只能办理本单位（${unitName(scope, scope.unitId)}）的事项，“${unitName(scope, unitId)}”的事项请由该单位办理。`,
    );
  }
}

/** Reviewing an office's submission: the 市州 that manages it, or the province; nobody reviews their own. */
export function assertReviews(scope: OfficeScope, unitId: number): void {
  if (scope.level === 'province') return;
  if (scope.level === 'city' && scope.visible.has(unitId) && unitId !== scope.unitId) return;
  throw new AppError('FORBIDDEN', `“${unitName(scope, unitId)}”的审核由其上级市（州）地方志工作机构或省方志委办理。`);
}

/** Province-level work (the shared catalogue's records, acquisitions, distributions). */
export function assertProvince(scope: OfficeScope, what: string): void {
  if (scope.level !== 'province')
    throw new AppError('FORBIDDEN', `${what}由省方志委（方志馆）办理，市县地方志工作机构不能操作。`);
}

/** The unit an office's own action is recorded against: a local office's own unit, else the province actor's unit. */
export function actingUnitId(scope: OfficeScope): number {
  if (scope.unitId !== null) return scope.unitId;
  const root =
    [...scope.units.values()].find((u) => u.parent_id === null && u.kind === 'committee') ??
    [...scope.units.values()].find((u) => u.parent_id === null);
  if (!root) throw new AppError('CONFLICT', '尚未建立组织机构，请先在“系统管理 → 组织机构”载入或创建单位。');
  return root.id;
}

/** The 市州 office that reviews a county's submission (年报, 自评), or null when it goes straight to the province. */
export function reviewerOf(scope: OfficeScope, unitId: number): number | null {
  const unit = scope.units.get(unitId);
  if (!unit) return null;
  const sup = supervisorOf(unit);
  const parent = sup === null ? undefined : scope.units.get(sup);
  return parent && CITY_KINDS.has(parent.kind) ? parent.id : null;
}
