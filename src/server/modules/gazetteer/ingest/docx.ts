/**
 * Word (.docx) → ParsedBook, through mammoth's HTML. Word heading styles (标题 1…6 / Heading 1…6) give the table of
 * contents; a document written without heading styles falls back to 第一章 / 第一节 lines as in plain text.
 */
import type { ParsedBook } from '../book-model.ts';
import { AppError } from '../../../../shared/errors.ts';
import { htmlToBlocks, textOf } from './html-blocks.ts';
import { buildSections, detectChineseHeading, type OutlineBlock } from './outline.ts';
import { makeSourceId, titleFromFileName } from './source-id.ts';

// Chinese Word writes the built-in names in English, but templates copied from elsewhere carry 标题 N; both are mapped.
const STYLE_MAP = [
  "p[style-name='Title'] => h1.book-title:fresh",
  "p[style-name='标题'] => h1.book-title:fresh",
  ...[1, 2, 3, 4, 5, 6].map((n) => `p[style-name='标题 ${n}'] => h${n}:fresh`),
];

/** Converts Word HTML into blocks, the Title-styled paragraph (if any) becoming the book title. */
export function docxHtmlToOutline(html: string): { title?: string; blocks: OutlineBlock[]; usedTextHeadings: boolean } {
  const titleMatch = /<h1 class="book-title">([\s\S]*?)<\/h1>/.exec(html);
  const title = titleMatch ? textOf(titleMatch[1] ?? '').trim() : undefined;
  const blocks = htmlToBlocks(titleMatch ? html.replace(titleMatch[0], '') : html);
  if (blocks.some((b) => b.kind === 'heading')) return { ...(title ? { title } : {}), blocks, usedTextHeadings: false };
  const textBlocks = blocks.map((block): OutlineBlock => {
    if (block.kind !== 'line') return block;
    const level = detectChineseHeading(block.text);
    return level > 0 ? { kind: 'heading', level, title: block.text.trim() } : block;
  });
  // Without a Title style, a short first paragraph standing before the first 第一章 line names the book.
  const first = textBlocks.findIndex((b) => b.kind !== 'line' || b.text.trim() !== '');
  const firstBlock = textBlocks[first];
  const implicitTitle =
    !title &&
    firstBlock?.kind === 'line' &&
    textBlocks[first + 1]?.kind === 'heading' &&
    firstBlock.text.trim().length <= 40
      ? firstBlock.text.trim()
      : undefined;
  if (implicitTitle) textBlocks.splice(first, 1);
  const bookTitle = title ?? implicitTitle;
  return {
    ...(bookTitle ? { title: bookTitle } : {}),
    blocks: textBlocks,
    usedTextHeadings: textBlocks.some((b) => b.kind === 'heading'),
  };
}

export async function parseDocx(bytes: Uint8Array, fileName: string): Promise<ParsedBook> {
  let html: string;
  const warnings: string[] = [];
  const { default: mammoth } = await import('mammoth');
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      { styleMap: STYLE_MAP, convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })) },
    );
    html = result.value;
  } catch {
    throw new AppError(
      'UNPROCESSABLE_DOCUMENT',
      `文件“${fileName}”不是有效的 Word（.docx）文档或已损坏，请用 Word 打开后另存为 .docx 再导入。`,
    );
  }
  const outline = docxHtmlToOutline(html);
  if (!outline.blocks.some((b) => (b.kind === 'line' && b.text.trim() !== '') || b.kind === 'heading')) {
    throw new AppError('UNPROCESSABLE_DOCUMENT', `文件“${fileName}”中没有文字内容，请检查是否选错了文件。`);
  }
  if (outline.usedTextHeadings) {
    warnings.push(`${fileName}：文档未使用 Word 标题样式，已按“第一章”“第一节”等文字识别目录，请核对。`);
  } else if (!outline.blocks.some((b) => b.kind === 'heading')) {
    warnings.push(`${fileName}：文档没有标题样式，也没有“第一章”等标题行，全文作为一节导入。`);
  }
  const title = outline.title ?? titleFromFileName(fileName);
  return {
    metadata: { sourceId: makeSourceId(fileName, bytes), title },
    sections: buildSections(outline.blocks, title),
    warnings,
  };
}
