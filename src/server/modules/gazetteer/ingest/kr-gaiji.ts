/**
 * The Kanseki Repository's glyph table (`kr-gaiji/charlist.org.txt`): one row per `&KRnnnn;` code, tab-separated
 * columns code, frequency, form, normalized, image link. Pure: text in, table out.
 *
 * The table is not ours and is never committed; callers read it and pass the text here.
 */

export interface GaijiEntry {
  code: string;
  frequency: number;
  /** The glyph as one Unicode character, when Unicode has it. */
  form?: string;
  /** The ordinary character the glyph stands for, when one can be named. */
  normalized?: string;
}

export type GaijiTable = ReadonlyMap<string, GaijiEntry>;

/** The character printed where a glyph can be neither shown nor normalized (〓, GETA MARK). */
export const MISSING_GLYPH = '\u3013';

const CODE_POINT = /^U\+([0-9A-Fa-f]{4,6})$/;

/**
 * Reduces a table cell to one character, or undefined when the cell only describes a glyph.
 * The table writes uncertain values as `將?`, code points as `U+2285F?`, several candidates as `算:6,筭:2`
 * (most frequent first) and composed glyphs as `[沔-丏+丐]` or `⿺風軍`; only a single real character is usable in text.
 */
function toSingleChar(cell: string | undefined): string | undefined {
  if (!cell) return undefined;
  let value = cell.trim();
  const comma = value.indexOf(',');
  if (comma >= 0) value = value.slice(0, comma);
  const colon = value.lastIndexOf(':');
  if (colon > 0) value = value.slice(0, colon);
  if (value.endsWith('?')) value = value.slice(0, -1);
  const codePoint = CODE_POINT.exec(value);
  if (codePoint?.[1]) return String.fromCodePoint(Number.parseInt(codePoint[1], 16));
  const chars = Array.from(value);
  if (chars.length !== 1) return undefined;
  // A full-width space is listed as a reading of a few glyphs; it is not a character anyone searches for.
  if (/\s/u.test(value)) return undefined;
  return value;
}

/** Parses the charlist text into a map keyed by code (`KR0005`). Lines that are not table rows are ignored. */
export function parseGaijiTable(text: string): GaijiTable {
  const table = new Map<string, GaijiEntry>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('KR')) continue;
    const cells = line.replace(/\r$/, '').split('\t');
    const code = cells[0]?.trim();
    if (!code || !/^KR\d+$/.test(code)) continue;
    const entry: GaijiEntry = { code, frequency: Number.parseInt(cells[1] ?? '', 10) || 0 };
    const form = toSingleChar(cells[2]);
    const normalized = toSingleChar(cells[3]);
    if (form) entry.form = form;
    if (normalized) entry.normalized = normalized;
    table.set(code, entry);
  }
  return table;
}

/** The character to print for a code: its Unicode form, else its normalized character, else undefined. */
export function resolveGaiji(table: GaijiTable | null | undefined, code: string): string | undefined {
  const entry = table?.get(code);
  return entry?.form ?? entry?.normalized;
}

export interface VariantPair {
  /** The variant as printed in the text (the glyph's Unicode form). */
  form: string;
  /** The ordinary character a search for the variant should also match. */
  normalized: string;
}

/** Variant pairs (form → normalized) that a search normaliser can fold; rows where both are the same are left out. */
export function listVariantPairs(table: GaijiTable): VariantPair[] {
  const pairs: VariantPair[] = [];
  const seen = new Set<string>();
  for (const entry of table.values()) {
    if (!entry.form || !entry.normalized || entry.form === entry.normalized) continue;
    const key = `${entry.form}\u0000${entry.normalized}`;
    if (seen.has(key)) continue;
    seen.add(key);
    pairs.push({ form: entry.form, normalized: entry.normalized });
  }
  return pairs;
}
