/** The default 发文字号 prefix of a 督办单 (督字〔2023〕5号). */
export const DOC_PREFIX = '督字';

/** A 督办单's number: prefix, the year in 六角括号 〔〕, the sequence of that year, 号. Pure. */
export function escalationNumber(prefix: string, year: number, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError('督办单序号应为正整数');
  return `${prefix.trim() || DOC_PREFIX}〔${year}〕${seq}号`;
}
