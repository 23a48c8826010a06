/**
 * A book's 缺字 list: source glyph codes with no character (〓), CJK-extension characters (drawn with the extension
 * font), and composed-glyph descriptions such as [卄/木], each with its count and first place (卷/葉/行).
 */
import type { TGlyphList, TGlyphPlace } from '../../../shared/gazetteer-bib.ts';
import { locate } from '../../../shared/locator.ts';
import { isRareCodePoint } from '../../../shared/rare-glyphs.ts';
import { findSections } from './gazetteer.repository.ts';
import { findVisibleBook, type GazetteerDeps, type Reader } from './read-books.ts';

const DESCRIBED = /\[[^\]\n]{2,16}\]/g;

export async function listBookGlyphs(
  deps: Pick<GazetteerDeps, 'db'>,
  actor: Reader,
  bookId: number,
): Promise<TGlyphList> {
  await findVisibleBook(deps.db, actor, bookId);
  const missing = new Map<string, { count: number; first: TGlyphPlace }>();
  const rare = new Map<string, { count: number; first: TGlyphPlace }>();
  const described = new Map<string, { count: number; first: TGlyphPlace }>();
  const note = (map: Map<string, { count: number; first: TGlyphPlace }>, key: string, place: () => TGlyphPlace) => {
    const entry = map.get(key);
    if (entry) entry.count += 1;
    else map.set(key, { count: 1, first: place() });
  };
  for (const s of await findSections(deps.db, bookId)) {
    const section = {
      title: s.title,
      text: s.text,
      anchors: JSON.parse(s.anchors_json) as { offset: number; id: string }[],
    };
    const placeOf = (offset: number) => () => {
      const where = locate(section, offset);
      return { ordinal: s.ordinal, locator: where.label, lineId: where.lineId };
    };
    for (const g of s.glyphs_json ? (JSON.parse(s.glyphs_json) as { offset: number; code: string }[]) : [])
      note(missing, g.code, placeOf(g.offset));
    for (let i = 0; i < s.text.length; i++) {
      const cp = s.text.codePointAt(i) as number;
      if (cp >= 0x3400 && isRareCodePoint(cp)) note(rare, String.fromCodePoint(cp), placeOf(i));
      if (cp > 0xffff) i++;
    }
    for (const m of s.text.matchAll(DESCRIBED)) note(described, m[0], placeOf(m.index));
  }
  const sorted = <T extends { count: number }>(entries: T[]) => entries.sort((a, b) => b.count - a.count);
  return {
    missing: sorted([...missing].map(([code, v]) => ({ code, ...v }))),
    rare: sorted(
      [...rare].map(([char, v]) => ({
        char,
        codePoint: `U+${(char.codePointAt(0) as number).toString(16).toUpperCase()}`,
        ...v,
      })),
    ),
    described: sorted([...described].map(([text, v]) => ({ text, ...v }))),
  };
}
