import sanitizeHtml from 'sanitize-html';
import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';

/**
 * Draft text is stored as sanitised HTML: what the editor (TipTap), a paste from Word or a .docx import (mammoth) produce,
 * reduced to book structure — headings, paragraphs, emphasis, lists, tables with merged cells, images as data URLs,
 * notes as superscripts. Scripts, styles, event handlers, frames and foreign links never survive. Pure.
 */

const ALLOWED_TAGS = [
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'br',
  'hr',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'sub',
  'sup',
  'ul',
  'ol',
  'li',
  'blockquote',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'caption',
  'img',
  'figure',
  'figcaption',
  'a',
];

export function sanitizeDraftHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan'],
      img: ['src', 'alt', 'width', 'height'],
      a: ['href'],
      ol: ['start'],
      // A citation of an excerpt card (provenance): <sup data-card="12">〔卡12〕</sup>.
      sup: ['data-card'],
    },
    allowedSchemes: ['http', 'https'],
    allowedSchemesByTag: { img: ['data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    // Word's clipboard wraps everything in spans and o:p elements: keep their text, drop the tags.
    nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'title', 'head', 'xml'],
    exclusiveFilter: (frame) =>
      frame.tag === 'img' && !/^data:image\/(png|jpeg|gif|webp);base64,/i.test(frame.attribs.src ?? ''),
    transformTags: {
      b: 'strong',
      i: 'em',
      h1: 'h2',
      // Only a positive card number survives as a card reference.
      sup: (tagName, attribs) => {
        const card = attribs['data-card'] ?? '';
        const kept: Record<string, string> = /^[1-9]\d{0,9}$/.test(card) ? { 'data-card': card } : {};
        return { tagName, attribs: kept };
      },
    },
  })
    .replace(/<p>\s*<\/p>/g, '')
    .trim();
}

/** A run of text with its emphasis, as the book export needs it. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  sup?: boolean;
  sub?: boolean;
  /** A reference to an excerpt card (provenance): not text of the book, left out of counts, checks and plain text. */
  card?: number;
}

export type Block =
  | { kind: 'heading'; level: number; runs: Run[] }
  | { kind: 'paragraph'; runs: Run[]; list?: 'bullet' | 'number'; quote?: boolean }
  | {
      kind: 'table';
      rows: { cells: { runs: Run[]; colspan: number; rowspan: number; header: boolean }[] }[];
      caption: string | null;
    }
  | { kind: 'image'; src: string; alt: string; width: number | null; height: number | null };

function isElement(n: ChildNode): n is Element {
  return n.type === 'tag';
}

function runsOf(nodes: readonly ChildNode[], style: Omit<Run, 'text'> = {}): Run[] {
  const out: Run[] = [];
  for (const n of nodes) {
    if (n.type === 'text') {
      const text = (n as unknown as { data: string }).data.replace(/&nbsp;/g, ' ');
      if (text) out.push({ text, ...style });
    } else if (isElement(n)) {
      if (n.name === 'br') out.push({ text: '\n', ...style });
      else {
        const next = { ...style };
        if (n.name === 'strong') next.bold = true;
        if (n.name === 'em') next.italic = true;
        if (n.name === 'u') next.underline = true;
        if (n.name === 'sup') next.sup = true;
        if (n.name === 'sub') next.sub = true;
        if (n.name === 'sup' && n.attribs['data-card']) next.card = Number(n.attribs['data-card']);
        out.push(...runsOf(n.children, next));
      }
    }
  }
  return out;
}

function decodeEntities(text: string): string {
  return text.replace(
    /&(lt|gt|amp|quot|#39|nbsp);/g,
    (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'", nbsp: ' ' })[e] ?? '',
  );
}

/** Sanitised HTML → blocks in reading order (nested lists and quotes are flattened to paragraphs). */
export function htmlToBlocks(html: string): Block[] {
  const doc = parseDocument(html, { decodeEntities: true });
  const blocks: Block[] = [];
  const walk = (nodes: readonly ChildNode[], ctx: { list?: 'bullet' | 'number'; quote?: boolean }) => {
    let loose: ChildNode[] = [];
    const flush = () => {
      const runs = runsOf(loose);
      if (runs.some((r) => r.text.trim())) blocks.push({ kind: 'paragraph', runs, ...ctx });
      loose = [];
    };
    for (const n of nodes) {
      if (!isElement(n)) {
        loose.push(n);
        continue;
      }
      const tag = n.name;
      if (/^h[1-6]$/.test(tag)) {
        flush();
        blocks.push({ kind: 'heading', level: Number(tag[1]), runs: runsOf(n.children) });
      } else if (tag === 'p' || tag === 'figcaption' || tag === 'caption') {
        flush();
        walk(n.children, ctx);
      } else if (tag === 'ul' || tag === 'ol') {
        flush();
        walk(n.children, { ...ctx, list: tag === 'ul' ? 'bullet' : 'number' });
      } else if (tag === 'li' || tag === 'figure' || tag === 'blockquote') {
        flush();
        walk(n.children, tag === 'blockquote' ? { ...ctx, quote: true } : ctx);
      } else if (tag === 'table') {
        flush();
        const rows: Extract<Block, { kind: 'table' }>['rows'] = [];
        const caption = n.children.filter(isElement).find((c) => c.name === 'caption');
        const collect = (el: Element) => {
          for (const c of el.children.filter(isElement)) {
            if (c.name === 'tr')
              rows.push({
                cells: c.children
                  .filter(isElement)
                  .filter((td) => td.name === 'td' || td.name === 'th')
                  .map((td) => ({
                    runs: runsOf(td.children),
                    colspan: Number(td.attribs.colspan ?? 1) || 1,
                    rowspan: Number(td.attribs.rowspan ?? 1) || 1,
                    header: td.name === 'th',
                  })),
              });
            else if (c.name === 'thead' || c.name === 'tbody' || c.name === 'tfoot') collect(c);
          }
        };
        collect(n);
        if (rows.length)
          blocks.push({
            kind: 'table',
            rows,
            caption: caption
              ? runsOf(caption.children)
                  .map((r) => r.text)
                  .join('')
              : null,
          });
      } else if (tag === 'img') {
        flush();
        blocks.push({
          kind: 'image',
          src: n.attribs.src ?? '',
          alt: n.attribs.alt ?? '',
          width: Number(n.attribs.width) || null,
          height: Number(n.attribs.height) || null,
        });
      } else if (tag === 'hr') flush();
      else loose.push(n);
    }
    flush();
  };
  walk(doc.children, {});
  return blocks;
}

/** The text of a block, one line; `withCards` keeps card references (〔卡12〕), as the version diff shows them. */
export function blockText(b: Block, withCards = false): string {
  if (b.kind === 'table')
    return b.rows
      .map((r) =>
        r.cells
          .map((c) =>
            c.runs
              .filter((x) => withCards || x.card === undefined)
              .map((x) => x.text)
              .join(''),
          )
          .join('\t'),
      )
      .join('\n');
  if (b.kind === 'image') return b.alt ? `〔图：${b.alt}〕` : '';
  return decodeEntities(
    b.runs
      .filter((r) => withCards || r.card === undefined)
      .map((r) => r.text)
      .join(''),
  );
}

/** Plain text: one line per paragraph, table rows tab-separated; what the diff, the checks and the gazetteer read. */
export function htmlToPlainText(html: string, withCards = false): string {
  return htmlToBlocks(html)
    .map((b) => blockText(b, withCards))
    .filter((t) => t.trim())
    .join('\n');
}

/** 字数 as offices count it: every character except whitespace. */
export function countChars(text: string): number {
  return text.replace(/\s+/g, '').length;
}

/** The excerpt cards each block cites, in order (provenance); blocks without text are left out. Pure. */
export function citedCardsByBlock(html: string): { index: number; text: string; cards: number[] }[] {
  const out: { index: number; text: string; cards: number[] }[] = [];
  htmlToBlocks(html).forEach((b, index) => {
    const runs =
      b.kind === 'table' ? b.rows.flatMap((r) => r.cells.flatMap((c) => c.runs)) : b.kind === 'image' ? [] : b.runs;
    const cards = [...new Set(runs.filter((r) => r.card !== undefined).map((r) => r.card!))];
    const text = blockText(b);
    if (text.trim() || cards.length) out.push({ index, text, cards });
  });
  return out;
}

/** A part's heading as the book prints it: an entry (条目) in 【】, else its number (if any) before its title. */
export function headingText(p: { number: string; title: string; level: string }): string {
  if (p.level === '条目') return `【${p.title}】`;
  if (!p.number) return p.title;
  return /[、）]$/.test(p.number) ? `${p.number}${p.title}` : `${p.number}　${p.title}`;
}

/** Plain text of a part's draft, for the gazetteer and checks. */
export function partText(html: string | null): string {
  return html
    ? htmlToBlocks(html)
        .map((b) => blockText(b))
        .filter((t) => t.trim())
        .join('\n')
    : '';
}
