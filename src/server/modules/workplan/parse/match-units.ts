import { convertToSimplified } from './normalize-text.ts';

/**
 * Resolves a unit name the parser found against the unit directory. Only exact matches on a normalised form of a
 * name or alias count: a name that is not in the directory comes back `unknown`, for the user to map or create —
 * never a guess at the closest unit.
 */

export interface UnitDirectoryEntry {
  id: number;
  name: string;
  aliases: readonly string[];
}

export type UnitMatch = { kind: 'matched'; unitId: number } | { kind: 'collective' } | { kind: 'unknown' };

/** Names that stand for a group of units (`其他处室、单位`, `各县（市、区）政府`), not one unit in the directory. */
const COLLECTIVE = [
  /^(?:其他|其它|各|相关|有关|全体|委内各?|所属|各级|全省各)/,
  /(?:等单位|各单位|有关单位|相关单位|相关部门|有关部门|各处室|各部门)$/,
];

/** Canonical form for comparing names: simplified, no spaces or ▲, one style of brackets. */
export function normalizeUnitName(name: string): string {
  // NFKC folds full-width letters, digits and brackets to their half-width forms before the script is folded.
  return convertToSimplified(name.normalize('NFKC'), 1)
    .replace(/[\s\u3000▲★]/g, '')
    .replace(/[(〔【[]/g, '（')
    .replace(/[)〕】\]]/g, '）');
}

function findExact(wanted: string, directory: readonly UnitDirectoryEntry[]): number | null {
  for (const entry of directory) {
    if (normalizeUnitName(entry.name) === wanted || entry.aliases.some((alias) => normalizeUnitName(alias) === wanted))
      return entry.id;
  }
  return null;
}

export function matchUnitName(name: string, directory: readonly UnitDirectoryEntry[]): UnitMatch {
  const wanted = normalizeUnitName(name);
  if (!wanted) return { kind: 'unknown' };
  const exact = findExact(wanted, directory);
  if (exact !== null) return { kind: 'matched', unitId: exact };
  if (COLLECTIVE.some((pattern) => pattern.test(wanted))) return { kind: 'collective' };
  // `市府办〔市数据局〕`: one body under two nameplates. Either name identifies it — when both that are known agree.
  const bracket = /^([^（]+)（([^（）]+)）$/.exec(wanted);
  if (bracket) {
    const ids = new Set(
      [findExact(bracket[1]!, directory), findExact(bracket[2]!, directory)].filter((id): id is number => id !== null),
    );
    if (ids.size === 1) return { kind: 'matched', unitId: [...ids][0]! };
  }
  return { kind: 'unknown' };
}
