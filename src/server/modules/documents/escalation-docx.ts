import { AppError } from '../../../shared/errors.ts';
import type { TChase } from '../../../shared/supervision.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { loadVisibleChase } from '../supervision/actions/chase-task.ts';
import { findPlanById } from '../workplan/workplan.repository.ts';
import { formatOfficialDate, type OfficialBlock } from './official-format.ts';

/** What a 督办单 says, as official-format blocks: 文号, the task, what is asked, the 回复期限, the 签发人. Pure. */
export function escalationBlocks(
  chase: TChase,
  task: { number: string; text: string; deadline: string },
): OfficialBlock[] {
  const blocks: OfficialBlock[] = [];
  if (chase.docNumber) blocks.push({ kind: 'body', text: chase.docNumber });
  blocks.push({
    kind: 'body',
    text: `按照年度工作要点督查督办工作安排，现就第${task.number}项任务发出${chase.levelLabel}。`,
  });
  blocks.push({ kind: 'heading1', text: '一、督办事项' });
  blocks.push({
    kind: 'body',
    text: `第${task.number}项：${task.text}（完成时限：${formatOfficialDate(task.deadline)}）`,
  });
  blocks.push({ kind: 'heading1', text: '二、督办要求' });
  blocks.push({ kind: 'body', text: chase.message });
  blocks.push({ kind: 'heading1', text: '三、回复要求' });
  blocks.push({
    kind: 'body',
    text: chase.replyBy
      ? `请于${formatOfficialDate(chase.replyBy)}前在方志平台本任务页面签收并回复办理情况；逾期未回复的，将按程序升级督办。`
      : '请在方志平台本任务页面签收并及时回复办理情况。',
  });
  if (chase.answeredAt) {
    blocks.push({ kind: 'heading1', text: '四、办理回复' });
    blocks.push({
      kind: 'body',
      text: `${chase.unitName}于${formatOfficialDate(chase.answeredAt.slice(0, 10))}回复${chase.repliedLate ? '（逾期回复）' : ''}：${chase.replyText ?? ''}`,
    });
  }
  blocks.push({ kind: 'body', text: `签发人：${chase.signer ?? chase.createdBy ?? ''}` });
  return blocks;
}

/** The 督办单 as a printable .docx in official format (GB/T 9704), for whoever may see the task. 催办 has no document. */
export async function exportEscalationDocx(
  deps: { db: Db },
  actor: Actor,
  chaseId: number,
): Promise<{ fileName: string; bytes: Uint8Array }> {
  const { chase, task } = await loadVisibleChase(deps, actor, chaseId);
  if (chase.level === 0)
    throw new AppError('VALIDATION_FAILED', '催办通知没有督办单文书；一级及以上督办才生成编号的督办单。');
  const plan = await findPlanById(deps.db, task.plan_id);
  const { renderOfficialDocx } = await import('./official-docx.ts');
  const bytes = await renderOfficialDocx({
    title: `${chase.levelLabel}通知单`,
    addressee: chase.unitName,
    blocks: escalationBlocks(chase, task),
    issuer: plan?.issuer ?? null,
    date: chase.createdAt.slice(0, 10),
  });
  return { fileName: `${chase.docNumber ?? chase.levelLabel}-${chase.unitName}.docx`, bytes };
}
