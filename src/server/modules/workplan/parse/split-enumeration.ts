import type { ItemDraft } from './build-task.ts';
import type { SourceLine } from './classify-lines.ts';
import { parseChineseNumeral } from './classify-lines.ts';

/**
 * A section written as one paragraph `一是…二是…三是…` (no numbered items) holds one task per `X是`. Markers count
 * only at a clause start and in sequence, so `这是…` or a stray `三是` inside a sentence does not split anything.
 */

const ENUMERATION_MARK = /(^|[。；;，：\n])\s*([一二三四五六七八九十]{1,2})是/g;

export function splitEnumeration(
  lines: readonly SourceLine[],
  sourceText: string,
  sectionOrdinal: number,
): ItemDraft[] {
  if (lines.length === 0) return [];
  const start = (lines[0] as SourceLine).start;
  const end = (lines[lines.length - 1] as SourceLine).end;
  const text = sourceText.slice(start, end);
  const marks: number[] = [];
  ENUMERATION_MARK.lastIndex = 0;
  for (let m = ENUMERATION_MARK.exec(text); m; m = ENUMERATION_MARK.exec(text)) {
    if (parseChineseNumeral(m[2] as string) === marks.length + 1)
      marks.push(
        m.index + (m[1] as string).length + (m[0].length - (m[1] as string).length - (m[2] as string).length - 1),
      );
  }
  if (marks.length < 2) return [];
  return marks.map((markStart, i) => {
    const partEnd = i + 1 < marks.length ? (marks[i + 1] as number) : text.length;
    const body = { start: start + markStart, end: start + partEnd };
    return {
      number: `${sectionOrdinal}.${i + 1}`,
      groupTitle: null,
      body,
      blanked: [],
      unitSources: [],
      deadlineSources: [],
      span: { ...body },
      warnings: [],
    };
  });
}

/** Paragraphs of a section that has neither numbered items nor `一是…`: each paragraph is read as one task. */
export function paragraphsAsItems(lines: readonly SourceLine[], sectionOrdinal: number): ItemDraft[] {
  return lines.map((line, i) => ({
    number: `${sectionOrdinal}.${i + 1}`,
    groupTitle: null,
    body: { start: line.start, end: line.end },
    blanked: [],
    unitSources: [],
    deadlineSources: [],
    span: { start: line.start, end: line.end },
    warnings: ['该部分事项未编号，已按段落识别，请核对'],
  }));
}
