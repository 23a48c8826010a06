/**
 * Shared by the modern formats (text, Markdown, Word, EPUB, PDF): a flat stream of headings, lines and page breaks
 * becomes table-of-contents sections. Pure.
 */
import type { PageAnchor, ParsedSection } from '../book-model.ts';

export type OutlineBlock =
  | { kind: 'heading'; level: number; title: string }
  | { kind: 'line'; text: string }
  | { kind: 'page'; id: string; label: string };

const NUMERAL = '[一二三四五六七八九十百千零〇两\\d]+';
/** `第一篇` `第二编` `卷三` = part/juan; `第一章` = chapter; `第一节` = section; `第一目` = item. */
const CHINESE_HEADINGS: readonly [RegExp, number][] = [
  [new RegExp(`^(第${NUMERAL}[篇编卷]|卷${NUMERAL}[上中下]?|卷首|卷末)`), 1],
  [new RegExp(`^第${NUMERAL}章`), 2],
  [new RegExp(`^第${NUMERAL}节`), 3],
  [new RegExp(`^第${NUMERAL}目`), 4],
];

/**
 * The level of a line that reads like a Chinese chronicle heading (第一章 概述, 卷三, 第二节), or 0.
 * Long lines and lines ending in sentence punctuation are body text that happens to start with 第…章. No separator is
 * required after 章: PDF text layers often lose the space in `第一章 概述`.
 */
export function detectChineseHeading(line: string): number {
  const text = line.trim();
  if (text.length === 0 || text.length > 40 || /[。；，,;]$/.test(text)) return 0;
  for (const [pattern, level] of CHINESE_HEADINGS) if (pattern.test(text)) return level;
  return 0;
}

interface Draft {
  level: number;
  title: string;
  lines: string[];
  length: number;
  anchors: PageAnchor[];
}

/**
 * Builds sections from blocks. Heading levels are renumbered from 1 in the order of depth actually used, so a
 * document that starts at 章 still has level-1 entries. Text before the first heading becomes a section `untitled`.
 * A page break is anchored where the next line or heading starts, so a page that opens with a heading cites that heading.
 */
export function buildSections(blocks: readonly OutlineBlock[], untitled: string): ParsedSection[] {
  const levels = [...new Set(blocks.flatMap((b) => (b.kind === 'heading' ? [b.level] : [])))].sort((a, b) => a - b);
  const levelOf = new Map(levels.map((level, index) => [level, index + 1]));
  const drafts: Draft[] = [];
  let current: Draft | null = null;
  let pending: { id: string; label: string }[] = [];
  const open = (level: number, title: string): Draft => {
    current = { level, title, lines: [], length: 0, anchors: [] };
    drafts.push(current);
    return current;
  };
  const flushPages = (section: Draft, offset: number): void => {
    for (const page of pending) section.anchors.push({ offset, ...page });
    pending = [];
  };
  for (const block of blocks) {
    if (block.kind === 'page') {
      pending.push({ id: block.id, label: block.label });
    } else if (block.kind === 'heading') {
      flushPages(open(levelOf.get(block.level) ?? 1, block.title.trim()), 0);
    } else {
      const section: Draft = current ?? open(1, untitled);
      // Leading blank lines carry nothing; they would only shift every offset.
      if (section.lines.length === 0 && block.text.trim() === '') continue;
      const offset = section.length + (section.lines.length > 0 ? 1 : 0);
      flushPages(section, offset);
      section.lines.push(block.text);
      section.length = offset + block.text.length;
    }
  }
  if (pending.length > 0) flushPages(current ?? open(1, untitled), (current as Draft | null)?.length ?? 0);
  return drafts.map((draft) => {
    const text = draft.lines.join('\n').replace(/\s+$/, '');
    const anchors = draft.anchors.map((a) => ({ ...a, offset: Math.min(a.offset, text.length) }));
    return { level: draft.level, title: draft.title, text, anchors, notes: [] };
  });
}

/** Lines of plain text as blocks, Chinese heading lines becoming headings. */
export function linesToBlocks(lines: readonly string[]): OutlineBlock[] {
  return lines.map((line): OutlineBlock => {
    const level = detectChineseHeading(line);
    return level > 0
      ? { kind: 'heading', level, title: line.trim().replace(/\s+/g, ' ') }
      : { kind: 'line', text: line };
  });
}
