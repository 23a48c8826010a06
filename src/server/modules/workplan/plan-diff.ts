import type { TPlanDiff, TTaskHistory, TTaskInput } from '../../../shared/workplan.ts';
import { foldForMatching } from './parse/normalize-text.ts';

/**
 * Matches the tasks of a revised plan to the saved ones by content — text similarity plus units, the number only
 * breaking ties — so that a dropped item 1 and a renumbered rest never move a report onto another task's text.
 */

/** The comparable face of a task, saved or newly parsed: what a revised document can change. */
export interface TaskFace {
  /** The saved task's id; absent for a parsed one. */
  id?: number;
  number: string;
  text: string;
  lead: string[];
  support: string[];
  targets: string[];
  deadline: string;
  history?: TTaskHistory;
  /** A saved task an earlier revision archived (已撤销): matched only by tasks no current one takes. */
  archived?: boolean;
}

export function faceOfInput(t: TTaskInput): TaskFace {
  return {
    number: t.number,
    text: t.text,
    lead: t.leadUnits.map((u) => u.name),
    support: t.supportUnits.map((u) => u.name),
    targets: t.targets.map((g) => g.text),
    deadline: t.deadline.date,
  };
}

const FIELD_LABELS: [keyof Pick<TaskFace, 'text' | 'lead' | 'support' | 'targets' | 'deadline'>, string][] = [
  ['text', '任务内容'],
  ['lead', '牵头单位'],
  ['support', '配合单位'],
  ['targets', '量化指标'],
  ['deadline', '完成时限'],
];

/** Character bigrams of the folded text without punctuation or spaces. */
function bigrams(text: string): Map<string, number> {
  const clean = foldForMatching(text).replace(/[\s\p{P}\p{S}]/gu, '');
  const grams = new Map<string, number>();
  for (let i = 0; i + 1 < clean.length; i++) {
    const g = clean.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  if (clean.length === 1) grams.set(clean, 1);
  return grams;
}

/** Dice coefficient of bigram multisets: 1 for the same text, near 0 for unrelated ones. */
export function textSimilarity(a: string, b: string): number {
  const ga = bigrams(a);
  const gb = bigrams(b);
  let total = 0;
  let shared = 0;
  for (const n of ga.values()) total += n;
  for (const n of gb.values()) total += n;
  for (const [g, n] of ga) shared += Math.min(n, gb.get(g) ?? 0);
  return total === 0 ? 0 : (2 * shared) / total;
}

function unitSimilarity(a: TaskFace, b: TaskFace): number {
  const sa = new Set([...a.lead, ...a.support].map((n) => foldForMatching(n)));
  const sb = new Set([...b.lead, ...b.support].map((n) => foldForMatching(n)));
  if (sa.size === 0 && sb.size === 0) return 1;
  const inter = [...sa].filter((n) => sb.has(n)).length;
  return inter / new Set([...sa, ...sb]).size;
}

/** Below this the two tasks are different work, whatever their numbers say. */
const MATCH_THRESHOLD = 0.45;

export interface TaskMatch {
  saved: TaskFace;
  revised: TaskFace;
  similarity: number;
}

/** Pairs saved and revised tasks by content, best pairs first; each task is used at most once. */
export function matchTasks(saved: readonly TaskFace[], revised: readonly TaskFace[]): TaskMatch[] {
  const candidates: { s: number; r: number; score: number; text: number }[] = [];
  const revisedGrams = revised.map((t) => t.text);
  saved.forEach((s, si) => {
    revised.forEach((r, ri) => {
      const text = textSimilarity(s.text, revisedGrams[ri] as string);
      const units = unitSimilarity(s, r);
      const score = 0.8 * text + 0.2 * units + (s.number === r.number ? 0.01 : 0);
      // Units confirm a reworded task; they never make unrelated text a match.
      if (text >= MATCH_THRESHOLD || (text >= 0.3 && units === 1 && s.lead.length > 0))
        candidates.push({ s: si, r: ri, score, text });
    });
  });
  candidates.sort((a, b) => b.score - a.score);
  const usedSaved = new Set<number>();
  const usedRevised = new Set<number>();
  const matches: TaskMatch[] = [];
  for (const c of candidates) {
    if (usedSaved.has(c.s) || usedRevised.has(c.r)) continue;
    usedSaved.add(c.s);
    usedRevised.add(c.r);
    matches.push({
      saved: saved[c.s] as TaskFace,
      revised: revised[c.r] as TaskFace,
      similarity: Math.round(c.text * 100) / 100,
    });
  }
  return matches;
}

const NO_HISTORY: TTaskHistory = { reports: 0, milestones: 0, chases: 0, extensions: 0 };

export function hasHistory(h: TTaskHistory | undefined): boolean {
  return h !== undefined && h.reports + h.milestones + h.chases + h.extensions > 0;
}

/** What a revised plan changes, task by task (matched by content): one entry per task, plus the summary lists. */
export function diffPlans(savedTasks: readonly TaskFace[], revised: readonly TaskFace[]): TPlanDiff {
  const saved = savedTasks.filter((t) => !t.archived);
  const current = matchTasks(saved, revised);
  const taken = new Set(current.map((m) => m.revised));
  // A revision that brings back an archived task restores it, with its history.
  const restored = matchTasks(
    savedTasks.filter((t) => t.archived),
    revised.filter((t) => !taken.has(t)),
  );
  const matches = [...current, ...restored];
  const byRevised = new Map(matches.map((m) => [m.revised, m]));
  const matchedSaved = new Set(matches.map((m) => m.saved));
  const diff: TPlanDiff = { added: [], removed: [], changed: [], unchanged: 0, entries: [] };
  for (const t of revised) {
    const m = byRevised.get(t);
    if (!m) {
      diff.added.push(t.number);
      diff.entries.push({
        status: 'new',
        number: t.number,
        previousNumber: null,
        taskId: null,
        text: t.text,
        previousText: null,
        fields: [],
        similarity: null,
        history: null,
        outcome: null,
      });
      continue;
    }
    const old = m.saved;
    const fields = FIELD_LABELS.filter(([key]) => JSON.stringify(old[key]) !== JSON.stringify(t[key])).map(
      ([, label]) => label,
    );
    if (old.archived) fields.unshift('恢复已撤销的任务');
    const renumbered = old.number !== t.number;
    if (fields.length > 0) diff.changed.push({ number: t.number, fields });
    else diff.unchanged += 1;
    diff.entries.push({
      status: fields.length > 0 ? 'changed' : renumbered ? 'renumbered' : 'kept',
      number: t.number,
      previousNumber: old.number,
      taskId: old.id ?? null,
      text: t.text,
      previousText: fields.includes('任务内容') ? old.text : null,
      fields: renumbered && fields.length > 0 ? ['编号', ...fields] : fields,
      similarity: m.similarity,
      history: old.history ?? NO_HISTORY,
      outcome: null,
    });
  }
  for (const t of saved) {
    if (matchedSaved.has(t)) continue;
    diff.removed.push(t.number);
    diff.entries.push({
      status: 'dropped',
      number: null,
      previousNumber: t.number,
      taskId: t.id ?? null,
      text: t.text,
      previousText: t.text,
      fields: [],
      similarity: null,
      history: t.history ?? NO_HISTORY,
      outcome: hasHistory(t.history) ? 'archive' : 'delete',
    });
  }
  return diff;
}
