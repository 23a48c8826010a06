import { AppError } from '../../../../shared/errors.ts';
import { decodeText } from './decode-text.ts';
import { docToText } from './doc-to-text.ts';
import { docxToText } from './docx-to-text.ts';
import { OFD_BROKEN, ofdToText } from './ofd-to-text.ts';
import { pdfToText } from './pdf-to-text.ts';
import { csvToText, SPREADSHEET_BROKEN, spreadsheetToText } from './spreadsheet-to-text.ts';
import { assertOfficeZipWithinLimits } from './read-zip.ts';

/**
 * Uploaded bytes → text for the plan parser. The format is judged from the bytes first and the file name second:
 * offices often rename files (a .doc that is really .docx or RTF), and the name is only the user's claim.
 */

export type ExtractedFormat = 'txt' | 'docx' | 'doc' | 'pdf' | 'ofd' | 'xlsx' | 'xls' | 'csv';

export interface ExtractedText {
  text: string;
  format: ExtractedFormat;
  encoding?: string;
}

const EXTENSIONS = [
  'txt',
  'text',
  'docx',
  'doc',
  'wps',
  'wpt',
  'dot',
  'dotx',
  'pdf',
  'ofd',
  'xlsx',
  'xlsm',
  'xls',
  'et',
  'ett',
  'csv',
];
const SUPPORTED =
  '请上传 .docx、.doc、.wps、.pdf、.ofd、.xlsx、.xls、.et、.csv 或 .txt 格式的工作要点（任务分工）文件，或直接粘贴正文。';

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function containsUtf16(bytes: Uint8Array, word: string): boolean {
  return asBuffer(bytes).includes(Buffer.from(word, 'utf16le'));
}

function containsAscii(bytes: Uint8Array, word: string): boolean {
  return asBuffer(bytes).includes(Buffer.from(word, 'latin1'));
}

type Sniffed = ExtractedFormat | 'rtf' | 'encrypted-ooxml' | null;
const SPREADSHEET_EXTENSIONS = ['xlsx', 'xlsm', 'xls', 'et', 'ett', 'csv'];

/** The format from the bytes: a zip is told apart by the parts it names, an OLE file by its streams. */
function sniffFormat(bytes: Uint8Array, extension: string): Sniffed {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (containsAscii(bytes, 'OFD.xml')) return 'ofd';
    if (containsAscii(bytes, 'xl/workbook')) return 'xlsx';
    if (containsAscii(bytes, 'word/document')) return 'docx';
    // A damaged zip: the name says which reader should report the damage.
    return SPREADSHEET_EXTENSIONS.includes(extension)
      ? 'xlsx'
      : extension === 'ofd'
        ? 'ofd'
        : extension === 'pdf'
          ? null
          : 'docx';
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    if (containsUtf16(bytes, 'EncryptedPackage')) return 'encrypted-ooxml';
    if (containsUtf16(bytes, 'WordDocument')) return 'doc';
    if (containsUtf16(bytes, 'Workbook') || containsUtf16(bytes, 'Book')) return 'xls';
    return SPREADSHEET_EXTENSIONS.includes(extension)
      ? 'xls'
      : extension === 'pdf' || extension === 'ofd'
        ? null
        : 'doc';
  }
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) return 'rtf';
  if (extension === 'csv') return 'csv';
  if (extension === 'txt' || extension === 'text') return 'txt';
  return null;
}

const KIND_OF_EXTENSION: Record<string, string> = {
  pdf: 'PDF',
  ofd: 'OFD',
  xlsx: '表格',
  xlsm: '表格',
  xls: '表格',
  et: '表格',
  ett: '表格',
  csv: '表格',
};

/** Bytes + file name → text (tables as tab-separated rows). The format is judged from the bytes, the name only breaks ties. */
export async function extractText(bytes: Uint8Array, fileName: string): Promise<ExtractedText> {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (!EXTENSIONS.includes(extension)) {
    throw new AppError('UNSUPPORTED_FILE', `不支持“.${extension || '（无扩展名）'}”文件。${SUPPORTED}`);
  }
  if (bytes.length === 0)
    throw new AppError('UNPROCESSABLE_DOCUMENT', '上传的文件是空的（0 字节）。请确认选择了正确的文件后重新上传。');
  const format = sniffFormat(bytes, extension);
  if (format === 'rtf')
    throw new AppError('UNSUPPORTED_FILE', '该文件实际是 RTF 格式。请用 Word 或 WPS 打开后另存为 .docx 再上传。');
  if (format === 'encrypted-ooxml') {
    throw new AppError(
      'UNPROCESSABLE_DOCUMENT',
      '该文件设置了打开密码，无法读取。请在 Word、Excel 或 WPS 中取消密码后另存再上传。',
    );
  }
  if (format === null) {
    const wanted = KIND_OF_EXTENSION[extension] ?? 'Word';
    throw new AppError(
      'UNPROCESSABLE_DOCUMENT',
      `该文件不是有效的${wanted === '表格' ? '表格' : ` ${wanted} `}文件或已损坏。请重新导出或另存后再上传。`,
    );
  }
  // SheetJS and JSZip inflate whatever the archive holds: every entry is checked first (docx reads its two parts
  // through the guarded reader itself), so a zip bomb in any zip-based format is refused before a library opens it.
  const baseName = fileName.split(/[\\/]/).pop() ?? fileName;
  if (format === 'xlsx') assertOfficeZipWithinLimits(bytes, baseName, SPREADSHEET_BROKEN);
  if (format === 'ofd') assertOfficeZipWithinLimits(bytes, baseName, OFD_BROKEN);
  let result: ExtractedText;
  if (format === 'txt') {
    const decoded = decodeText(bytes);
    result = { text: decoded.text, format, encoding: decoded.encoding };
  } else if (format === 'csv') {
    const decoded = csvToText(bytes);
    result = { text: decoded.text, format, encoding: decoded.encoding };
  } else if (format === 'docx') result = { text: docxToText(bytes, baseName), format };
  else if (format === 'doc') result = { text: await docToText(bytes), format };
  else if (format === 'xlsx' || format === 'xls') result = { text: spreadsheetToText(bytes), format };
  else if (format === 'ofd') result = { text: await ofdToText(bytes), format };
  else result = { text: await pdfToText(bytes), format };
  if (result.text.replace(/[\s\u3000\ufeff]/g, '').length === 0) {
    throw new AppError(
      'UNPROCESSABLE_DOCUMENT',
      '文件中没有可读取的文字内容。请确认文件是工作要点正文；如是扫描件，请提供带文字层的 PDF 或 Word 原件。',
    );
  }
  return result;
}
