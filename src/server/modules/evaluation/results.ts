import type { TRankRow, TSheetMarks } from '../../../shared/evaluation.ts';
import {
  rankWithQuotas,
  scoreEntry,
  type TExpertMarks,
  type TScoreResult,
  type TScoreSheet,
} from '../../../shared/evaluation-score.ts';
import type { EntryRow, SheetRow } from './evaluation.repository.ts';
import { sampledChars, samplePassages } from './sample-passages.ts';

/**
 * The campaign's results from its rows, pure: each entry is scored (evaluation-score.ts) on the submitted sheets of
 * the last scoring stage it has (复评 over 初评), 终评 votes are counted, and rankWithQuotas gives ranks and grades.
 */

export function marksOf(
  sheet: Pick<SheetRow, 'marks_json'>,
  expertName: string,
  sampled: number,
): TExpertMarks & { raw: TSheetMarks } {
  const raw = JSON.parse(sheet.marks_json) as TSheetMarks;
  return {
    expert: expertName,
    deductions: raw.deductions,
    veto: raw.veto,
    sampledChars: sampled,
    errors: raw.errorMarks.length,
    raw,
  };
}

export function entrySampledChars(entry: Pick<EntryRow, 'text'>): number {
  return sampledChars(samplePassages(entry.text));
}

export interface EntryScore {
  entryId: number;
  stage: string | null;
  result: TScoreResult | null;
  votesFor: number;
  votesCast: number;
}

export function scoreEntries(
  definition: TScoreSheet,
  entries: readonly EntryRow[],
  sheets: readonly SheetRow[],
  expertNames: ReadonlyMap<number, string>,
): EntryScore[] {
  return entries.map((e) => {
    const mine = sheets.filter((s) => s.entry_id === e.id && s.submitted === 1);
    const stage = ['second', 'first'].find((st) => mine.some((s) => s.stage === st)) ?? null;
    const votes = mine.filter((s) => s.stage === 'final' && s.vote !== null);
    const sampled = entrySampledChars(e);
    const result =
      stage === null
        ? null
        : scoreEntry(
            definition,
            mine
              .filter((s) => s.stage === stage)
              .map((s) => marksOf(s, expertNames.get(s.expert_id) ?? `专家 ${s.expert_id}`, sampled)),
          );
    return {
      entryId: e.id,
      stage,
      result,
      votesFor: votes.filter((s) => s.vote === 1).length,
      votesCast: votes.length,
    };
  });
}

export function rankEntries(
  definition: TScoreSheet,
  quotas: Readonly<Record<string, number>>,
  entries: readonly EntryRow[],
  scores: readonly EntryScore[],
  unitName: (id: number) => string,
): TRankRow[] {
  const scored = scores.filter((s) => s.result !== null);
  const ranked = rankWithQuotas(
    scored.map((s) => ({
      id: s.entryId,
      total: s.result!.total,
      vetoed: s.result!.vetoed,
      votesFor: s.votesFor,
      votesCast: s.votesCast,
    })),
    definition.grades,
    quotas,
  );
  const byId = new Map(entries.map((e) => [e.id, e]));
  const rows: TRankRow[] = ranked.map((r) => {
    const s = scores.find((x) => x.entryId === r.id)!;
    const e = byId.get(r.id)!;
    return {
      entryId: r.id,
      title: e.title,
      unitName: unitName(e.unit_id),
      rank: r.rank,
      total: s.result!.total,
      stage: s.stage,
      grade: r.grade,
      vetoed: s.result!.vetoed,
      errorRate: s.result!.errorRate,
      votesFor: s.votesFor,
      votesCast: s.votesCast,
      note: r.note,
      experts: s.result!.experts.length,
    };
  });
  for (const s of scores.filter((x) => x.result === null)) {
    const e = byId.get(s.entryId)!;
    rows.push({
      entryId: e.id,
      title: e.title,
      unitName: unitName(e.unit_id),
      rank: rows.length + 1,
      total: null,
      stage: null,
      grade: null,
      vetoed: false,
      errorRate: null,
      votesFor: s.votesFor,
      votesCast: s.votesCast,
      note: '尚无提交的评分',
      experts: 0,
    });
  }
  return rows;
}

/** 共性问题 per category: problems noted by experts, vetoes and error marks, counted per criterion category. */
export function summarizeProblems(
  definition: TScoreSheet,
  sheets: readonly SheetRow[],
): { category: string; count: number; examples: string[] }[] {
  const categoryOf = new Map(definition.criteria.map((c) => [c.id, c.category || c.name]));
  const buckets = new Map<string, string[]>();
  const add = (cat: string, text: string) => buckets.set(cat, [...(buckets.get(cat) ?? []), text]);
  for (const s of sheets.filter((x) => x.submitted === 1 && x.stage !== 'final')) {
    const m = JSON.parse(s.marks_json) as TSheetMarks;
    for (const p of m.problems) add(categoryOf.get(p.criterion) ?? '其他', p.text);
    for (const v of m.veto) add('否决项', v);
    if (definition.errorRate)
      for (const em of m.errorMarks)
        add(
          categoryOf.get(definition.errorRate.criterion) ?? '编校质量',
          em.note ? `“${em.quote}”（${em.note}）` : `“${em.quote}”`,
        );
  }
  return [...buckets.entries()]
    .map(([category, texts]) => ({ category, count: texts.length, examples: [...new Set(texts)].slice(0, 5) }))
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category, 'zh'));
}
