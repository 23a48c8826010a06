/**
 * A document in official format (GB/T 9704-2012) as .docx bytes, built in memory from the measures of
 * `official-format.ts`. It loads the docx library: import it where a document is rendered (`await import`), so a server
 * that renders none does not hold the library.
 */
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

import {
  OFFICIAL_FONTS,
  OFFICIAL_SIZES,
  OFFICIAL_PAGE,
  computeDocGrid,
  OFFICIAL_RED,
  formatOfficialDate,
  measureCells,
  signatureIndents,
  type OfficialBlock,
  type OfficialDocumentInput,
} from './official-format.ts';

/** 发文机关标志: larger than the title (GB/T 9704 asks at most 22 mm high; offices set it around 小初 to 初号). */
const MARK_SIZE = 36;
/** Table text: 4号 (14 pt), so a row of a progress table stays on one or two lines. */
const TABLE_SIZE = 14;

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
