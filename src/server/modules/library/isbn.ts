import ISBN from 'isbn3';

/**
 * An ISBN as typed or imported (ISBN-10 or -13, with or without hyphens, `ISBN 978-…`, a trailing price) → ISBN-13
 * without hyphens, checked by the maintained `isbn3` package (checksum and registration-group ranges). A wrong one
 * comes back as a Chinese reason.
 */
export function normalizeIsbn(raw: string): { isbn: string; hyphenated: string } | { error: string } {
  const cleaned = raw
    .replace(/[（(].*$/, '')
    .replace(/^\s*ISBN[:：]?\s*/i, '')
    .replace(/[\s\u2010-\u2015－]/g, '-')
    .trim();
  const compact = cleaned.replace(/-/g, '');
  if (!/^(\d{9}[\dXx]|\d{13})$/.test(compact)) {
    return { error: `ISBN“${raw}”应为 10 位或 13 位数字（ISBN-10 末位可为 X），例如 978-7-5027-3434-3` };
  }
  const parsed = ISBN.parse(compact);
  if (!parsed || !parsed.isValid) return { error: `ISBN“${raw}”校验位不正确或不是已分配的号段，请核对图书版权页` };
  return { isbn: parsed.isbn13, hyphenated: parsed.isbn13h };
}

export function hyphenateIsbn(isbn13: string): string {
  return ISBN.parse(isbn13)?.isbn13h ?? isbn13;
}
