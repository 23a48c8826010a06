/**
 * Character folding for search: maps every code point to a canonical code point so that traditional and simplified
 * forms, variant glyphs, full-width/half-width forms and letter case all compare equal.
 *
 * Folding is applied to the indexed text and to the query alike and never to what is displayed. It is length-preserving
 * in UTF-16 code units (a BMP character folds to a BMP character, an astral one to an astral one), so an offset into the
 * folded text is an offset into the unfolded text as well.
 */
import tsCharacters from 'opencc-js/dict/TSCharacters';
import twVariants from 'opencc-js/dict/TWVariants';
import hkVariants from 'opencc-js/dict/HKVariants';
import cjkCompatibility from 'opencc-js/dict/CJK_Compatibility_Ideographs';

/**
 * Variant glyphs that the OpenCC character tables do not join, found in old gazetteers. Each row is one equivalence
 * class; the first character is only a hint, the canonical form is chosen by `chooseCanonical`.
 */
export const CURATED_VARIANTS: readonly string[] = [
  '宁寧寕甯寜',
  '为為爲',
  '绿綠緑',
  '黑黒',
  '户戶戸',
  '峰峯',
  '群羣',
  '床牀',
  '册冊',
  '并並竝併',
  '吕呂',
  '温溫',
  '说說',
  '兑兌',
  '鸡雞鷄',
  '却卻',
  '净淨',
  '里裏裡',
  '强強彊',
  '岳嶽',
  '秘祕',
  '凉涼',
  '况況',
  '减減',
  '脉脈',
  '冲沖衝',
  '叙敘敍',
  '携攜',
  '尚尙',
  '即卽',
  '既旣',
  '徳德',
  '姫姬',
  '黄黃',
  '青靑',
  '卧臥',
  '奥奧',
];

export interface Folder {
  /** Canonical code point of `codePoint` (itself when nothing folds it). */
  foldCodePoint(codePoint: number): number;
  /** Folds every code point of `text`; the result has the same UTF-16 length as `text`. */
  foldText(text: string): string;
  /** Whether another code point folds to the same form as `codePoint` (so a hit on it may be written otherwise). */
  hasVariants(codePoint: number): boolean;
}

type Pair = readonly [string, string];

function parseOpenccTable(table: string): Pair[] {
  const pairs: Pair[] = [];
  for (const entry of table.split('|')) {
    const [from, to] = entry.split(' ');
    if (from && to) pairs.push([from, to]);
  }
  return pairs;
}

/** Union–find over code points: every table row says "these characters are the same character for search". */
class CodePointClasses {
  private readonly parent = new Map<number, number>();

  find(cp: number): number {
    let root = cp;
    for (let next = this.parent.get(root); next !== undefined && next !== root; next = this.parent.get(root))
      root = next;
    // Path compression keeps later lookups flat.
    for (let node = cp; node !== root;) {
      const next = this.parent.get(node) ?? root;
      this.parent.set(node, root);
      node = next;
    }
    return root;
  }

  join(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    // Every member needs an entry, roots included, or `groups()` would miss it.
    if (!this.parent.has(ra)) this.parent.set(ra, ra);
    if (!this.parent.has(rb)) this.parent.set(rb, rb);
    if (ra !== rb) this.parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }

  groups(): Map<number, number[]> {
    const out = new Map<number, number[]>();
    for (const cp of this.parent.keys()) {
      const root = this.find(cp);
      const members = out.get(root);
      if (members) members.push(cp);
      else out.set(root, [cp]);
    }
    return out;
  }
}

function isSingleCodePoint(s: string): boolean {
  const cp = s.codePointAt(0);
  return cp !== undefined && String.fromCodePoint(cp).length === s.length;
}

/**
 * The canonical member of a class: a simplified form (a character OpenCC produces, never converts) when there is one,
 * otherwise the smallest code point — deterministic, so text and query always fold to the same character.
 */
function chooseCanonical(members: number[], simplified: ReadonlySet<number>): number {
  const sorted = [...members].sort((a, b) => a - b);
  return sorted.find((cp) => simplified.has(cp)) ?? (sorted[0] as number);
}

/**
 * Builds a folder. `extraVariants` are additional `form → normalized` pairs (for instance the KR-Gaiji normalised forms
 * exported by the ingest module); they join the same equivalence classes.
 */
export function createFolder(extraVariants: Iterable<readonly [string, string]> = []): Folder {
  const classes = new CodePointClasses();
  const tsPairs = parseOpenccTable(tsCharacters);
  const simplified = new Set<number>();
  const sources = new Set<number>();
  const addPair = ([a, b]: readonly [string, string]): void => {
    if (!isSingleCodePoint(a) || !isSingleCodePoint(b)) return;
    classes.join(a.codePointAt(0) as number, b.codePointAt(0) as number);
  };
  for (const pair of tsPairs) {
    addPair(pair);
    sources.add(pair[0].codePointAt(0) as number);
    simplified.add(pair[1].codePointAt(0) as number);
  }
  for (const cp of sources) simplified.delete(cp);
  for (const table of [twVariants, hkVariants, cjkCompatibility])
    for (const pair of parseOpenccTable(table)) addPair(pair);
  for (const row of CURATED_VARIANTS) {
    const chars = [...row];
    for (const ch of chars.slice(1)) addPair([chars[0] as string, ch]);
  }
  for (const pair of extraVariants) addPair(pair);

  const bmp = new Uint32Array(0x10000);
  for (let i = 0; i < bmp.length; i++) bmp[i] = i;
  const astral = new Map<number, number>();
  for (const members of classes.groups().values()) {
    // Length preservation: BMP members fold to the class's BMP canonical, astral members to its astral canonical.
    const bmpMembers = members.filter((cp) => cp < 0x10000);
    const astralMembers = members.filter((cp) => cp >= 0x10000);
    if (bmpMembers.length > 1) {
      const canonical = chooseCanonical(bmpMembers, simplified);
      for (const cp of bmpMembers) bmp[cp] = canonical;
    }
    if (astralMembers.length > 1) {
      const canonical = chooseCanonical(astralMembers, simplified);
      for (const cp of astralMembers) astral.set(cp, canonical);
    }
  }
  // Width and case come last so that they also apply to the canonical forms chosen above.
  for (let cp = 0; cp < 0x10000; cp++) bmp[cp] = foldWidthAndCase(bmp[cp] as number);

  const foldCodePoint = (cp: number): number => (cp < 0x10000 ? (bmp[cp] as number) : (astral.get(cp) ?? cp));
  // Folding writes UTF-16 units into one typed array and decodes it once: no string per character.
  const decoder = new TextDecoder('utf-16le');
  const foldText = (text: string): string => {
    const n = text.length;
    const out = new Uint16Array(n);
    let changed = false;
    for (let i = 0; i < n; i++) {
      const unit = text.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < n) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          const cp = ((unit - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
          const folded = astral.get(cp);
          if (folded !== undefined) {
            changed = true;
            out[i] = 0xd800 + ((folded - 0x10000) >> 10);
            out[i + 1] = 0xdc00 + ((folded - 0x10000) & 0x3ff);
          } else {
            out[i] = unit;
            out[i + 1] = low;
          }
          i++;
          continue;
        }
      }
      const folded = bmp[unit] as number;
      if (folded !== unit) changed = true;
      out[i] = folded;
    }
    return changed ? decoder.decode(out) : text;
  };
  // Members per canonical form: a form with one member is always written that way.
  const bmpMembers = new Uint16Array(0x10000);
  for (let cp = 0; cp < 0x10000; cp++) {
    const c = bmp[cp] as number;
    bmpMembers[c] = Math.min(2, (bmpMembers[c] as number) + 1);
  }
  const astralMembers = new Map<number, number>();
  for (const [cp, c] of astral) {
    astralMembers.set(c, (astralMembers.get(c) ?? 1) + (cp === c ? 0 : 1));
  }
  const hasVariants = (cp: number): boolean => {
    const c = foldCodePoint(cp);
    return c < 0x10000 ? (bmpMembers[c] as number) > 1 : (astralMembers.get(c) ?? 1) > 1;
  };
  return { foldCodePoint, foldText, hasVariants };
}

/** NFKC-style full-width → half-width for the ASCII block, the ideographic space, then single-unit lower-casing. */
function foldWidthAndCase(cp: number): number {
  let c = cp;
  if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
  else if (c === 0x3000) c = 0x20;
  const lower = String.fromCharCode(c).toLowerCase();
  // Only take lower-case forms that stay one BMP unit (İ → i̇ would change the length).
  if (lower.length === 1) c = lower.charCodeAt(0);
  return c;
}

let defaultFolder: Folder | undefined;

/** The folder without extra variants, built once. */
export function getDefaultFolder(): Folder {
  defaultFolder ??= createFolder();
  return defaultFolder;
}
