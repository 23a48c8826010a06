/**
 * Plain text (.txt) → ParsedBook. Pure: bytes in. UTF-8 (with or without BOM), UTF-16 with BOM and GB18030 are read;
 * lines such as 第一章 / 第一节 / 卷一 / 第一篇 become the table of contents; a form feed (\f) starts a new page.
 */
import iconv from 'iconv-lite';
import type { ParsedBook } from '../book-model.ts';
import { AppError } from '../../../../shared/errors.ts';
import { buildSections, detectChineseHeading, linesToBlocks, type OutlineBlock } from './outline.ts';
import { makeSourceId, titleFromFileName } from './source-id.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** Decodes text bytes: BOMs first, then strict UTF-8, else GB18030 (a superset of GBK and GB2312). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return {
      text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030'),
      encoding: 'gb18030',
    };
  }
}

/** A short first line that is not itself a heading is the book's title (as in most chronicle manuscripts). */
export function takeTitleLine(lines: string[]): string | undefined {
  const first = lines.findIndex((line) => line.trim() !== '');
  const candidate = first >= 0 ? lines[first]?.trim() : undefined;
  if (!candidate || candidate.length > 40 || detectChineseHeading(candidate) > 0 || /[。；，]$/.test(candidate))
    return undefined;
  lines.splice(0, first + 1);
  return candidate;
}

export function parsePlainText(bytes: Uint8Array, fileName: string): ParsedBook {
  const { text } = decodeText(bytes);
  if (text.trim() === '')
    throw new AppError('UNPROCESSABLE_DOCUMENT', `文件“${fileName}”没有文字内容，请检查是否选错了文件。`);
  if (text.includes('\u0000')) {
    throw new AppError(
      'UNSUPPORTED_FILE',
      `文件“${fileName}”不是纯文本文件（含有二进制内容），请另存为 UTF-8 或 GB18030 编码的 .txt 后再导入。`,
    );
  }
  const pages = text.replace(/\r\n?/g, '\n').split('\f');
  const firstPageLines = (pages[0] ?? '').split('\n');
  const title = takeTitleLine(firstPageLines) ?? titleFromFileName(fileName);
  pages[0] = firstPageLines.join('\n');
  const blocks: OutlineBlock[] = [];
  const paged = pages.length > 1;
  pages.forEach((page, index) => {
    if (paged) blocks.push({ kind: 'page', id: `p.${index + 1}`, label: `第${index + 1}页` });
    // One at a time: a text of a few hundred thousand lines overflows the stack as spread arguments.
    for (const block of linesToBlocks(page.split('\n'))) blocks.push(block);
  });
  return {
    metadata: { sourceId: makeSourceId(fileName, bytes), title },
    sections: buildSections(blocks, title),
    warnings: [],
  };
}
