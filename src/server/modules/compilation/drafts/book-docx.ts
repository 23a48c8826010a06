import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  Document,
  Footer,
  FootnoteReferenceRun,
  Header,
  HeadingLevel,
  ImageRun,
  LeaderType,
  Packer,
  PageNumber,
  PageReference,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type IRunOptions,
  type ISectionOptions,
} from 'docx';
import { headingText, htmlToBlocks, type Block, type Run } from './draft-html.ts';

/**
 * A book (or one part of it) as .docx in book layout: a title page, a table of contents with page numbers (PAGEREF to
 * each heading's bookmark, so Word and LibreOffice both fill them), 篇/章/节 as Heading 1–3 (yearbook 类目/分目 as Heading
 * 1–2, 条目 as 【title】), running heads with the book and the current 篇, page numbers, notes as real footnotes, tables
 * with merged cells, and images. 16开 (185 × 260 mm) page. Pure: the model in, bytes out.
 */

export interface BookPart {
  depth: number;
  level: string;
  number: string;
  title: string;
  /** Sanitised draft HTML, or null when the part has no draft yet. */
  html: string | null;
}

export interface BookModel {
  title: string;
  compiler: string | null;
  year: number | null;
  yearbook: boolean;
  parts: BookPart[];
  /**
   * Provenance as notes: the citation of each excerpt card a paragraph cites, keyed by card id. Card references without
   * an entry (no notes asked for, or a 秘密 card) are left out of the book.
   */
  cardNotes?: ReadonlyMap<number, string>;
}

const FONT = { eastAsia: '宋体', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };
const HEADING_FONT = { eastAsia: '黑体', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };
const PAGE = {
  width: 10488,
  height: 14740,
  margin: { top: 1400, bottom: 1300, left: 1250, right: 1250, header: 700, footer: 700 },
};
const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
] as const;

/** Width and height of a PNG, JPEG or GIF, from its header; null when unknown. */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length > 24 && bytes[0] === 0x89 && bytes[1] === 0x50)
    return { width: view.getUint32(16), height: view.getUint32(20) };
  if (bytes.length > 10 && bytes[0] === 0x47 && bytes[1] === 0x49)
    return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) return null;
      const marker = bytes[i + 1] as number;
      const length = view.getUint16(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
        return { height: view.getUint16(i + 5), width: view.getUint16(i + 7) };
      i += 2 + length;
    }
  }
  return null;
}

interface Notes {
  next: number;
  all: Record<number, { children: Paragraph[] }>;
}

/** Footnotes for card references: the book's notes and the citations allowed into it. */
interface CardNotes {
  notes: Notes;
  citations: ReadonlyMap<number, string>;
}

function textRuns(
  runs: readonly Run[],
  base: Partial<IRunOptions> = {},
  noteMap?: Map<string, number>,
  cards?: CardNotes,
): (TextRun | FootnoteReferenceRun)[] {
  return runs.flatMap((r, i) => {
    if (r.card !== undefined) {
      // One note per cited card per place; the marker's text (〔卡12〕) never reaches the book.
      if (runs[i - 1]?.card === r.card) return [];
      const citation = cards?.citations.get(r.card);
      if (!cards || citation === undefined) return [];
      const id = cards.notes.next++;
      cards.notes.all[id] = {
        children: [new Paragraph({ children: [new TextRun({ text: citation, font: FONT, size: 18 })] })],
      };
      return [new FootnoteReferenceRun(id)];
    }
    const marker = r.sup ? /^\s*[[［〔(（]?(\d{1,3})[\]］〕)）]?\s*$/.exec(r.text) : null;
    const note = marker && noteMap ? noteMap.get(marker[1] as string) : undefined;
    if (note !== undefined) return [new FootnoteReferenceRun(note)];
    return r.text.split('\n').map(
      (t, i) =>
        new TextRun({
          text: t,
          break: i > 0 ? 1 : undefined,
          bold: r.bold,
          italics: r.italic,
          underline: r.underline ? {} : undefined,
          superScript: r.sup,
          subScript: r.sub,
          font: FONT,
          ...base,
        }),
    );
  });
}

/**
 * Word footnotes arrive (through mammoth) as superscript [1] markers and a numbered list at the end of the text. When
 * both are there, they become real footnotes; otherwise the superscripts and the list stay as they are.
 */
function extractNotes(blocks: Block[], notes: Notes): { body: Block[]; noteMap: Map<string, number> } {
  const markers = new Set<string>();
  for (const b of blocks)
    if (b.kind === 'paragraph' || b.kind === 'heading')
      for (const r of b.runs) {
        const m = r.sup && r.card === undefined ? /^\s*[[［〔(（]?(\d{1,3})[\]］〕)）]?\s*$/.exec(r.text) : null;
        if (m) markers.add(m[1] as string);
      }
  let tail = blocks.length;
  while (tail > 0) {
    const b = blocks[tail - 1];
    if (b?.kind === 'paragraph' && b.list === 'number') tail--;
    else break;
  }
  const listed = blocks.slice(tail);
  if (markers.size === 0 || listed.length < markers.size) return { body: blocks, noteMap: new Map() };
  const noteMap = new Map<string, number>();
  listed.forEach((b, i) => {
    const key = String(i + 1);
    if (!markers.has(key) || b.kind !== 'paragraph') return;
    const id = notes.next++;
    notes.all[id] = {
      children: [
        new Paragraph({
          children: textRuns(
            b.runs.map((r) => ({ ...r, text: r.text.replace(/\s*↑\s*$/, '') })),
            { size: 18 },
          ),
        }),
      ],
    };
    noteMap.set(key, id);
  });
  return { body: blocks.slice(0, tail), noteMap };
}

function tableOf(b: Extract<Block, { kind: 'table' }>): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: b.rows.map(
      (r) =>
        new TableRow({
          tableHeader: r.cells.every((c) => c.header),
          children: r.cells.map(
            (c) =>
              new TableCell({
                columnSpan: c.colspan > 1 ? c.colspan : undefined,
                rowSpan: c.rowspan > 1 ? c.rowspan : undefined,
                children: [
                  new Paragraph({
                    alignment: c.header ? AlignmentType.CENTER : AlignmentType.LEFT,
                    children: textRuns(c.runs, { size: 18, bold: c.header || undefined }),
                  }),
                ],
              }),
          ),
        }),
    ),
  });
}

function imageOf(b: Extract<Block, { kind: 'image' }>): Paragraph | null {
  const m = /^data:image\/(png|jpeg|gif);base64,(.+)$/i.exec(b.src);
  if (!m) return null;
  const data = Buffer.from(m[2] as string, 'base64');
  const size = imageSize(data) ?? { width: b.width ?? 400, height: b.height ?? 300 };
  const maxWidth = 440;
  const scale = Math.min(1, maxWidth / size.width);
  const type = (m[1] as string).toLowerCase() === 'jpeg' ? 'jpg' : ((m[1] as string).toLowerCase() as 'png' | 'gif');
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [
      new ImageRun({
        type,
        data,
        transformation: { width: Math.round(size.width * scale), height: Math.round(size.height * scale) },
        altText: { name: b.alt || '图', description: b.alt, title: b.alt },
      }),
    ],
  });
}

function bodyOf(html: string, notes: Notes, citations: ReadonlyMap<number, string>): (Paragraph | Table)[] {
  const cards: CardNotes = { notes, citations };
  const { body, noteMap } = extractNotes(htmlToBlocks(html), notes);
  const out: (Paragraph | Table)[] = [];
  for (const b of body) {
    if (b.kind === 'heading')
      out.push(
        new Paragraph({
          spacing: { before: 160, after: 80 },
          children: textRuns(b.runs, { bold: true, font: HEADING_FONT }, noteMap, cards),
        }),
      );
    else if (b.kind === 'table') {
      if (b.caption)
        out.push(
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ text: b.caption, bold: true, font: FONT, size: 18 })],
          }),
        );
      out.push(tableOf(b));
    } else if (b.kind === 'image') {
      const p = imageOf(b);
      if (p) out.push(p);
      if (b.alt)
        out.push(
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ text: b.alt, font: FONT, size: 18 })],
          }),
        );
    } else {
      const prefix = b.list === 'bullet' ? '· ' : '';
      out.push(
        new Paragraph({
          indent: { firstLine: b.list ? undefined : 420, left: b.quote ? 420 * 2 : undefined },
          spacing: { line: 340 },
          children: [
            ...(prefix ? [new TextRun({ text: prefix, font: FONT })] : []),
            ...textRuns(b.runs, {}, noteMap, cards),
          ],
        }),
      );
    }
  }
  return out;
}

const bookmarkId = (i: number) => `part_${i}`;

/** Builds the .docx. */
export async function renderBookDocx(book: BookModel): Promise<Uint8Array> {
  const notes: Notes = { next: 1, all: {} };
  const toc = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 300 },
      children: [new TextRun({ text: '目　　录', font: HEADING_FONT, size: 36 })],
    }),
    ...book.parts
      .map((p, i) => ({ p, i }))
      .filter(({ p }) => p.depth <= 3)
      .map(
        ({ p, i }) =>
          new Paragraph({
            indent: { left: (p.depth - 1) * 420 },
            tabStops: [
              {
                type: TabStopType.RIGHT,
                position: PAGE.width - PAGE.margin.left - PAGE.margin.right,
                leader: LeaderType.DOT,
              },
            ],
            children: [
              new TextRun({ text: headingText(p), font: p.depth === 1 ? HEADING_FONT : FONT, size: 21 }),
              new TextRun({ text: '\t', font: FONT }),
              new PageReference(bookmarkId(i)),
            ],
          }),
      ),
  ];
  const titlePage: ISectionOptions = {
    properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: PAGE.margin } },
    children: [
      new Paragraph({
        spacing: { before: 3600, after: 600 },
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text: book.title.replace(/[《》]/g, ''), font: HEADING_FONT, size: 56, bold: true })],
      }),
      ...(book.compiler
        ? [
            new Paragraph({
              alignment: AlignmentType.CENTER,
              children: [new TextRun({ text: `${book.compiler}　编`, font: FONT, size: 28 })],
            }),
          ]
        : []),
      ...(book.year
        ? [
            new Paragraph({
              spacing: { before: 2400 },
              alignment: AlignmentType.CENTER,
              children: [
                new TextRun({ text: book.yearbook ? `${book.year} 卷` : String(book.year), font: FONT, size: 24 }),
              ],
            }),
          ]
        : []),
      new Paragraph({ pageBreakBefore: true, children: [] }),
      ...toc,
    ],
  };
  // One section per top-level part, so the running head names it.
  const groups: { top: BookPart | null; items: { part: BookPart; index: number }[] }[] = [];
  book.parts.forEach((part, index) => {
    if (part.depth === 1 || groups.length === 0) groups.push({ top: part.depth === 1 ? part : null, items: [] });
    groups.at(-1)!.items.push({ part, index });
  });
  const sections: ISectionOptions[] = groups.map((g) => ({
    properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: PAGE.margin } },
    headers: {
      default: new Header({
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: '000000', space: 2 } },
            children: [
              new TextRun({
                text: `${book.title.replace(/[《》]/g, '')}${g.top ? `　·　${headingText(g.top)}` : ''}`,
                font: FONT,
                size: 18,
              }),
            ],
          }),
        ],
      }),
    },
    footers: {
      default: new Footer({
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: 18 })],
          }),
        ],
      }),
    },
    children: g.items.flatMap(({ part, index }) => {
      const heading = new Paragraph({
        heading:
          book.yearbook && part.level === '条目' ? undefined : HEADINGS[Math.min(part.depth, HEADINGS.length) - 1],
        alignment:
          part.depth <= 2 && !(book.yearbook && part.level === '条目') ? AlignmentType.CENTER : AlignmentType.LEFT,
        spacing: { before: part.depth === 1 ? 400 : 240, after: 160 },
        children: [
          new Bookmark({
            id: bookmarkId(index),
            children: [
              new TextRun({
                text: headingText(part),
                font: HEADING_FONT,
                bold: true,
                size: part.depth === 1 ? 36 : part.depth === 2 ? 30 : part.depth === 3 ? 26 : 22,
              }),
            ],
          }),
        ],
      });
      return [heading, ...(part.html ? bodyOf(part.html, notes, book.cardNotes ?? new Map()) : [])];
    }),
  }));
  const doc = new Document({
    creator: book.compiler ?? '方志',
    title: book.title,
    // Book headings are black 黑体, not Word's blue theme headings.
    styles: {
      default: {
        document: { run: { font: FONT, size: 21 } },
        heading1: { run: { font: HEADING_FONT, color: '000000', bold: true, size: 36 } },
        heading2: { run: { font: HEADING_FONT, color: '000000', bold: true, size: 30 } },
        heading3: { run: { font: HEADING_FONT, color: '000000', bold: true, size: 26 } },
        heading4: { run: { font: HEADING_FONT, color: '000000', bold: true, size: 22 } },
        heading5: { run: { font: HEADING_FONT, color: '000000', bold: true, size: 22 } },
      },
    },
    footnotes: notes.all,
    sections: [titlePage, ...sections],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
