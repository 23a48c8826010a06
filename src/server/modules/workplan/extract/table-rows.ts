/**
 * The one layout every table reaches the parser in, whatever the file format: a row per line, cells separated by
 * tabs. A cell's own line breaks become `；` between sentences (several names or steps in one cell), or nothing when
 * the line was only wrapped.
 */

export function cellText(raw: string): string {
  return raw
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((part) => part.replace(/\t/g, ' ').trim())
    .filter(Boolean)
    .reduce((acc, part) => (acc === '' ? part : /[。；，、：]$/.test(acc) ? acc + part : `${acc}；${part}`), '');
}

export function rowsToText(rows: readonly (readonly string[])[]): string {
  return rows
    .map((row) => {
      const cells = row.map(cellText);
      while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
      return cells.join('\t');
    })
    .filter((line) => line.replace(/\t/g, '').length > 0)
    .join('\n');
}
