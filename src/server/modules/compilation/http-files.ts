/** RFC 6266 header: an ASCII fallback plus the UTF-8 name, so 吉林年鉴.docx arrives as 吉林年鉴.docx. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
