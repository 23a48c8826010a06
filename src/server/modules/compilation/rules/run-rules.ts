import { RULE_LABELS, type TRule, type TRuleProblem } from '../../../../shared/compilation.ts';
import { checkChronicleEntries, checkDateRange } from './check-dates.ts';
import {
  checkEntryTitle,
  checkGenreElements,
  checkLivingBiography,
  checkNumberingGaps,
  checkNumbers,
  checkRelativeWords,
  checkWordBudget,
  checkWordLists,
} from './check-text.ts';
import type { Problem, RuleContext, RuleNode } from './rule-input.ts';

/** Runs every enabled rule on the given nodes; problems in reading order of the nodes, errors first within a node. Pure. */
export function runRules(ctx: RuleContext, nodes: readonly RuleNode[]): TRuleProblem[] {
  const enabled = (r: TRule) => !ctx.settings.disabled.includes(r);
  const out: TRuleProblem[] = [];
  for (const node of nodes) {
    const found: Problem[] = [
      ...(enabled('entry-title') ? checkEntryTitle(ctx, node) : []),
      ...(enabled('date-range') ? checkDateRange(ctx, node) : []),
      ...(enabled('living-biography') ? checkLivingBiography(node) : []),
      ...(enabled('banned-words') ? checkWordLists(ctx, node) : []),
      ...(enabled('relative-words') ? checkRelativeWords(node) : []),
      ...(enabled('numbers') ? checkNumbers(node) : []),
      ...(enabled('numbering-gaps') ? checkNumberingGaps(node) : []),
      ...(enabled('word-budget') ? checkWordBudget(node) : []),
      ...(enabled('genre-elements') ? [...checkChronicleEntries(node), ...checkGenreElements(node)] : []),
    ];
    found.sort((a, b) =>
      a.severity === b.severity ? (a.paragraph ?? -1) - (b.paragraph ?? -1) : a.severity === 'error' ? -1 : 1,
    );
    out.push(...found.map((p) => ({ ...p, ruleLabel: RULE_LABELS[p.rule as TRule] })));
  }
  return out;
}
