import WordExtractor from 'word-extractor';
import { AppError } from '../../../../shared/errors.ts';

/**
 * Word 97–2003 (.doc) → text through word-extractor. Table cells come out tab-separated, one row per line, like the
 * .docx path, so the parser reads both the same way.
 */

const SECTOR = 512;

/** An encrypted .doc carries fEncrypted in its FIB (the WordDocument stream starts with 0xA5EC at a sector start). */
function isEncryptedDoc(bytes: Uint8Array): boolean {
  for (let at = SECTOR; at + 0x0c < bytes.length; at += SECTOR) {
    if (bytes[at] === 0xec && bytes[at + 1] === 0xa5) return ((bytes[at + 0x0b] ?? 0) & 0x01) === 0x01;
  }
  return false;
}

/** Word's cell and row marks, as word-extractor leaves them, become the tab/newline layout the parser expects. */
function tidyWordText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\u0007\n?/g, '\t')
    .split('\n')
    .map((line) => line.replace(/\t+$/, ''))
    .join('\n');
}

export async function docToText(bytes: Uint8Array): Promise<string> {
  if (isEncryptedDoc(bytes)) {
    throw new AppError(
      'UNPROCESSABLE_DOCUMENT',
      '该 Word 文件设置了打开密码，无法读取。请在 Word 中取消密码后另存为 .docx 再上传。',
    );
  }
  try {
    const document = await new WordExtractor().extract(Buffer.from(bytes));
    // filterUnicode would turn “” and — into ASCII, changing the text the user sees.
    return tidyWordText(document.getBody({ filterUnicode: false }));
  } catch {
    throw new AppError(
      'UNPROCESSABLE_DOCUMENT',
      '该 .doc 文件已损坏或无法读取。请用 Word 或 WPS 打开后另存为 .docx 再上传。',
    );
  }
}
