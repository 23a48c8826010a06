import type { TPlanDeadline, TPlanSubItem, TPlanTask, TTextSpan } from '../../../../shared/workplan-parse.ts';
import { detectDeadline } from './detect-deadline.ts';
import { detectReferences } from './detect-references.ts';
import { detectTargets } from './detect-targets.ts';
import {
  findTrailingUnitSentence,
  findUnitGroups,
  mergeAssignments,
  parseUnitClauses,
  type UnitAssignment,
} from './detect-units.ts';

/**
 * Turns one located item (its place in the normalized text, its unit lines or table cells) into a task: text without
 * the unit statement, lead/support units, targets, deadline, references, sub-items and the spans the preview highlights.
 */

export interface UnitSource {
  /** Text to read as a unit statement, e.g. `牵头单位：办公室` or a table cell with a role prefix added. */
  text: string;
  /** Offset in sourceText of `text[0]` (may be negative-shifted when a prefix was added). */
  offset: number;
}

export interface ItemDraft {
  number: string;
  groupTitle: string | null;
  /** The task body: [start, end) in sourceText. Unit lines inside it are listed in `blanked` and ignored as text. */
  body: TTextSpan;
  blanked: TTextSpan[];
  unitSources: UnitSource[];
  /** Extra text to read deadlines from, e.g. a table's 完成时限 column. */
  deadlineSources: TTextSpan[];
  /** Extra text to read targets from, e.g. a table's 目标 column. */
  targetSources?: TTextSpan[];
  span: TTextSpan;
  warnings: string[];
}

export interface BuildContext {
  sourceText: string;
  planYear: number;
  knownUnits: ReadonlySet<string>;
}

const SUB_ITEM = /^(?:（\d{1,2}）|\d{1,2}）|[①-⑳]|（[一二三四五六七八九十]{1,3}）)/;

function blank(text: string, spans: readonly TTextSpan[], offset: number): string {
  let out = text;
  for (const s of spans) {
    const start = Math.max(0, s.start - offset);
    const end = Math.min(out.length, s.end - offset);
    if (end > start) out = out.slice(0, start) + out.slice(start, end).replace(/[^\n]/g, ' ') + out.slice(end);
  }
  return out;
}

function shift(span: TTextSpan | undefined, by: number): TTextSpan | undefined {
  return span ? { start: span.start + by, end: span.end + by } : undefined;
}

/** Text as the user reads it: blanked parts gone, each line trimmed, empty lines dropped. */
function tidyTaskText(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/\s+/g, (m, i: number, all: string) =>
          /[A-Za-z0-9]/.test(all[i - 1] ?? '') && /[A-Za-z0-9]/.test(all[i + m.length] ?? '') ? ' ' : '',
        )
        .trim(),
    )
    .filter((line) => line.length > 0)
    .join('\n');
}

function findSubItems(working: string, offset: number): TPlanSubItem[] {
  const subItems: TPlanSubItem[] = [];
  let lineStart = 0;
  for (const line of working.split('\n')) {
    const trimmed = line.trim();
    const m = SUB_ITEM.exec(trimmed);
    if (m && lineStart > 0) {
      const start = offset + lineStart + line.indexOf(trimmed);
      subItems.push({
        marker: m[0],
        text: tidyTaskText(trimmed.slice(m[0].length)),
        span: { start, end: start + trimmed.length },
      });
    }
    lineStart += line.length + 1;
  }
  return subItems;
}

/** `（…；完成时限：2023年6月）` inside the item: a statement, read like a 完成时限 cell. */
const STATED_DEADLINE = /(?:完成时限|完成时间|时间节点|时限要求|完成期限)[：:][^；;，,。）)\n]+/;

const INLINE_UNIT_STATEMENT =
  /(?:牵头单位|牵头部门|牵头处室|牵头科室|主责单位|主办单位|责任单位|责任部门|责任处室|责任科室|配合单位|配合部门|配合处室|配合科室|协办单位|参与单位|(?:责任|分管|牵头)领导)[：:][^\n]*/;

/** `……工作。责任单位：年鉴科；配合单位：各县史志办。` — a unit statement written at the end of the item's own line. */
function findInlineUnitStatement(text: string): { text: string; start: number; end: number } | null {
  const m = INLINE_UNIT_STATEMENT.exec(text);
  if (!m || m.index === 0) return null;
  const statement = m[0].replace(/[。；\s]+$/, '');
  return { text: statement, start: m.index, end: m.index + m[0].length };
}

export function buildTask(draft: ItemDraft, ctx: BuildContext): TPlanTask {
  const offset = draft.body.start;
  const working = blank(ctx.sourceText.slice(draft.body.start, draft.body.end), draft.blanked, offset);
  const bracketGroups = findUnitGroups(working, ctx.knownUnits);
  const candidate = findInlineUnitStatement(
    blank(
      working,
      bracketGroups.map((g) => g.span),
      0,
    ),
  );
  // Only a statement that reads as units is taken out of the text.
  const inline = candidate && parseUnitClauses(candidate.text, 0, ctx.knownUnits, true) ? candidate : null;
  // Without brackets or a `责任单位：` statement, the last sentence may name them: `县志办牵头，各乡镇配合。`
  // With sub-items below it, the statement ends the item's own first line.
  const firstLine = working.split('\n')[0] ?? '';
  const trailing =
    bracketGroups.length === 0 && !inline && draft.unitSources.length === 0
      ? (findTrailingUnitSentence(working, ctx.knownUnits) ??
        (firstLine.length < working.length ? findTrailingUnitSentence(firstLine, ctx.knownUnits) : null))
      : null;
  const groups = trailing ? [...bracketGroups, trailing] : bracketGroups;
  const unitSources = inline
    ? [{ text: inline.text, offset: offset + inline.start }, ...draft.unitSources]
    : draft.unitSources;
  const fromLines: UnitAssignment[] = [];
  for (const source of unitSources) {
    const leadKnown = groups.some((g) => g.lead.length > 0) || fromLines.some((a) => a.lead.length > 0);
    const parsed = parseUnitClauses(source.text, source.offset, ctx.knownUnits, true, leadKnown);
    if (parsed) fromLines.push(parsed);
  }
  const groupAssignments = groups.map((g) => ({
    ...g,
    mentions: g.mentions.map((m) => ({ ...m, span: shift(m.span, offset) })),
  }));
  const units = mergeAssignments([...groupAssignments, ...fromLines]);
  const statementSpans = inline ? [{ start: inline.start, end: inline.end }] : [];
  const withoutUnits = blank(working, [...groups.map((g) => g.span), ...statementSpans], 0);

  const deadline = detectDeadline(working, ctx.planYear);
  let deadlineResult: TPlanDeadline = { ...deadline, span: shift(deadline.span, offset) };
  // A 完成时限 cell or line states the task's deadline outright: it wins over dates mentioned in the text.
  let fromColumn = false;
  const statedInText = STATED_DEADLINE.exec(working);
  const statements = statedInText
    ? [{ start: offset + statedInText.index, end: offset + statedInText.index + statedInText[0].length }]
    : [];
  for (const extra of [...statements, ...draft.deadlineSources]) {
    const stated = detectDeadline(ctx.sourceText.slice(extra.start, extra.end), ctx.planYear, true);
    if (!stated.explicit && !stated.continuous) continue;
    if (!fromColumn || (stated.explicit && stated.date > deadlineResult.date)) {
      deadlineResult = { ...stated, span: shift(stated.span, extra.start) };
      fromColumn = true;
    }
  }

  const warnings = [...draft.warnings];
  const leaders = units.leaders ?? [];
  if (units.lead.length === 0 && units.support.length === 0) warnings.push('未标明责任单位');
  else if (units.lead.length === 0) warnings.push('未标明牵头单位');
  const rawUnits = [...groups.map((g) => g.raw), ...unitSources.map((s) => s.text)];
  const subItems = findSubItems(withoutUnits, offset);

  return {
    number: draft.number,
    // A unit statement taken out of the end may leave the comma that led to it.
    text:
      groups.length + statementSpans.length > 0
        ? tidyTaskText(withoutUnits).replace(/[，、；：]+$/, '')
        : tidyTaskText(withoutUnits),
    leadUnits: units.lead,
    supportUnits: units.support,
    unitsText: rawUnits.length > 0 ? rawUnits.join('') : null,
    unitMentions: units.mentions,
    ...(leaders.length > 0 ? { leaders } : {}),
    targets: [
      ...detectTargets(withoutUnits).map((t) => ({ ...t, span: shift(t.span, offset) })),
      ...(draft.targetSources ?? []).flatMap((source) =>
        detectTargets(ctx.sourceText.slice(source.start, source.end)).map((t) => ({
          ...t,
          span: shift(t.span, source.start),
        })),
      ),
    ],
    deadline: deadlineResult,
    references: (() => {
      const refs = detectReferences(withoutUnits);
      return { ...refs, placeMentions: refs.placeMentions?.map((p) => ({ ...p, span: shift(p.span, offset) })) };
    })(),
    ...(subItems.length > 0 ? { subItems } : {}),
    groupTitle: draft.groupTitle,
    sourceSpan: draft.span,
    warnings,
  };
}
