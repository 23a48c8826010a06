/** KWIC (keyword in context) concordance: sorting and CSV export. */
import type { KwicRow } from './search-index.ts';

const collator = new Intl.Collator('zh', { numeric: true });

function reverseCodePoints(text: string): string {
  return [...text].reverse().join('');
}

/**
 * Sorts concordance rows in place: by the right context (keyword, then what follows), or by the left context read
 * outwards from the keyword (what immediately precedes it first), as concordancers do. Ties keep text order.
 */
export function sortKwicRows(rows: KwicRow[], sort: 'left' | 'right'): KwicRow[] {
  const keyed = rows.map((row, index) => ({
    row,
    index,
    key: sort === 'right' ? row.keyword + row.right : reverseCodePoints(row.left),
  }));
  keyed.sort((a, b) => collator.compare(a.key, b.key) || a.index - b.index);
  for (let i = 0; i < keyed.length; i++) rows[i] = (keyed[i] as { row: KwicRow }).row;
  return rows;
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV (RFC 4180, UTF-8 with BOM so spreadsheet programs read the Chinese correctly). */
export function formatKwicCsv(rows: readonly KwicRow[], bookTitle: (bookId: number) => string): string {
  const header = ['书名', '书号', '章节号', '位置', '左文', '检索词', '右文'];
  const lines = [header.join(',')];
  for (const r of rows) {
    lines.push(
      [bookTitle(r.bookId), r.bookId, r.sectionId, r.offset, r.left, r.keyword, r.right].map(csvField).join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
