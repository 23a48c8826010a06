import type { TPassage } from '../../../shared/evaluation.ts';

/**
 * 抽查段落 for error-rate sampling, pure: `count` passages of about `length` characters spread evenly over the text
 * (the first at the start, the last at the end), each cut at a line end when one is near, so every expert of an entry
 * checks the same passages and the sampled character count is the passages' length. A text shorter than
 * count × length is sampled whole, as one passage. Whitespace-only text gives no passage.
 */
export function samplePassages(text: string, count = 5, length = 600): TPassage[] {
  const body = text.replace(/\r\n?/g, '\n');
  if (body.trim() === '') return [];
  if (body.length <= count * length) return [{ index: 0, start: 0, text: body }];
  const out: TPassage[] = [];
  const step = (body.length - length) / (count - 1);
  for (let i = 0; i < count; i++) {
    let start = Math.round(i * step);
    const nl = body.lastIndexOf('\n', start);
    if (nl >= 0 && start - nl < 80) start = nl + 1;
    let end = Math.min(body.length, start + length);
    const nextNl = body.indexOf('\n', end);
    if (nextNl >= 0 && nextNl - end < 80) end = nextNl;
    out.push({ index: i, start, text: body.slice(start, end) });
  }
  return out;
}

export const sampledChars = (passages: readonly TPassage[]): number =>
  passages.reduce((s, p) => s + [...p.text.replace(/\s/g, '')].length, 0);
