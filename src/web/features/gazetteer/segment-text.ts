/**
 * Cuts a section's display text into runs the reader renders as React elements: each run knows whether it is
 * interlinear commentary and which hit (if any) it belongs to; page anchors are emitted where their page begins. Pure.
 */

export interface TextRun {
  kind: 'text';
  text: string;
  note: boolean;
  /** Index of the hit this run is part of, or null. */
  hit: number | null;
}

export interface AnchorMark {
  kind: 'anchor';
  id: string;
  label: string;
}

export type Segment = TextRun | AnchorMark;

export function segmentText(
  text: string,
  anchors: readonly { offset: number; id: string; label: string }[],
  notes: readonly { start: number; end: number }[],
  hits: readonly { offset: number; length: number }[],
): Segment[] {
  const cuts = new Set<number>([0, text.length]);
  for (const a of anchors) cuts.add(Math.min(Math.max(a.offset, 0), text.length));
  for (const n of notes) {
    cuts.add(n.start);
    cuts.add(n.end);
  }
  for (const h of hits) {
    cuts.add(h.offset);
    cuts.add(h.offset + h.length);
  }
  const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
  const anchorsAt = new Map<number, { id: string; label: string }[]>();
  for (const a of anchors) anchorsAt.set(a.offset, [...(anchorsAt.get(a.offset) ?? []), a]);
  const out: Segment[] = [];
  for (let i = 0; i < points.length; i++) {
    const start = points[i] as number;
    for (const a of anchorsAt.get(start) ?? []) out.push({ kind: 'anchor', id: a.id, label: a.label });
    const end = points[i + 1];
    if (end === undefined || end === start) continue;
    const note = notes.some((n) => n.start <= start && end <= n.end);
    const hitIndex = hits.findIndex((h) => h.offset <= start && end <= h.offset + h.length);
    const run: TextRun = { kind: 'text', text: text.slice(start, end), note, hit: hitIndex >= 0 ? hitIndex : null };
    const last = out[out.length - 1];
    if (last?.kind === 'text' && last.note === run.note && last.hit === run.hit) last.text += run.text;
    else out.push(run);
  }
  return out;
}
