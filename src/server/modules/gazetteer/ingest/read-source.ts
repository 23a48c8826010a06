/**
 * The one file-reading front of ingest: a path (file or Kanripo folder) in, `{ book, sourcePath, format }` out.
 * It detects the format, reads bytes, finds the Kanripo glyph table, and turns every failure into an AppError whose
 * Chinese message names the file and says what to do. The parsers it calls do no I/O.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ParsedBook } from '../book-model.ts';
import { AppError } from '../../../../shared/errors.ts';
import { parseDocx } from './docx.ts';
import { parseEpub } from './epub.ts';
import { parseKanripoBook, type KanripoFile } from './kanripo.ts';
import { parseGaijiTable, type GaijiTable } from './kr-gaiji.ts';
import { parseMarkdown } from './markdown.ts';
import { decodeText, parsePlainText } from './plain-text.ts';

export type SourceFormat = 'kanripo' | 'text' | 'markdown' | 'docx' | 'epub' | 'pdf';

export interface ReadSourceOptions {
  /**
   * Path of the Kanripo glyph table (charlist.org.txt); else env FANGZHI_KR_GAIJI, else `defaultGaijiFile` if it exists.
   */
  gaijiFile?: string;
  /**
   * Where the table is looked for when neither names one: by default `../shared/corpus/kr-gaiji/charlist.org.txt` beside
   * the installation (not the working folder: a command run from elsewhere must fold as the server does, or the index
   * it opens is emptied for a rebuild); null: nowhere.
   */
  defaultGaijiFile?: string | null;
  /** Folder that relative paths given by the user are resolved against; default process.cwd(). */
  cwd?: string;
  env?: Readonly<Record<string, string | undefined>>;
}

export interface ReadSourceResult {
  book: ParsedBook;
  /** Absolute path that was read. */
  sourcePath: string;
  format: SourceFormat;
}

const SUPPORTED =
  '纯文本 .txt、Markdown .md、Word .docx、EPUB .epub、带文字层的 PDF，以及汉籍リポジトリ（Kanripo）的卷文件或文件夹';
const KANRIPO_JUAN_FILE = /_\d+\.txt$/i;
/** The shared corpus's glyph table beside the installation (this file is src/server/modules/gazetteer/ingest/). */
export const DEFAULT_GAIJI_FILE = path.resolve(
  import.meta.dirname,
  '../../../../..',
  '../shared/corpus/kr-gaiji/charlist.org.txt',
);

/** Whether text is a mandoku/Kanripo juan file rather than ordinary plain text. */
export function isKanripoText(head: string): boolean {
  return /^# -\*- mode: mandoku/m.test(head) || /^#\+PROPERTY: ID KR/m.test(head) || head.includes('<pb:KR');
}

/** Picks the parser for a single file from its extension and first bytes; null when none fits. */
export function detectFileFormat(fileName: string, bytes: Uint8Array): SourceFormat | null {
  const extension = path.extname(fileName).toLowerCase();
  switch (extension) {
    case '.txt':
    case '.text':
      return isKanripoText(decodeText(bytes.subarray(0, 4096)).text) ? 'kanripo' : 'text';
    case '.md':
    case '.markdown':
      return 'markdown';
    case '.docx':
      return 'docx';
    case '.epub':
      return 'epub';
    case '.pdf':
      return 'pdf';
    default:
      return null;
  }
}

/** Finds and parses the glyph table: explicit option, then env, then the shared corpus beside the installation. */
export async function loadGaijiTable(options: ReadSourceOptions = {}): Promise<GaijiTable | null> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const explicit = options.gaijiFile ?? env.FANGZHI_KR_GAIJI;
  const fallback = options.defaultGaijiFile === undefined ? DEFAULT_GAIJI_FILE : options.defaultGaijiFile;
  const file = explicit ? path.resolve(cwd, explicit) : fallback;
  if (file === null || (!explicit && !existsSync(file))) return null;
  try {
    return parseGaijiTable(await readFile(file, 'utf8'));
  } catch {
    throw new AppError(
      'NOT_FOUND',
      `无法读取缺字表“${file}”，请检查 gaijiFile 选项或 FANGZHI_KR_GAIJI 环境变量所指的文件是否存在。`,
    );
  }
}

async function readKanripoFolder(folder: string, options: ReadSourceOptions): Promise<ParsedBook> {
  const names = (await readdir(folder)).filter((name) => KANRIPO_JUAN_FILE.test(name)).sort();
  if (names.length === 0) {
    throw new AppError(
      'UNSUPPORTED_FILE',
      `文件夹“${folder}”中没有汉籍リポジトリ格式的卷文件（如 KR2k0040_001.txt）；其他格式请逐个文件导入。`,
    );
  }
  const files: KanripoFile[] = await Promise.all(
    names.map(async (name) => ({ name, text: await readFile(path.join(folder, name), 'utf8') })),
  );
  const notKanripo = files.find((file) => !isKanripoText(file.text.slice(0, 4096)));
  if (notKanripo) {
    throw new AppError(
      'UNPROCESSABLE_DOCUMENT',
      `文件“${path.join(folder, notKanripo.name)}”不是汉籍リポジトリ格式（缺少 #+PROPERTY 头或 <pb:…> 页码），请检查文件夹内容。`,
    );
  }
  const readmePath = path.join(folder, 'Readme.org');
  const readme = existsSync(readmePath) ? await readFile(readmePath, 'utf8') : null;
  return parseKanripoBook(files, { gaiji: await loadGaijiTable(options), readme });
}

async function readKanripoFile(file: string, bytes: Uint8Array, options: ReadSourceOptions): Promise<ParsedBook> {
  // A lone juan is a one-juan book; the title's Readme.org beside it, if present, still gives title and edition.
  const readmePath = path.join(path.dirname(file), 'Readme.org');
  const readme = existsSync(readmePath) ? await readFile(readmePath, 'utf8') : null;
  const text = decodeText(bytes).text;
  return parseKanripoBook([{ name: path.basename(file), text }], { gaiji: await loadGaijiTable(options), readme });
}

function refuseUnsupported(file: string): never {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.doc' || extension === '.wps') {
    throw new AppError(
      'UNSUPPORTED_FILE',
      `文件“${file}”是旧版 Word 格式（${extension}），请用 Word 或 WPS 另存为 .docx 后再导入。`,
    );
  }
  throw new AppError(
    'UNSUPPORTED_FILE',
    `不支持文件“${file}”的格式${extension ? `（${extension}）` : ''}。可导入：${SUPPORTED}。`,
  );
}

/** Reads a source path (a file, or a folder of Kanripo juan files) into a book. */
export async function readSource(inputPath: string, options: ReadSourceOptions = {}): Promise<ReadSourceResult> {
  const sourcePath = path.resolve(options.cwd ?? process.cwd(), inputPath);
  const info = await stat(sourcePath).catch(() => null);
  if (!info) throw new AppError('NOT_FOUND', `找不到“${sourcePath}”，请检查路径是否正确。`);
  if (info.isDirectory()) return { book: await readKanripoFolder(sourcePath, options), sourcePath, format: 'kanripo' };
  if (!info.isFile()) refuseUnsupported(sourcePath);
  if (info.size === 0)
    throw new AppError('UNPROCESSABLE_DOCUMENT', `文件“${sourcePath}”是空文件（0 字节），请检查是否选错了文件。`);
  const bytes = new Uint8Array(await readFile(sourcePath));
  const format = detectFileFormat(sourcePath, bytes) ?? refuseUnsupported(sourcePath);
  const name = path.basename(sourcePath);
  const book = await parseFile(format, sourcePath, name, bytes, options);
  const hasText = book.sections.some((section) => section.text.trim() !== '');
  if (!hasText) throw new AppError('UNPROCESSABLE_DOCUMENT', `文件“${sourcePath}”中没有可导入的正文，请检查文件内容。`);
  return { book, sourcePath, format };
}

function parseFile(
  format: SourceFormat,
  file: string,
  name: string,
  bytes: Uint8Array,
  options: ReadSourceOptions,
): Promise<ParsedBook> {
  switch (format) {
    case 'kanripo':
      return readKanripoFile(file, bytes, options);
    case 'text':
      return Promise.resolve(parsePlainText(bytes, name));
    case 'markdown':
      return Promise.resolve(parseMarkdown(bytes, name));
    case 'docx':
      return parseDocx(bytes, name);
    case 'epub':
      return parseEpub(bytes, name);
    case 'pdf':
      // Loaded on first use: pdfjs's legacy build swaps core-js polyfills in for JSON.stringify, JSON.parse and
      // Array.prototype.push. That belongs in the isolated parser child, not in the server, which reaches this module
      // for the glyph table only (every JSON response went through the polyfill).
      return import('./pdf.ts').then(({ parsePdf }) => parsePdf(bytes, name));
  }
}
