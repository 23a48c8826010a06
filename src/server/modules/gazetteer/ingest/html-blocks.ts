/**
 * HTML / XHTML (from mammoth for Word, or an EPUB's chapter files) → outline blocks. Pure, regex-based: both producers
 * write well-formed, flat markup, so a full DOM parser would only cost time.
 */
import type { OutlineBlock } from './outline.ts';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Text content of an HTML fragment: tags removed, `<br>` as a line break, entities decoded. */
export function textOf(fragment: string): string {
  return decodeEntities(fragment.replace(/<br\s*\/?>|<\/p>/gi, '\n').replace(/<[^>]+>/g, '')).replace(
    /[ \t\r\n]+$/g,
    '',
  );
}

const BLOCK = /<(h[1-6]|p|li|tr|pre|blockquote|dt|dd|caption)\b[^>]*>([\s\S]*?)<\/\1>/gi;

/** Headings (`<h1>`–`<h6>`) and text blocks in document order; table rows become one line, cells separated by tabs. */
export function htmlToBlocks(html: string): OutlineBlock[] {
  const body = /<body\b[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  const cleaned = body.replace(/<(script|style|head)\b[\s\S]*?<\/\1>/gi, '');
  const blocks: OutlineBlock[] = [];
  for (const match of cleaned.matchAll(BLOCK)) {
    const tag = (match[1] ?? '').toLowerCase();
    const inner = match[2] ?? '';
    if (tag.startsWith('h')) {
      const title = textOf(inner).replace(/\s+/g, ' ').trim();
      if (title) blocks.push({ kind: 'heading', level: Number(tag.slice(1)), title });
    } else if (tag === 'tr') {
      const cells = [...inner.matchAll(/<(td|th)\b[^>]*>([\s\S]*?)<\/\1>/gi)].map((cell) =>
        textOf(cell[2] ?? '')
          .replace(/\s+/g, ' ')
          .trim(),
      );
      blocks.push({ kind: 'line', text: cells.join('\t') });
    } else {
      // A list item or quote may itself hold paragraphs; take the text once, at the outermost block matched.
      for (const line of textOf(inner).split('\n')) blocks.push({ kind: 'line', text: line.trim() === '' ? '' : line });
    }
  }
  return blocks;
}
