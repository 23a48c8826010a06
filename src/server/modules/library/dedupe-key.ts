/**
 * The second duplicate test after the ISBN: the same title, edition and year. Punctuation, blanks, full-width forms
 * and the brackets around a yearbook's year do not make two records different: 《吉林年鉴（2022）》 and 吉林年鉴(2022)
 * are one book.
 */
export function dedupeKey(title: string, edition: string | null, year: number | null): string {
  const norm = (s: string) =>
    s
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\s《》〈〉“”"'‘’·・.,，、:：;；!！?？()（）[\]【】{}\-—_]/g, '');
  const ed = edition ? norm(edition).replace(/^第/, '').replace(/版$/, '') : '';
  return `${norm(title)}|${ed === '1' || ed === '一' ? '' : ed}|${year ?? ''}`;
}
