/**
 * EPUB (2 or 3) → ParsedBook. Chapters are read in spine order; headings inside a chapter give the table of contents,
 * and a chapter without headings takes its title from the navigation document (EPUB 3 nav or EPUB 2 NCX).
 */
import JSZip from 'jszip';
import type { ParsedBook, ParsedBookMetadata } from '../book-model.ts';
import { AppError } from '../../../../shared/errors.ts';
import { decodeEntities, htmlToBlocks, textOf } from './html-blocks.ts';
import { buildSections, type OutlineBlock } from './outline.ts';
import { makeSourceId, titleFromFileName } from './source-id.ts';

function attr(tag: string, name: string): string | undefined {
  const value = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return value ? decodeEntities(value[2] ?? value[3] ?? '') : undefined;
}

/** Resolves `href` relative to the folder of `base` inside the zip (`OEBPS/text/../img` → `OEBPS/img`). */
function resolveHref(base: string, href: string): string {
  const parts = base.split('/').slice(0, -1);
  for (const segment of decodeURIComponent(href.split('#')[0] ?? '').split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
}

function dcValue(opf: string, name: string): string | undefined {
  const match = new RegExp(`<dc:${name}\\b[^>]*>([\\s\\S]*?)</dc:${name}>`, 'i').exec(opf);
  const value = match ? textOf(match[1] ?? '').trim() : '';
  return value || undefined;
}

/** Titles of chapter files from the navigation document, keyed by zip path. */
function readNavTitles(navText: string, navPath: string): Map<string, string> {
  const titles = new Map<string, string>();
  // EPUB 3 nav: <a href="…">title</a>; EPUB 2 NCX: <navLabel><text>title</text></navLabel><content src="…"/>.
  for (const match of navText.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/gi)) {
    const href = attr(match[1] ?? '', 'href');
    const title = textOf(match[2] ?? '').trim();
    if (href && title && !titles.has(resolveHref(navPath, href))) titles.set(resolveHref(navPath, href), title);
  }
  for (const match of navText.matchAll(
    /<navLabel>\s*<text>([\s\S]*?)<\/text>\s*<\/navLabel>\s*<content\b([^>]*)\/?>/gi,
  )) {
    const src = attr(match[2] ?? '', 'src');
    const title = textOf(match[1] ?? '').trim();
    if (src && title && !titles.has(resolveHref(navPath, src))) titles.set(resolveHref(navPath, src), title);
  }
  return titles;
}

function readMetadata(opf: string): Omit<ParsedBookMetadata, 'sourceId' | 'title'> & { title?: string } {
  const metadata: Omit<ParsedBookMetadata, 'sourceId' | 'title'> & { title?: string } = {};
  const title = dcValue(opf, 'title');
  const compiler = dcValue(opf, 'creator');
  const publisher = dcValue(opf, 'publisher');
  const date = dcValue(opf, 'date');
  const isbn = /(97[89][-\d]{10,14}|\b\d{9}[\dX]\b)/.exec(dcValue(opf, 'identifier') ?? '')?.[1];
  if (title) metadata.title = title;
  if (compiler) metadata.compiler = compiler;
  if (publisher) metadata.publisher = publisher;
  if (isbn) metadata.isbn = isbn.replace(/-/g, '');
  const year = date ? /^(\d{4})/.exec(date)?.[1] : undefined;
  if (year) metadata.year = Number(year);
  return metadata;
}

export async function parseEpub(bytes: Uint8Array, fileName: string): Promise<ParsedBook> {
  const broken = (): AppError =>
    new AppError(
      'UNPROCESSABLE_DOCUMENT',
      `文件“${fileName}”不是有效的 EPUB 电子书或已损坏，请重新导出 EPUB 后再导入。`,
    );
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw broken();
  }
  const container = await zip.file('META-INF/container.xml')?.async('string');
  const opfPath = container ? attr(/<rootfile\b[^>]*>/i.exec(container)?.[0] ?? '', 'full-path') : undefined;
  const opf = opfPath ? await zip.file(opfPath)?.async('string') : undefined;
  if (!opfPath || !opf) throw broken();

  const manifest = new Map<string, { href: string; properties: string; mediaType: string }>();
  for (const match of opf.matchAll(/<item\b[^>]*>/gi)) {
    const id = attr(match[0], 'id');
    const href = attr(match[0], 'href');
    if (id && href)
      manifest.set(id, {
        href: resolveHref(opfPath, href),
        properties: attr(match[0], 'properties') ?? '',
        mediaType: attr(match[0], 'media-type') ?? '',
      });
  }
  const spine = [...opf.matchAll(/<itemref\b[^>]*>/gi)].flatMap((m) => {
    const item = manifest.get(attr(m[0], 'idref') ?? '');
    return item ? [item.href] : [];
  });
  const navItem =
    [...manifest.values()].find((item) => item.properties.split(/\s+/).includes('nav')) ??
    [...manifest.values()].find((item) => item.mediaType === 'application/x-dtbncx+xml');
  const navText = navItem ? await zip.file(navItem.href)?.async('string') : undefined;
  const navTitles = navItem && navText ? readNavTitles(navText, navItem.href) : new Map<string, string>();

  const warnings: string[] = [];
  const blocks: OutlineBlock[] = [];
  for (const href of spine) {
    if (href === navItem?.href) continue;
    const chapter = await zip.file(href)?.async('string');
    if (chapter === undefined) {
      warnings.push(`${fileName}：目录中的章节文件 ${href} 不存在，已跳过。`);
      continue;
    }
    const chapterBlocks = htmlToBlocks(chapter);
    const navTitle = navTitles.get(href);
    if (navTitle && !chapterBlocks.some((b) => b.kind === 'heading'))
      blocks.push({ kind: 'heading', level: 1, title: navTitle });
    for (const block of chapterBlocks) blocks.push(block); // not spread: a long chapter overflows the stack
  }
  if (!blocks.some((b) => b.kind === 'line' && b.text.trim() !== '')) {
    throw new AppError('UNPROCESSABLE_DOCUMENT', `电子书“${fileName}”中没有可读的文字（可能全是图片），无法导入。`);
  }
  const { title: dcTitle, ...rest } = readMetadata(opf);
  const title = dcTitle ?? titleFromFileName(fileName);
  return {
    metadata: { sourceId: makeSourceId(fileName, bytes), title, ...rest },
    sections: buildSections(blocks, title),
    warnings,
  };
}
