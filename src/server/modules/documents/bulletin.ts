import type { OfficialDocumentInput } from './official-docx.ts';
import type { PlanReportData } from './plan-report-model.ts';
import { addresseeOf, composeProgressBlocks, splitTitle } from './progress-blocks.ts';

/**
 * 工作进展通报: one reporting period's progress of a plan, compiled from the approved reports of that period.
 * 标题 → 主送 → 现将…通报如下 → 一、总体进展 → 二、分项进展 → 三、存在问题 → 四、下一步工作 → 署名 → 成文日期. Pure.
 */
export function composeBulletin(data: PlanReportData): OfficialDocumentInput {
  const { plan, span } = data;
  return {
    title: splitTitle(`关于${span.label}《${plan.title}》落实情况的通报`),
    addressee: addresseeOf(data),
    blocks: [
      { kind: 'body', text: `现将${span.label}《${plan.title}》各项任务推进情况通报如下：` },
      ...composeProgressBlocks(data, '本期'),
    ],
    issuer: plan.issuer,
    date: data.today,
  };
}
