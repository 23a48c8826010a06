import type { OfficialDocumentInput } from './official-format.ts';
import type { PlanReportData } from './plan-report-model.ts';
import { addresseeOf, composeProgressBlocks, splitTitle } from './progress-blocks.ts';

/**
 * 半年/年度工作总结: the same layout as the bulletin, with the year to date — every approved report from 1 January to the
 * end of the half year or the year, the latest of each unit standing for the task. Pure.
 */
export function composeSummary(data: PlanReportData): OfficialDocumentInput {
  const { plan, span } = data;
  return {
    title: splitTitle(
      plan.issuer ? `${plan.issuer}${span.label}工作总结` : `《${plan.title}》${span.label}落实情况总结`,
    ),
    addressee: addresseeOf(data),
    blocks: [
      { kind: 'body', text: `现将${span.label}《${plan.title}》落实情况总结如下：` },
      ...composeProgressBlocks(data, span.key.endsWith('-H1') ? '上半年' : '全年'),
    ],
    issuer: plan.issuer,
    date: data.today,
  };
}
