import type { TPlanParseResult } from '../../../shared/workplan-parse.ts';

export type HighlightKind = 'unit' | 'target' | 'deadline' | 'task';

export interface Segment {
  text: string;
  kind: HighlightKind | null;
  /** Task number a highlighted span belongs to (for linking text and table). */
  task: string | null;
}

interface Span {
  start: number;
  end: number;
  kind: HighlightKind;
  task: string;
}

/** The spans worth highlighting in the original text: units, targets and deadlines of every task. */
export function collectSpans(parse: TPlanParseResult): Span[] {
  const spans: Span[] = [];
  for (const section of parse.sections) {
    for (const task of section.tasks) {
      for (const m of task.unitMentions ?? []) if (m.span) spans.push({ ...m.span, kind: 'unit', task: task.number });
      for (const g of task.targets) if (g.span) spans.push({ ...g.span, kind: 'target', task: task.number });
      if (task.deadline.span) spans.push({ ...task.deadline.span, kind: 'deadline', task: task.number });
    }
  }
  return spans;
}

/**
 * Cuts the text into plain and highlighted segments. Overlapping spans: the earlier-starting one wins and the later is
 * clipped, so every character appears exactly once and the text reads unchanged.
 */
export function buildSegments(text: string, spans: readonly Span[]): Segment[] {
  const sorted = [...spans]
    .filter((s) => s.end > s.start && s.start >= 0 && s.end <= text.length)
    .sort((a, b) => a.start - b.start);
  const segments: Segment[] = [];
  let cursor = 0;
  for (const span of sorted) {
    const start = Math.max(span.start, cursor);
    if (start >= span.end) continue;
    if (start > cursor) segments.push({ text: text.slice(cursor, start), kind: null, task: null });
    segments.push({ text: text.slice(start, span.end), kind: span.kind, task: span.task });
    cursor = span.end;
  }
  if (cursor < text.length) segments.push({ text: text.slice(cursor), kind: null, task: null });
  return segments;
}
