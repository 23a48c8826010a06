import type { TOfficeGroup } from '../../../shared/library.ts';

/**
 * Which group a unit belongs to for distribution: 市州 (city offices and the special-zone office), 县市区 (county
 * offices), 委内处室 (the committee's departments and institutions). Others (associations, party bodies, outside
 * units) receive nothing by formula. Pure.
 */
export function officeGroup(kind: string): TOfficeGroup | null {
  if (kind === 'city_office' || kind === 'special_office') return 'city';
  if (kind === 'county_office') return 'county';
  if (kind === 'department' || kind === 'institution') return 'department';
  return null;
}

/** One shipment per receiving unit: the formula's copies for its group, active units only, zero-copy units left out. */
export function planShipments(
  units: readonly { id: number; kind: string; is_active: number }[],
  formula: Record<TOfficeGroup, number>,
  only: readonly number[] | null,
  senderId: number,
): { unitId: number; quantity: number }[] {
  return units
    .filter((u) => u.is_active === 1 && u.id !== senderId && (!only || only.includes(u.id)))
    .map((u) => ({ unitId: u.id, group: officeGroup(u.kind) }))
    .filter((u): u is { unitId: number; group: TOfficeGroup } => u.group !== null)
    .map((u) => ({ unitId: u.unitId, quantity: formula[u.group] }))
    .filter((s) => s.quantity > 0);
}
