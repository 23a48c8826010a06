/**
 * Page setup and styles of a document in official format (党政机关公文格式, GB/T 9704-2012), as one reusable module:
 * A4, margins 37/35/28/26 mm, body 3号仿宋_GB2312 on a 22 lines × 28 characters grid, title 2号方正小标宋简体, headings
 * 一、黑体 / （一）楷体_GB2312 / 1.仿宋_GB2312, page numbers "— 1 —" in 4号宋体 (odd pages right, even pages left), issuer
 * and 成文日期 at the end. The measures and rules here are pure; `official-docx.ts` builds the .docx bytes from them (it
 * loads the docx library, so callers import it where a document is rendered).
 *
 * Font names are the ones offices have installed; where they are missing (LibreOffice on a server) the renderer falls back
 * to an installed CJK font — see `fontconfig/official-fonts.conf` for a mapping to Noto CJK when rendering here.
 */

const TWIPS_PER_MM = 1440 / 25.4;
const mm = (v: number) => Math.round(v * TWIPS_PER_MM);

export const OFFICIAL_FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  pageNumber: '宋体',
  /** Latin letters and digits in the body. */
  latin: 'Times New Roman',
} as const;

/** Font sizes in points: 2号 = 22 pt, 3号 = 16 pt, 4号 = 14 pt. */
export const OFFICIAL_SIZES = { title: 22, body: 16, pageNumber: 14 } as const;

export const OFFICIAL_LINES_PER_PAGE = 22;
export const OFFICIAL_CHARS_PER_LINE = 28;

/** A4 and the GB/T 9704 margins, in twips (1/20 pt). */
export const OFFICIAL_PAGE = {
  width: 11906,
  height: 16838,
  top: mm(37),
  bottom: mm(35),
  left: mm(28),
  right: mm(26),
  /** The page-number line sits 7 mm below the text block: bottom margin − 7 mm − the height of a 4号 line. */
  footer: mm(35 - 7) - OFFICIAL_SIZES.pageNumber * 20,
  header: mm(15),
} as const;

/**
 * The document grid that gives exactly 22 lines of 28 characters of 16 pt:
 *  - linePitch: the text block height divided by 22, rounded down so that 22 lines still fit (12756 / 22 → 579 twips);
 *  - charSpace: how much each character cell differs from the 16 pt font size, in 1/4096 pt (ECMA-376 17.6.5):
 *    the text block width / 28 = 315.9 twips = 15.795 pt, i.e. 0.205 pt narrower than 16 pt → −841.
 * Body paragraphs also get an exact line spacing of `linePitch`, so renderers that ignore the grid still set 22 lines.
 */
export function computeDocGrid(page = OFFICIAL_PAGE): {
  linePitch: number;
  charSpace: number;
  textWidth: number;
  textHeight: number;
} {
  const textWidth = page.width - page.left - page.right;
  const textHeight = page.height - page.top - page.bottom;
  const linePitch = Math.floor(textHeight / OFFICIAL_LINES_PER_PAGE);
  const cellPoints = textWidth / OFFICIAL_CHARS_PER_LINE / 20;
  const charSpace = Math.floor((cellPoints - OFFICIAL_SIZES.body) * 4096);
  return { linePitch, charSpace, textWidth, textHeight };
}

export type OfficialBlock =
  /** 一、总体进展 (黑体) */
  | { kind: 'heading1'; text: string }
  /** （一）志鉴编纂工作 (楷体_GB2312) */
  | { kind: 'heading2'; text: string }
  /** 1.某项任务。(仿宋_GB2312), optionally followed in the same paragraph by body text. */
  | { kind: 'heading3'; text: string; follow?: string }
  /** A body paragraph, first line indented two characters. */
  | { kind: 'body'; text: string }
  /**
   * A compact table in 4号仿宋 (header row in 黑体, repeated on each page): `widths` are shares of the text width;
   * a row with one cell spans the whole width (a section heading inside the table). `colors` optionally tints a cell's
   * text (hex RRGGBB, per row and column) — the status light.
   */
  | { kind: 'table'; columns: string[]; widths: number[]; rows: string[][]; colors?: (string | null)[][] };

export interface OfficialDocumentInput {
  title: string;
  /** 主送机关, without the trailing colon: 委内各处室、直属事业单位. Null leaves the line out. */
  addressee: string | null;
  blocks: OfficialBlock[];
  /** 发文机关署名; null leaves the signature line out (the date stays). */
  issuer: string | null;
  /** 成文日期 as YYYY-MM-DD. */
  date: string;
  /**
   * 版头 (GB/T 9704 7.2): the 发文机关标志 in red 小标宋 (e.g. 某某委员会办公室文件), the 发文字号 centred under it, and the
   * red separator line; the title follows two lines below. Left out, the document starts with its title.
   */
  redHeader?: { mark: string; docNumber: string | null } | null;
}

/** The red of 版头 and the separator line. */
export const OFFICIAL_RED = 'E60012';

/** 成文日期 with Arabic numerals, as the 2012 edition prescribes: 2023年7月5日 (no leading zeros). */
export function formatOfficialDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** Width of a line of text in character cells: CJK characters take one cell, half-width letters and digits half. */
export function measureCells(text: string): number {
  let cells = 0;
  for (const ch of text) cells += /[\u0020-\u007e]/.test(ch) ? 0.5 : 1;
  return cells;
}

/**
 * Right indents (in character cells) of the issuer and the date when no seal is used (GB/T 9704-2012 7.3.5.2): the issuer
 * is set two characters from the right; the date goes on the next line, its first character two characters right of the
 * issuer's first character; if the date is the longer, the date keeps two characters from the right and the issuer moves
 * left accordingly.
 */
export function signatureIndents(issuer: string, date: string): { issuerRight: number; dateRight: number } {
  const li = measureCells(issuer);
  const ld = measureCells(date);
  const dateRight = 2 + (li - 2 - ld);
  if (dateRight >= 2) return { issuerRight: 2, dateRight };
  return { issuerRight: 2 + (ld + 2 - li), dateRight: 2 };
}
