import type { TGenre, TRuleProblem, TRuleSettings } from '../../../../shared/compilation.ts';

/** What the rules read: the project's 断限 and settings, and each node with its latest draft split into paragraphs. Pure data. */
export interface RuleNode {
  id: number;
  parentId: number | null;
  level: string;
  genre: TGenre;
  title: string;
  path: string;
  wordBudget: number | null;
  /** Paragraphs of the latest draft (tables as tab-separated rows); empty when there is no draft. */
  paragraphs: string[];
  chars: number;
  hasTable: boolean;
  hasImage: boolean;
}

export interface RuleContext {
  yearbook: boolean;
  lowerLimit: string | null;
  upperLimit: string | null;
  settings: TRuleSettings;
}

export type Problem = Omit<TRuleProblem, 'ruleLabel'>;

/** A short excerpt around `index` in `text`, for showing where the problem is. */
export function excerptAt(text: string, index: number, length: number): string {
  const start = Math.max(0, index - 12);
  const end = Math.min(text.length, index + length + 12);
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}
