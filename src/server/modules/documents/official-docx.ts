import JSZip from 'jszip';
import {
  AlignmentType,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  BorderStyle,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IFontAttributesProperties,
} from 'docx';

/**
 * Page setup and styles of a document in official format (党政机关公文格式, GB/T 9704-2012), as one reusable module:
 * A4, margins 37/35/28/26 mm, body 3号仿宋_GB2312 on a 22 lines × 28 characters grid, title 2号方正小标宋简体, headings
 * 一、黑体 / （一）楷体_GB2312 / 1.仿宋_GB2312, page numbers "— 1 —" in 4号宋体 (odd pages right, even pages left), issuer
 * and 成文日期 at the end. Pure: builds the .docx bytes in memory.
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
/** 发文机关标志: larger than the title (GB/T 9704 asks at most 22 mm high; offices set it around 小初 to 初号). */
const MARK_SIZE = 36;
/** Table text: 4号 (14 pt), so a row of a progress table stays on one or two lines. */
const TABLE_SIZE = 14;

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

const font = (eastAsia: string, latin: string = OFFICIAL_FONTS.latin): IFontAttributesProperties => ({
  eastAsia,
  ascii: latin,
  hAnsi: latin,
  cs: latin,
});
const half = (pt: number) => pt * 2;

function bodySpacing(linePitch: number) {
  return { line: linePitch, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
}

const CELL = OFFICIAL_SIZES.body * 20;
/**
 * −0.3 pt between characters (in 1/20 pt), so that 28 characters of 16 pt (28 × 15.7 = 439.6 pt) fit the 442.25 pt line
 * and 29 do not. Together with the exact line spacing this sets 22 × 28 without relying on the character grid, which
 * LibreOffice applies differently from Word: it gives a 16 pt character two 15.8 pt cells (14 characters a line), so
 * paragraphs do not snap to the grid (`withoutGridSnapping`). LibreOffice still cuts the line to whole grid cells
 * (28 × 15.73 pt = 440.5 pt), which is why −0.25 pt is not enough there. The grid stays in the section so that Word's page
 * setup shows 22 lines × 28 characters and text typed later follows it.
 */
const BODY_CHARACTER_SPACING = -6;

/**
 * Adds `<w:snapToGrid w:val="0"/>` to every paragraph property set in styles.xml (the docx library only writes the run
 * property of that name), and turns widow/orphan control off so every page but the last is filled to its 22 lines, as
 * official documents are set. Both go right before the paragraph's `w:spacing`, where the schema's sequence puts them.
 */
async function withoutGridSnapping(bytes: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const file = zip.file('word/styles.xml');
  if (!file) throw new Error('styles.xml missing from the generated document');
  const xml = await file.async('string');
  zip.file(
    'word/styles.xml',
    xml.replace(/<w:spacing (?=[^>]*w:line=)/g, '<w:widowControl w:val="0"/><w:snapToGrid w:val="0"/><w:spacing '),
  );
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

function pageNumberFooter(align: 'right' | 'left'): Footer {
  // "— 1 —": one-em dashes on either side; one character in from the edge (单页码居右空一字，双页码居左空一字).
  const cell = OFFICIAL_SIZES.pageNumber * 20;
  return new Footer({
    children: [
      new Paragraph({
        alignment: align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: align === 'right' ? { right: cell } : { left: cell },
        children: [
          new TextRun({
            children: ['— ', PageNumber.CURRENT, ' —'],
            font: font(OFFICIAL_FONTS.pageNumber, OFFICIAL_FONTS.pageNumber),
            size: half(OFFICIAL_SIZES.pageNumber),
          }),
        ],
      }),
    ],
  });
}

function tableOf(block: Extract<OfficialBlock, { kind: 'table' }>, textWidth: number): Table {
  const total = block.widths.reduce((a, b) => a + b, 0);
  const widths = block.widths.map((w) => Math.floor((w / total) * textWidth));
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const borders = { top: border, bottom: border, left: border, right: border };
  // Rows that only introduce what follows (the header, a section row) keep with the next row, so a page never ends on them.
  const cell = (
    text: string,
    column: number,
    opts: { header?: boolean; span?: number; color?: string | null; keepNext?: boolean },
  ) =>
    new TableCell({
      borders,
      verticalAlign: VerticalAlign.CENTER,
      columnSpan: opts.span,
      width: {
        size: opts.span ? widths.reduce((a, b) => a + b, 0) : (widths[column] ?? 0),
        type: WidthType.DXA,
      },
      margins: { left: 60, right: 60, top: 20, bottom: 20 },
      children: text.split('\n').map(
        (line) =>
          new Paragraph({
            style: opts.header ? 'OfficialTableHeader' : 'OfficialTable',
            keepNext: opts.keepNext ?? false,
            alignment: opts.header || (!opts.span && column !== 1) ? AlignmentType.CENTER : AlignmentType.LEFT,
            children: [new TextRun({ text: line, ...(opts.color ? { color: opts.color } : {}) })],
          }),
      ),
    });
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: block.columns.map((c, i) => cell(c, i, { header: true, keepNext: true })),
      }),
      ...block.rows.map(
        (row, r) =>
          new TableRow({
            cantSplit: true,
            children:
              row.length === 1
                ? [cell(row[0]!, 0, { span: block.columns.length, keepNext: true })]
                : row.map((text, i) => cell(text, i, { color: block.colors?.[r]?.[i] ?? null })),
          }),
      ),
    ],
  });
}

/** 版头: red 发文机关标志, 发文字号 (空二行 below the mark), the red line, and two blank lines before the title. */
function redHeaderParagraphs(header: { mark: string; docNumber: string | null }, linePitch: number): Paragraph[] {
  // One line across the 156 mm text block: a long organ name gets a smaller size rather than a second line.
  const textPoints = computeDocGrid().textWidth / 20;
  const size = Math.min(MARK_SIZE, Math.floor((textPoints * 0.96) / Math.max(1, measureCells(header.mark))));
  const mark = new Paragraph({
    style: 'OfficialTitle',
    spacing: { line: Math.round(MARK_SIZE * 20 * 1.25), lineRule: LineRuleType.EXACT, before: 0, after: 0 },
    children: [new TextRun({ text: header.mark, color: OFFICIAL_RED, size: half(size), characterSpacing: 0 })],
  });
  const blank = () => new Paragraph({ style: 'OfficialBody', indent: { firstLine: 0 }, children: [] });
  const line = new Paragraph({
    style: 'OfficialBody',
    indent: { firstLine: 0 },
    spacing: { line: Math.round(linePitch / 2), lineRule: LineRuleType.EXACT, before: 0, after: 0 },
    border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: OFFICIAL_RED, space: 1 } },
    children: [],
  });
  return [
    mark,
    blank(),
    ...(header.docNumber
      ? [
          new Paragraph({
            style: 'OfficialBody',
            alignment: AlignmentType.CENTER,
            indent: { firstLine: 0 },
            children: [new TextRun(header.docNumber)],
          }),
        ]
      : []),
    line,
    blank(),
  ];
}

function toParagraph(block: Exclude<OfficialBlock, { kind: 'table' }>): Paragraph {
  switch (block.kind) {
    case 'heading1':
      return new Paragraph({ style: 'OfficialHeading1', keepNext: true, children: [new TextRun(block.text)] });
    case 'heading2':
      return new Paragraph({ style: 'OfficialHeading2', keepNext: true, children: [new TextRun(block.text)] });
    case 'heading3':
      return new Paragraph({
        style: 'OfficialHeading3',
        children: [
          new TextRun(block.text),
          ...(block.follow ? [new TextRun({ text: block.follow, style: 'OfficialBodyChar' })] : []),
        ],
      });
    case 'body':
      return new Paragraph({ style: 'OfficialBody', children: [new TextRun(block.text)] });
  }
}

/** Builds the .docx: 标题 → (空一行) → 主送 → blocks → (空一行) → 署名 → 成文日期. */
export async function renderOfficialDocx(input: OfficialDocumentInput): Promise<Uint8Array> {
  const { linePitch, charSpace } = computeDocGrid();
  const spacing = bodySpacing(linePitch);
  const dateText = formatOfficialDate(input.date);
  const indents = signatureIndents(input.issuer ?? '', dateText);
  const blank = () => new Paragraph({ style: 'OfficialBody', indent: { firstLine: 0 }, children: [] });

  const { textWidth } = computeDocGrid();
  const children: (Paragraph | Table)[] = [
    ...(input.redHeader ? redHeaderParagraphs(input.redHeader, linePitch) : []),
    // The title may run to several lines; each line keeps the grid's pitch so the page still counts 22 lines.
    ...input.title.split('\n').map((line) => new Paragraph({ style: 'OfficialTitle', children: [new TextRun(line)] })),
    blank(),
  ];
  if (input.addressee) {
    children.push(
      new Paragraph({
        style: 'OfficialBody',
        indent: { firstLine: 0 },
        children: [new TextRun(`${input.addressee}：`)],
      }),
    );
  }
  for (const block of input.blocks)
    children.push(block.kind === 'table' ? tableOf(block, textWidth) : toParagraph(block));
  children.push(blank());
  if (input.issuer) {
    children.push(
      new Paragraph({
        style: 'OfficialBody',
        alignment: AlignmentType.RIGHT,
        indent: { firstLine: 0, right: Math.round(indents.issuerRight * CELL) },
        keepNext: true,
        children: [new TextRun(input.issuer)],
      }),
    );
  }
  children.push(
    new Paragraph({
      style: 'OfficialBody',
      alignment: AlignmentType.RIGHT,
      indent: { firstLine: 0, right: Math.round(indents.dateRight * CELL) },
      children: [new TextRun(dateText)],
    }),
  );

  const bodyRun = {
    font: font(OFFICIAL_FONTS.body),
    size: half(OFFICIAL_SIZES.body),
    characterSpacing: BODY_CHARACTER_SPACING,
  };
  const doc = new Document({
    creator: 'Fangzhi',
    title: input.title.replace(/\n/g, ''),
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: { run: bodyRun, paragraph: { spacing } },
      },
      paragraphStyles: [
        // Renderers size the character grid from the default paragraph style (Normal), so it must carry the 16 pt body font.
        { id: 'Normal', name: 'Normal', run: bodyRun, paragraph: { spacing } },
        {
          id: 'OfficialBody',
          name: 'Official Body',
          run: bodyRun,
          paragraph: { alignment: AlignmentType.BOTH, spacing, indent: { firstLine: 2 * CELL } },
        },
        {
          id: 'OfficialTitle',
          name: 'Official Title',
          run: { font: font(OFFICIAL_FONTS.title), size: half(OFFICIAL_SIZES.title) },
          paragraph: { alignment: AlignmentType.CENTER, spacing, keepNext: true },
        },
        {
          id: 'OfficialHeading1',
          name: 'Official Heading 1',
          basedOn: 'OfficialBody',
          next: 'OfficialBody',
          run: { font: font(OFFICIAL_FONTS.heading1), size: half(OFFICIAL_SIZES.body) },
          paragraph: { outlineLevel: 0 },
        },
        {
          id: 'OfficialHeading2',
          name: 'Official Heading 2',
          basedOn: 'OfficialBody',
          next: 'OfficialBody',
          run: { font: font(OFFICIAL_FONTS.heading2), size: half(OFFICIAL_SIZES.body) },
          paragraph: { outlineLevel: 1 },
        },
        {
          id: 'OfficialHeading3',
          name: 'Official Heading 3',
          basedOn: 'OfficialBody',
          next: 'OfficialBody',
          run: { font: font(OFFICIAL_FONTS.body), size: half(OFFICIAL_SIZES.body) },
          paragraph: { outlineLevel: 2 },
        },
        {
          id: 'OfficialTable',
          name: 'Official Table',
          run: { font: font(OFFICIAL_FONTS.body), size: half(TABLE_SIZE), characterSpacing: 0 },
          paragraph: {
            spacing: { line: 400, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
            indent: { firstLine: 0 },
          },
        },
        {
          id: 'OfficialTableHeader',
          name: 'Official Table Header',
          basedOn: 'OfficialTable',
          run: { font: font(OFFICIAL_FONTS.heading1), size: half(TABLE_SIZE) },
        },
      ],
      characterStyles: [{ id: 'OfficialBodyChar', name: 'Official Body Char', run: bodyRun }],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: OFFICIAL_PAGE.width, height: OFFICIAL_PAGE.height },
            margin: {
              top: OFFICIAL_PAGE.top,
              bottom: OFFICIAL_PAGE.bottom,
              left: OFFICIAL_PAGE.left,
              right: OFFICIAL_PAGE.right,
              header: OFFICIAL_PAGE.header,
              footer: OFFICIAL_PAGE.footer,
            },
          },
          grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch, charSpace },
        },
        footers: { default: pageNumberFooter('right'), even: pageNumberFooter('left') },
        children,
      },
    ],
  });
  return withoutGridSnapping(new Uint8Array(await Packer.toBuffer(doc)));
}
