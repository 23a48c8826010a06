import { AppError } from '../../../../shared/errors.ts';
import type { TPlanNotice, TPlanParseResult, TPlanSection, TPlanTask } from '../../../../shared/workplan-parse.ts';
import { buildTask, type BuildContext, type ItemDraft } from './build-task.ts';
import { splitLines, type SourceLine } from './classify-lines.ts';
import { matchUnitName, normalizeUnitName } from './match-units.ts';
import { foldForMatching, normalizeText } from './normalize-text.ts';
import { restoreWrittenCharacters } from './restore-written.ts';
import { parseDocumentDate, parseNotice } from './parse-notice.ts';
import { parseStructure, type SectionDraft } from './parse-structure.ts';
import { paragraphsAsItems, splitEnumeration } from './split-enumeration.ts';

/**
 * Reads an annual plan (工作要点) document — with or without its covering notice — into sections and tasks.
 * Pure: text in, result out. `knownUnits` (directory names and aliases) only helps recognise plain unit lists.
 */

export interface ParsePlanOptions {
  knownUnits?: readonly string[];
  /** Year to use when the document's title states none. */
  defaultYear?: number;
}

const PLAN_TITLE =
  /工作要点|工作计划|工作安排|重点工作|工作任务|重点任务|任务分工|任务分解|责任分工|分工方案|工作方案|实施方案|任务清单|工作清单|工作台账|任务台账/;
const END_OF_DOCUMENT = /^(?:抄送[：:]|.{0,30}\d{4}年\d{1,2}月\d{1,2}日印发$)/;
const CN_YEAR_DIGITS: Record<string, string> = {
  〇: '0',
  零: '0',
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};

function titleOutsideBrackets(text: string): string {
  return text.replace(/《[^《》]*》/g, '');
}

/** The plan's own title line; an `附件：…工作要点` note in the notice only counts when the plan has no title line. */
function findPlanTitle(lines: readonly SourceLine[]): number {
  const candidates = lines.flatMap((l, i) =>
    l.kind === 'text' &&
    l.text.length <= 60 &&
    PLAN_TITLE.test(titleOutsideBrackets(l.text)) &&
    !/通知$/.test(l.text) &&
    !/^关于/.test(l.text) &&
    !/[。；，]/.test(l.text)
      ? [i]
      : [],
  );
  return candidates.find((i) => !/^附件/.test((lines[i] as SourceLine).text)) ?? candidates[0] ?? -1;
}

/** A signature block after the last item (issuer line, then a date line) ends the plan; it is no task text. */
function bodyEndBeforeSignature(lines: readonly SourceLine[], from: number, to: number): number {
  let end = to;
  if (end - 1 >= from && parseDocumentDate((lines[end - 1] as SourceLine).text)) {
    end--;
    const issuer = lines[end - 1];
    if (
      issuer &&
      end - 1 >= from &&
      issuer.kind === 'text' &&
      issuer.text.length <= 30 &&
      !/[。；，：）]$/.test(issuer.text)
    )
      end--;
  }
  return end;
}

/** `吉林省地方志编纂委员会2023年工作要点` → issuer and year; `二〇二三年` is read too. */
function readTitle(title: string): { year: number | null; issuer: string | null } {
  const m = /^(.*?)(\d{4}|[〇零一二三四五六七八九]{4})年/.exec(title.replace(/^附件\d*[：:]?/, ''));
  if (!m) return { year: null, issuer: null };
  const yearText = m[2] as string;
  const year = /^\d+$/.test(yearText)
    ? Number(yearText)
    : Number([...yearText].map((c) => CN_YEAR_DIGITS[c] ?? '').join(''));
  return { year, issuer: (m[1] as string).trim() || null };
}

function noticeRange(lines: readonly SourceLine[], titleIndex: number): SourceLine[] {
  if (titleIndex > 0) return lines.slice(0, titleIndex);
  if (titleIndex === 0) return [];
  const firstStructure = lines.findIndex((l) => l.kind !== 'text');
  return lines.slice(0, firstStructure < 0 ? lines.length : firstStructure);
}

/** Loose paragraphs of an unnumbered section: `一是…二是…` if written so, else one task per paragraph. */
function draftsForLooseLines(section: SectionDraft, sourceText: string): ItemDraft[] {
  const textLines = section.looseLines.filter((l) => l.kind !== 'unit');
  const enumerated = splitEnumeration(section.looseLines, sourceText, section.ordinal);
  if (enumerated.length > 0) return enumerated;
  const drafts = paragraphsAsItems(textLines, section.ordinal);
  for (const line of section.looseLines.filter((l) => l.kind === 'unit')) {
    const owner = [...drafts].reverse().find((d) => d.span.start < line.start);
    if (owner) {
      owner.unitSources.push({ text: line.text, offset: line.start });
      owner.deadlineSources.push({ start: line.start, end: line.end });
    }
  }
  return drafts;
}

/** In `一是…二是…（研究室负责）` the closing unit statement speaks for the whole paragraph. */
function shareParagraphUnits(tasks: TPlanTask[]): void {
  const withUnits = tasks.filter((t) => t.leadUnits.length + t.supportUnits.length > 0);
  const last = tasks[tasks.length - 1];
  if (!last || tasks.length < 2 || withUnits.length !== 1 || withUnits[0] !== last) return;
  for (const task of tasks.slice(0, -1)) {
    task.leadUnits = [...last.leadUnits];
    task.supportUnits = [...last.supportUnits];
    task.warnings = (task.warnings ?? []).filter((w) => !w.startsWith('未标明'));
  }
}

function checkNumbering(sections: readonly TPlanSection[], warnings: string[]): void {
  let previous = 0;
  for (const task of sections.flatMap((s) => s.tasks)) {
    if (!/^\d+$/.test(task.number)) continue;
    const n = Number(task.number);
    if (n !== previous + 1 && n !== 1) warnings.push(`事项编号不连续：${previous} 之后是 ${n}，请核对是否漏项`);
    previous = n;
  }
}

/** Prefix of the warning about names missing from `knownUnits`; a caller that resolves units itself may drop it. */
export const UNKNOWN_UNITS_WARNING = '以下单位不在单位名录中，请对应到已有单位或新建：';

function collectWarnings(sections: readonly TPlanSection[], knownUnits: ReadonlySet<string>, warnings: string[]): void {
  checkNumbering(sections, warnings);
  for (const task of sections.flatMap((s) => s.tasks)) {
    for (const w of task.warnings ?? []) warnings.push(`第 ${task.number} 项：${w}`);
  }
  if (knownUnits.size === 0) return;
  const names = sections.flatMap((s) => s.tasks.flatMap((t) => [...t.leadUnits, ...t.supportUnits]));
  const unknown = [...new Set(names)].filter(
    (n) => !knownUnits.has(normalizeUnitName(n)) && matchUnitName(n, []).kind !== 'collective',
  );
  if (unknown.length > 0) warnings.push(`${UNKNOWN_UNITS_WARNING}${unknown.join('；')}`);
}

const NO_ITEMS_MESSAGE =
  '未识别到任何工作事项。请确认文件是工作要点正文，事项按“一、”“1.”等编号逐条列出；如是扫描件，请提供带文字层的 PDF 或 Word 原件。';

/** The year the body speaks of most (`2023年`), for a document whose title and notice state none. */
function yearFromBody(lines: readonly SourceLine[]): number | null {
  const counts = new Map<number, number>();
  for (const line of lines) {
    for (const m of line.text.matchAll(/(?<![\d〔[])(20\d{2}|19\d{2})年(?!\d)/g))
      counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  }
  let best: number | null = null;
  for (const [year, n] of counts) if (best === null || n > (counts.get(best) ?? 0)) best = year;
  return best;
}

export function parsePlan(text: string, options: ParsePlanOptions = {}): TPlanParseResult {
  const writtenText = normalizeText(text);
  // Everything below matches on simplified characters; the result is restored to the characters as written.
  const sourceText = foldForMatching(writtenText);
  if (sourceText.trim().length === 0) {
    throw new AppError('UNPROCESSABLE_DOCUMENT', '文件内容为空。请确认选择的是工作要点正文文件，或直接粘贴正文。');
  }
  const lines = splitLines(sourceText);
  const warnings: string[] = [];
  const titleIndex = findPlanTitle(lines);
  const noticeLines = noticeRange(lines, titleIndex);
  let notice: TPlanNotice | null = parseNotice(noticeLines);
  const bodyStart = titleIndex >= 0 ? titleIndex + 1 : notice ? noticeLines.length : 0;
  const endIndex = lines.findIndex((l, i) => i >= bodyStart && END_OF_DOCUMENT.test(l.text));
  const bodyEnd = bodyEndBeforeSignature(lines, bodyStart, endIndex < 0 ? lines.length : endIndex);
  const bodyLines = lines.slice(bodyStart, bodyEnd);
  // Without a covering notice, the signature after the plan (issuer, date) dates the document.
  if (!notice?.date && bodyEnd < (endIndex < 0 ? lines.length : endIndex)) {
    const signature = lines.slice(bodyEnd, endIndex < 0 ? lines.length : endIndex);
    const date = signature.map((l) => parseDocumentDate(l.text)).find((d) => d !== null) ?? null;
    const issuer = signature.length > 1 ? (signature[0] as SourceLine).text : null;
    if (date) notice = notice ? { ...notice, date } : { title: '', issuer, date, addressees: [] };
  }

  const noticeTitleBook = notice ? /《([^《》]+)》/.exec(notice.title)?.[1] : undefined;
  const title =
    titleIndex >= 0 ? (lines[titleIndex] as SourceLine).text.replace(/^附件\d*[：:]/, '') : (noticeTitleBook ?? '');
  if (!title) warnings.push('未识别到工作要点标题，请在导入前补充');
  const fromTitle = readTitle(title);
  const fromNoticeTitle = notice ? readTitle(notice.title.replace(/^关于印发/, '')).year : null;
  // Never the computer's clock: the title, the notice's title or date, the year the body speaks of, or the caller's.
  const year =
    fromTitle.year ??
    fromNoticeTitle ??
    (notice?.date ? Number(notice.date.slice(0, 4)) : null) ??
    yearFromBody(bodyLines) ??
    options.defaultYear ??
    null;
  const structure = parseStructure(bodyLines, sourceText);
  if (year === null) {
    if (structure.sections.every((d) => d.items.length + d.looseLines.length === 0))
      throw new AppError('UNPROCESSABLE_DOCUMENT', NO_ITEMS_MESSAGE);
    throw new AppError(
      'UNPROCESSABLE_DOCUMENT',
      '未能确定工作要点所属年度：标题、通知和正文都没有写明年份。请在标题中写明年度（如“2024年工作要点”）后重新导入。',
    );
  }
  if (fromTitle.year === null) warnings.push(`标题中未写明年度，已按 ${year} 年处理，请核对`);
  const planYear = year;

  const knownUnits = new Set((options.knownUnits ?? []).map(normalizeUnitName));
  const ctx: BuildContext = { sourceText, planYear, knownUnits };
  const preambleParts = structure.preambleLines.map((l) => l.text);
  const sections: TPlanSection[] = [];
  for (const draft of structure.sections) {
    if (draft.isGeneral) {
      preambleParts.push(draft.title, ...draft.looseLines.map((l) => l.text));
      preambleParts.push(...draft.items.map((i) => sourceText.slice(i.span.start, i.span.end)));
      continue;
    }
    const fromLoose = draft.items.length === 0 ? draftsForLooseLines(draft, sourceText) : [];
    const tasks = [...draft.items, ...fromLoose].map((item) => buildTask(item, ctx));
    if (fromLoose.length > 0) shareParagraphUnits(tasks);
    if (tasks.length === 0) continue;
    sections.push({
      ordinal: draft.ordinal,
      title: draft.title || title.replace(/^.*?\d{4}年(?:度)?/, '') || '工作任务',
      tasks,
      sourceSpan: draft.span,
    });
  }
  if (sections.length === 0) {
    throw new AppError('UNPROCESSABLE_DOCUMENT', NO_ITEMS_MESSAGE);
  }
  collectWarnings(sections, knownUnits, warnings);
  const result: TPlanParseResult = {
    notice,
    plan: {
      title,
      year: planYear,
      issuer: fromTitle.issuer ?? notice?.issuer ?? null,
      preamble: preambleParts.join('\n'),
    },
    sections,
    warnings,
    sourceText: writtenText,
  };
  restoreWrittenCharacters(result, writtenText, sourceText);
  return result;
}
