import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError } from '../../../../shared/errors.ts';

/**
 * PDF text layer → lines. Items on one baseline form a line; a wide horizontal gap becomes a tab so table cells stay
 * apart. Page numbers and wrapped lines are left to the parser's normalization, which handles them for every source.
 */

interface TextItemLike {
  str: string;
  hasEOL?: boolean;
  transform?: number[];
  width?: number;
  height?: number;
}

const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
// Government PDFs often use CID fonts (Adobe-GB1); without the CMaps pdf.js cannot map their glyphs to text.
const CMAP_URL = `${path.join(pdfjsRoot, 'cmaps')}/`;
const STANDARD_FONTS_URL = `${path.join(pdfjsRoot, 'standard_fonts')}/`;

export const SCANNED_PDF_MESSAGE =
  '该 PDF 没有文字层（页面只有图片，可能是扫描件），无法读取文字。请提供带文字层的 PDF、OFD 或 Word 原件。';

function itemsToLines(items: readonly TextItemLike[]): string[] {
  const rows: { y: number; items: TextItemLike[] }[] = [];
  for (const item of items) {
    if (!item.str) continue;
    const y = item.transform?.[5] ?? 0;
    const row = rows.find((r) => Math.abs(r.y - y) <= Math.max(2, (item.height ?? 10) * 0.3));
    if (row) row.items.push(item);
    else rows.push({ y, items: [item] });
  }
  rows.sort((a, b) => b.y - a.y);
  return rows.map((row) => {
    const sorted = [...row.items].sort((a, b) => (a.transform?.[4] ?? 0) - (b.transform?.[4] ?? 0));
    let line = '';
    let lastEnd: number | null = null;
    for (const item of sorted) {
      const x = item.transform?.[4] ?? 0;
      const size = item.height || Math.abs(item.transform?.[3] ?? 10) || 10;
      // Table cells sit well over an em apart, either as a gap or as a wide space item; text stays below that.
      const wideSpace = item.str.trim() === '' && (item.width ?? 0) > size * 1.5;
      if ((lastEnd !== null && x - lastEnd > size * 1.5) || wideSpace) {
        if (!line.endsWith('\t')) line += '\t';
      }
      if (!wideSpace) line += item.str;
      lastEnd = x + (item.width ?? 0);
    }
    return line;
  });
}

function isPasswordError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'PasswordException' || /password/i.test(error.message));
}

export async function pdfToText(bytes: Uint8Array): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let document;
  try {
    // pdf.js detaches the buffer it is given; hand it a copy so the caller's bytes stay usable.
    document = await getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      verbosity: 0,
      cMapUrl: CMAP_URL,
      cMapPacked: true,
      standardFontDataUrl: STANDARD_FONTS_URL,
    }).promise;
  } catch (error) {
    if (isPasswordError(error)) {
      throw new AppError(
        'UNPROCESSABLE_DOCUMENT',
        '该 PDF 已加密（设置了打开密码），无法读取。请提供未加密的 PDF 或 Word 原件。',
      );
    }
    throw new AppError(
      'UNPROCESSABLE_DOCUMENT',
      '该 PDF 文件已损坏或不是有效的 PDF。请重新导出 PDF，或提供 Word 原件。',
    );
  }
  try {
    const pages: string[] = [];
    for (let n = 1; n <= document.numPages; n++) {
      const page = await document.getPage(n);
      const content = await page.getTextContent();
      pages.push(
        itemsToLines(content.items.filter((item): item is TextItemLike & typeof item => 'str' in item)).join('\n'),
      );
      page.cleanup();
    }
    const text = pages.join('\n');
    if (text.replace(/\s/g, '').length < 10) throw new AppError('UNPROCESSABLE_DOCUMENT', SCANNED_PDF_MESSAGE);
    return text;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      'UNPROCESSABLE_DOCUMENT',
      '该 PDF 文件内容无法读取，可能已损坏。请重新导出 PDF，或提供 Word 原件。',
    );
  } finally {
    await document.destroy();
  }
}
