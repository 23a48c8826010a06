/**
 * Markdown → ParsedBook. Pure: text in. ATX (`#`) and setext (`===`/`---` underlined) headings give the table of
 * contents; a YAML front matter `title:` or a single leading `#` heading gives the book title; inline markup is removed.
 */
import type { ParsedBook } from '../book-model.ts';
import { AppError } from '../../../../shared/errors.ts';
import { buildSections, type OutlineBlock } from './outline.ts';
import { makeSourceId, titleFromFileName } from './source-id.ts';

/** Removes inline Markdown so that search and display see the words: links keep their text, images go. */
export function stripInlineMarkdown(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(\*|_)(\S.*?)\1/g, '$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+#+\s*$/, '');
}

function readFrontMatter(lines: string[]): string | undefined {
  if (lines[0]?.trim() !== '---') return undefined;
  const end = lines.indexOf('---', 1);
  if (end < 0) return undefined;
  const title = lines
    .slice(1, end)
    .map((line) => /^title:\s*["']?(.*?)["']?\s*$/.exec(line)?.[1])
    .find((value) => value);
  lines.splice(0, end + 1);
  return title;
}

export function parseMarkdown(bytes: Uint8Array, fileName: string): ParsedBook {
  const source = new TextDecoder('utf-8')
    .decode(bytes)
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n');
  if (source.trim() === '')
    throw new AppError('UNPROCESSABLE_DOCUMENT', `文件“${fileName}”没有文字内容，请检查是否选错了文件。`);
  const lines = source.split('\n');
  let title = readFrontMatter(lines);
  const blocks: OutlineBlock[] = [];
  let inFence = false;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    const atx = inFence ? null : /^(#{1,6})\s+(.*)$/.exec(line);
    const next = lines[i + 1] ?? '';
    if (atx?.[1]) {
      blocks.push({ kind: 'heading', level: atx[1].length, title: stripInlineMarkdown(atx[2] ?? '') });
    } else if (!inFence && line.trim() !== '' && /^(=+|-+)\s*$/.test(next) && !/^\s*[-*+]\s/.test(line)) {
      blocks.push({ kind: 'heading', level: next.startsWith('=') ? 1 : 2, title: stripInlineMarkdown(line.trim()) });
      i += 1;
    } else {
      blocks.push({ kind: 'line', text: inFence ? line : stripInlineMarkdown(line.replace(/^\s*>\s?/, '')) });
    }
  }
  // One `#` heading before all others names the book, as `# 书名` conventionally does; it is not a part of it.
  const headings = blocks.filter((b) => b.kind === 'heading');
  const first = headings[0];
  if (first && first.level === 1 && headings.filter((h) => h.level === 1).length === 1 && headings.length > 1) {
    title ??= first.title;
    blocks.splice(blocks.indexOf(first), 1);
  }
  title ??= titleFromFileName(fileName);
  return {
    metadata: { sourceId: makeSourceId(fileName, bytes), title },
    sections: buildSections(blocks, title),
    warnings: [],
  };
}
