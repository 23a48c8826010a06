import { AppError } from '../../../../shared/errors.ts';
import { decodeText } from './decode-text.ts';
import { docToText } from './doc-to-text.ts';
import { docxToText } from './docx-to-text.ts';
import { pdfToText } from './pdf-to-text.ts';

/**
 * Uploaded bytes → text for the plan parser. The format is judged from the bytes first and the file name second:
 * offices often rename files (a .doc that is really .docx or RTF), and the name is only the user's claim.
 */

export type ExtractedFormat = 'txt' | 'docx' | 'doc' | 'pdf';

export interface ExtractedText {
  text: string;
  format: ExtractedFormat;
  encoding?: string;
}

const SUPPORTED = '请上传 .txt、.docx、.doc 或 .pdf 格式的工作要点文件，或直接粘贴正文。';

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

function containsUtf16(bytes: Uint8Array, word: string): boolean {
  const needle = Buffer.from(word, 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);
}

function sniffFormat(bytes: Uint8Array, extension: string): ExtractedFormat | 'rtf' | 'encrypted-ooxml' | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'docx';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return containsUtf16(bytes, 'EncryptedPackage') ? 'encrypted-ooxml' : 'doc';
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) return 'rtf';
  if (extension === 'txt' || extension === 'text') return 'txt';
  return null;
}

export async function extractText(bytes: Uint8Array, fileName: string): Promise<ExtractedText> {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (!['txt', 'text', 'docx', 'doc', 'pdf', 'wps'].includes(extension)) {
    throw new AppError('UNSUPPORTED_FILE', `不支持“.${extension || '（无扩展名）'}”文件。${SUPPORTED}`);
  }
  if (bytes.length === 0) throw new AppError('UNPROCESSABLE_DOCUMENT', '上传的文件是空的（0 字节）。请确认选择了正确的文件后重新上传。');
  const format = sniffFormat(bytes, extension);
  if (format === 'rtf') throw new AppError('UNSUPPORTED_FILE', '该文件实际是 RTF 格式。请用 Word 或 WPS 打开后另存为 .docx 再上传。');
  if (format === 'encrypted-ooxml') {
    throw new AppError('UNPROCESSABLE_DOCUMENT', '该 Word 文件设置了打开密码，无法读取。请在 Word 中取消密码后另存为 .docx 再上传。');
  }
  if (format === null) {
    const wanted = extension === 'pdf' ? 'PDF' : 'Word';
    throw new AppError('UNPROCESSABLE_DOCUMENT', `该文件不是有效的 ${wanted} 文件或已损坏。请重新导出或另存后再上传。`);
  }
  let result: ExtractedText;
  if (format === 'txt') {
    const decoded = decodeText(bytes);
    result = { text: decoded.text, format, encoding: decoded.encoding };
  } else if (format === 'docx') result = { text: docxToText(bytes), format };
  else if (format === 'doc') result = { text: await docToText(bytes), format };
  else result = { text: await pdfToText(bytes), format };
  if (result.text.replace(/[\s\u3000\ufeff]/g, '').length === 0) {
    throw new AppError('UNPROCESSABLE_DOCUMENT', '文件中没有可读取的文字内容。请确认文件是工作要点正文；如是扫描件，请提供带文字层的 PDF 或 Word 原件。');
  }
  return result;
}
