/**
 * The worker side of book ingest (see read-book-isolated.ts): checks a source against the archive and size limits
 * before the parsers (mammoth, JSZip, pdf.js, the Kanripo reader) see it, then calls them unchanged. Anything a
 * library throws that is not already an AppError becomes a Chinese message naming the file, never its English text.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { inParts, type InParts } from '../../platform/isolate/in-parts.ts';
import { assertZipWithinLimits, type ZipLimits } from '../../platform/archive/zip-guard.ts';
import { readSource, type ReadSourceOptions, type ReadSourceResult } from './ingest/read-source.ts';
import { readUploadedSource } from './upload-source.ts';
import { packBook, type PackedBook } from './packed-book.ts';

export const BOOK_ARCHIVE_LIMITS: ZipLimits = {
  maxEntries: 20_000,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 300 * 1024 * 1024,
  maxRatio: 100,
};

/** Largest single file or folder the command line reads (web uploads are capped far lower by the body limit). */
export const BOOK_SOURCE_MAX_BYTES = 300 * 1024 * 1024;

const KANRIPO_MEMBER = /(^|\/)([\w.-]+_\d+\.txt|Readme\.org)$/i;
const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

function corruptArchive(fileName: string): () => AppError {
  return () =>
    new AppError(
      'UNPROCESSABLE_DOCUMENT',
      `“${fileName}”不是有效的压缩文件或已损坏（.docx、.epub 和 .zip 都是压缩包），请重新导出或重新压缩后再导入。`,
    );
}

/** Zip-based formats are checked entry by entry; a Kanripo .zip only for the juan files and Readme.org it will read. */
function checkArchive(fileName: string, bytes: Uint8Array): void {
  const extension = path.extname(fileName).toLowerCase();
  if (extension === '.zip') {
    assertZipWithinLimits(
      bytes,
      BOOK_ARCHIVE_LIMITS,
      fileName,
      corruptArchive(fileName),
      (name) => !KANRIPO_MEMBER.test(name),
    );
  } else if ((extension === '.docx' || extension === '.epub') && isZip(bytes)) {
    assertZipWithinLimits(bytes, BOOK_ARCHIVE_LIMITS, fileName, corruptArchive(fileName));
  }
}

function toClearError(error: unknown, fileName: string): AppError {
  if (error instanceof AppError) return error;
  return new AppError(
    'UNPROCESSABLE_DOCUMENT',
    `文件“${fileName}”无法读取：内容已损坏或不符合其格式。请用原软件重新导出（.docx、.epub、带文字层的 .pdf、UTF-8 文本或汉籍リポジトリ文件夹）后再导入。`,
  );
}

async function checkPath(sourcePath: string): Promise<void> {
  const info = await stat(sourcePath).catch(() => null);
  if (!info) return; // readSource says what is missing
  if (info.isDirectory()) {
    const names = await readdir(sourcePath);
    if (names.length > BOOK_ARCHIVE_LIMITS.maxEntries) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `文件夹“${sourcePath}”中有 ${names.length} 个文件，超过 ${BOOK_ARCHIVE_LIMITS.maxEntries} 个的上限。`,
      );
    }
    let total = 0;
    for (const name of names) total += (await stat(path.join(sourcePath, name)).catch(() => null))?.size ?? 0;
    if (total > BOOK_SOURCE_MAX_BYTES)
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `文件夹“${sourcePath}”共 ${mb(total)}，超过 ${mb(BOOK_SOURCE_MAX_BYTES)} 的上限，请分卷导入。`,
      );
    return;
  }
  if (info.size > BOOK_SOURCE_MAX_BYTES) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `文件“${sourcePath}”有 ${mb(info.size)}，超过 ${mb(BOOK_SOURCE_MAX_BYTES)} 的上限，请拆分后导入。`,
    );
  }
  if (info.isFile()) checkArchive(sourcePath, new Uint8Array(await readFile(sourcePath)));
}

/**
 * A book's sections travel to the server in parts, so receiving a long book does not hold its event loop, their texts
 * joined per part and their anchors and notes packed, so the server's scavenges do not copy them (in-parts.ts,
 * packed-book.ts).
 */
const SECTIONS = ['book', 'sections'] as const;

/** What the server receives: the book packed. */
export type PackedSource<T extends ReadSourceResult = ReadSourceResult> = Omit<T, 'book'> & { book: PackedBook };

function packed<T extends ReadSourceResult>(result: T): InParts<PackedSource<T>> {
  return inParts({ ...result, book: packBook(result.book) }, SECTIONS, { joined: 'text' });
}

/** `readSource` (a file or Kanripo folder path) behind the limits. */
export async function readSourceGuarded(
  inputPath: string,
  options: ReadSourceOptions = {},
): Promise<InParts<PackedSource>> {
  const sourcePath = path.resolve(options.cwd ?? process.cwd(), inputPath);
  try {
    await checkPath(sourcePath);
    return packed(await readSource(inputPath, options));
  } catch (error) {
    throw toClearError(error, sourcePath);
  }
}

/**
 * `readUploadedSource` (a web upload) behind the limits: the server wrote the upload's bytes to `bytesFile` and made
 * `dir`, an empty scratch folder it removes.
 */
export async function readUploadedSourceGuarded(
  fileName: string,
  bytesFile: string,
  dir: string,
): Promise<InParts<PackedSource<ReadSourceResult & { sourceName: string }>>> {
  try {
    const bytes = await readFile(bytesFile);
    checkArchive(fileName, bytes);
    return packed(await readUploadedSource(fileName, bytes, dir));
  } catch (error) {
    throw toClearError(error, fileName.replace(/^.*[\\/]/, ''));
  }
}
