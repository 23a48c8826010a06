import { AppError } from '../../../shared/errors.ts';
import type { Db } from '../../db/database.ts';
import { isSystemActor, type Principal } from '../../platform/auth/actor.ts';
import { isAllowed } from '../../platform/policy.ts';
import { resolveOfficeScope, type OfficeScope } from '../library/office-access.ts';
import { findUnits, type UnitRow } from '../org/org.repository.ts';
import { findExpertshipsOfUser, type CampaignRow, type EntryRow } from './evaluation.repository.ts';

/**
 * Who sees what in evaluation campaigns, decided here once (roles are checked first by `authorize`):
 * - an expert (role `expert`) sees only the campaigns they were added to, and in them only the entries assigned to them;
 * - province staff (the library's office rule: not a city or county office) see and, with `campaign.manage`, run all;
 * - a city or county office sees every campaign (the calls are open to all), its own region's entries (the library
 *   rule: a 市州 itself and its counties), and the ranking of all entries once it is published for 公示.
 */
export type Viewer =
  | { kind: 'province'; manage: boolean; units: Map<number, UnitRow> }
  | { kind: 'office'; scope: OfficeScope; units: Map<number, UnitRow> }
  | { kind: 'expert'; expertIdByCampaign: Map<number, number>; units: Map<number, UnitRow> };

export async function resolveViewer(db: Db, principal: Principal): Promise<Viewer> {
  if (!isSystemActor(principal) && principal.roles.includes('expert')) {
    const units = new Map((await findUnits(db)).map((u) => [u.id, u]));
    const mine = await findExpertshipsOfUser(db, principal.userId);
    return { kind: 'expert', expertIdByCampaign: new Map(mine.map((x) => [x.campaign_id, x.id])), units };
  }
  const scope = await resolveOfficeScope(db, principal);
  if (scope.level === 'province')
    return { kind: 'province', manage: isAllowed(principal, 'campaign.manage'), units: scope.units };
  return { kind: 'office', scope, units: scope.units };
}

export function seesCampaign(viewer: Viewer, campaignId: number): boolean {
  return viewer.kind !== 'expert' || viewer.expertIdByCampaign.has(campaignId);
}

export function assertSeesCampaign(viewer: Viewer, campaign: CampaignRow | undefined): CampaignRow {
  if (!campaign || !seesCampaign(viewer, campaign.id))
    throw new AppError('NOT_FOUND', '该评审不存在，或您不是它的评审专家。');
  return campaign;
}

export function assertManages(viewer: Viewer): void {
  if (viewer.kind !== 'province' || !viewer.manage)
    throw new AppError('FORBIDDEN', '评审活动由省方志委组织，市县地方志工作机构和评审专家不能操作。');
}

/** Entries the viewer may open (files, passages): an expert's assigned ones, an office's region, all for the province. */
export function seesEntry(
  viewer: Viewer,
  entry: Pick<EntryRow, 'id' | 'campaign_id' | 'unit_id'>,
  assignedToExpert: ReadonlySet<number>,
): boolean {
  if (viewer.kind === 'province') return true;
  if (viewer.kind === 'office') return viewer.scope.level === 'province' || viewer.scope.visible.has(entry.unit_id);
  return assignedToExpert.has(entry.id);
}

const CITY_KINDS = new Set(['city_office', 'special_office']);

/**
 * The region used for 回避: a county office's 市州 (the unit that manages it, when that is a 市州 office), a 市州 office
 * itself, any other unit itself (a county managed directly by the province, like 梅河口, is its own region; province
 * bodies are their own region and so never conflict with a city's entry).
 */
export function regionOf(units: ReadonlyMap<number, UnitRow>, unitId: number): number {
  const u = units.get(unitId);
  if (!u) return unitId;
  if (u.kind === 'county_office') {
    const sup = u.managed_by_id ?? u.parent_id;
    const parent = sup === null ? undefined : units.get(sup);
    return parent && CITY_KINDS.has(parent.kind) ? parent.id : u.id;
  }
  return u.id;
}
