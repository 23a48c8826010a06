/**
 * PDF with a text layer → ParsedBook, through pdfjs-dist (legacy build for Node). One anchor per page (`p.N`, 第N页);
 * 第一章 / 第一节 lines give the table of contents. A PDF without a text layer (a scan) is refused: it needs OCR first.
 */
import type { ParsedBook } from '../book-model.ts';
import { AppError } from '../../../../shared/errors.ts';
import { buildSections, linesToBlocks, type OutlineBlock } from './outline.ts';
import { makeSourceId, titleFromFileName } from './source-id.ts';

interface TextItemLike {
  str: string;
  hasEOL?: boolean;
  transform?: number[];
}

/** Joins a page's text items into printed lines: a new line where pdf.js saw one or the baseline moved. */
export function itemsToLines(items: readonly TextItemLike[]): string[] {
  const lines: string[] = [];
  let current = '';
  let lastY: number | undefined;
  for (const item of items) {
    const y = item.transform?.[5];
    if (lastY !== undefined && y !== undefined && Math.abs(y - lastY) > 1 && current !== '') {
      lines.push(current);
      current = '';
    }
    current += item.str;
    if (y !== undefined) lastY = y;
    if (item.hasEOL) {
      lines.push(current);
      current = '';
    }
  }
  if (current !== '') lines.push(current);
  // Empty lines are paragraph spacing, a matter of layout; runs of spaces are justification.
  return lines.map((line) => line.replace(/[ \t]{2,}/g, ' ').trimEnd()).filter((line) => line.trim() !== '');
}

export async function parsePdf(bytes: Uint8Array, fileName: string): Promise<ParsedBook> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let document;
  try {
    // pdf.js takes ownership of (detaches) the buffer it is given; hand it a copy so the caller's bytes stay usable.
    document = await getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      verbosity: 0,
    }).promise;
  } catch {
    throw new AppError('UNPROCESSABLE_DOCUMENT', `文件“${fileName}”不是有效的 PDF 或已损坏，请重新导出 PDF 后再导入。`);
  }
  try {
    const blocks: OutlineBlock[] = [];
    let textChars = 0;
    for (let pageNumber = 1; pageNumber <= document.numPages; pageNumber += 1) {
      const page = await document.getPage(pageNumber);
      const content = await page.getTextContent();
      const lines = itemsToLines(content.items.filter((item): item is TextItemLike & typeof item => 'str' in item));
      textChars += lines.join('').trim().length;
      blocks.push({ kind: 'page', id: `p.${pageNumber}`, label: `第${pageNumber}页` }, ...linesToBlocks(lines));
      page.cleanup();
    }
    if (textChars === 0) {
      throw new AppError(
        'UNPROCESSABLE_DOCUMENT',
        `PDF“${fileName}”没有文字层（可能是扫描件），无法提取正文；请先做文字识别（OCR）生成可检索的 PDF，或改用 Word / 文本版本导入。`,
      );
    }
    const info = (await document.getMetadata().catch(() => null))?.info as { Title?: unknown } | undefined;
    const infoTitle = typeof info?.Title === 'string' ? info.Title.trim() : '';
    const title = infoTitle || titleFromFileName(fileName);
    return {
      metadata: { sourceId: makeSourceId(fileName, bytes), title },
      sections: buildSections(blocks, title),
      warnings: [],
    };
  } finally {
    await document.destroy();
  }
}
