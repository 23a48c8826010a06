/**
 * Which report attachments we accept, judged by the file's first bytes AND its extension: a renamed .exe is refused
 * even when called 进展.pdf, and a PDF called .docx is refused too (the browser would open it with the wrong program).
 * Pure; no file system.
 */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_MAX_PER_REPORT = 20;

type Family = 'pdf' | 'ole' | 'zip' | 'jpeg' | 'png';

const BY_EXTENSION: Record<string, { family: Family; mime: string }> = {
  pdf: { family: 'pdf', mime: 'application/pdf' },
  doc: { family: 'ole', mime: 'application/msword' },
  xls: { family: 'ole', mime: 'application/vnd.ms-excel' },
  docx: { family: 'zip', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  xlsx: { family: 'zip', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  zip: { family: 'zip', mime: 'application/zip' },
  jpg: { family: 'jpeg', mime: 'image/jpeg' },
  jpeg: { family: 'jpeg', mime: 'image/jpeg' },
  png: { family: 'png', mime: 'image/png' },
};

export const ALLOWED_ATTACHMENT_LABEL = 'PDF、Word（doc/docx）、Excel（xls/xlsx）、JPG、PNG 或 ZIP';

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function familyOf(bytes: Uint8Array): Family | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  return null;
}

export type AttachmentCheck =
  { ok: true; mime: string; fileName: string } | { ok: false; reason: 'too_large' | 'empty' | 'type'; message: string };

/** Keeps the name a person recognises (Chinese included) but nothing a file system or a header could misread. */
export function sanitizeFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f<>:"|?*;]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 ? cleaned.slice(dot) : '';
  const stem = dot > 0 ? cleaned.slice(0, dot) : cleaned;
  const short = [...stem].slice(0, 100).join('');
  return `${short || '附件'}${ext.slice(0, 10)}`;
}

export function checkAttachment(fileName: string, bytes: Uint8Array): AttachmentCheck {
  if (bytes.byteLength > ATTACHMENT_MAX_BYTES) {
    const mb = (bytes.byteLength / 1024 / 1024).toFixed(1);
    return {
      ok: false,
      reason: 'too_large',
      message: `附件“${sanitizeFileName(fileName)}”有 ${mb} MB，超过单个附件 10 MB 的上限，请压缩或拆分后再上传。`,
    };
  }
  if (bytes.byteLength === 0)
    return { ok: false, reason: 'empty', message: `附件“${sanitizeFileName(fileName)}”是空文件，请重新选择。` };
  const name = sanitizeFileName(fileName);
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  const expected = BY_EXTENSION[ext];
  if (!expected) {
    return {
      ok: false,
      reason: 'type',
      message: `不支持“.${ext || '无扩展名'}”类型的附件，只能上传 ${ALLOWED_ATTACHMENT_LABEL} 文件。`,
    };
  }
  const actual = familyOf(bytes);
  if (actual !== expected.family) {
    return {
      ok: false,
      reason: 'type',
      message: `附件“${name}”的内容不是 .${ext} 文件（文件内容与扩展名不符），请上传原始文件；只能上传 ${ALLOWED_ATTACHMENT_LABEL} 文件。`,
    };
  }
  return { ok: true, mime: expected.mime, fileName: name };
}
