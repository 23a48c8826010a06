import { AppError } from '../../../shared/errors.ts';
import {
  DECISION_LABELS,
  PANEL_ROLE_LABELS,
  RESPONSE_LABELS,
  SEVERITY_LABELS,
  type TDecision,
  type TOpinion,
  type TPanelMember,
} from '../../../shared/review.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import { formatOfficialDate, type OfficialBlock } from '../documents/official-format.ts';
import { opinionsFor } from './opinions.ts';
import { loadPeople, presentPanel, roundLabel } from './present.ts';
import type { RoundRow } from './review.repository.ts';
import { loadRound } from './round-access.ts';

/** The two documents of a round, in official format (GB/T 9704): 审查验收意见书 and 修改说明. */

const day = (iso: string | null) => (iso ? formatOfficialDate(iso.slice(0, 10)) : '未定');

function where(o: TOpinion): string {
  if (o.anchor.kind === 'book') return '全书';
  if (o.anchor.kind === 'node') return o.anchor.title;
  return `${o.anchor.title}“${o.anchor.quote.length > 40 ? `${o.anchor.quote.slice(0, 40)}……` : o.anchor.quote}”`;
}

/** Pure: the 审查验收意见书's blocks. */
export function opinionLetterBlocks(
  round: Pick<
    RoundRow,
    'book_title' | 'convening_body' | 'meeting_date' | 'decision_text' | 'submission_label' | 'reading_deadline'
  > & {
    label: string;
    decision: TDecision;
  },
  panel: readonly TPanelMember[],
  opinions: readonly TOpinion[],
): OfficialBlock[] {
  const active = panel.filter((p) => !p.conflict);
  const blocks: OfficialBlock[] = [
    { kind: 'heading1', text: '一、评审概况' },
    {
      kind: 'body',
      text: `${round.convening_body}组织对《${round.book_title}》${round.submission_label ? `（${round.submission_label}）` : ''}进行${round.label}。评审组由${active.length}人组成，主审人${active.find((p) => p.role === 'chair')?.displayName ?? '未设'}；审读截止${day(round.reading_deadline)}，评审会于${day(round.meeting_date)}召开。`,
    },
  ];
  const recused = panel.filter((p) => p.conflict);
  if (recused.length)
    blocks.push({
      kind: 'body',
      text: `${recused.map((p) => p.displayName).join('、')}声明存在利益冲突，已回避。`,
    });
  blocks.push({ kind: 'heading1', text: '二、评审意见' });
  for (const para of (round.decision_text ?? '').split(/\n+/).filter((s) => s.trim()))
    blocks.push({ kind: 'body', text: para.trim() });
  const own = opinions.filter((o) => !o.earlier && (o.severity === 'must' || o.severity === 'veto'));
  if (own.length) {
    blocks.push({ kind: 'heading1', text: '三、必须修改的问题' });
    own.forEach((o, i) =>
      blocks.push({
        kind: 'heading3',
        text: `${i + 1}.${where(o)}`,
        follow: `（${o.category}，${SEVERITY_LABELS[o.severity]}）${o.text}`,
      }),
    );
  }
  blocks.push({ kind: 'heading1', text: `${own.length ? '四' : '三'}、评审结论` });
  blocks.push({ kind: 'body', text: `经评审组审议，评审结论为：${DECISION_LABELS[round.decision]}。` });
  blocks.push({ kind: 'heading1', text: `${own.length ? '五' : '四'}、评审组签名` });
  for (const p of active)
    blocks.push({
      kind: 'body',
      text: `${PANEL_ROLE_LABELS[p.role]}：${p.displayName}${p.unitName ? `（${p.unitName}）` : ''}　${p.signedAt ? `已于${day(p.signedAt)}登录确认签名` : '尚未签名'}`,
    });
  return blocks;
}

/** Pure: the 修改说明 — every opinion with its answer and where it was carried out. */
export function revisionNoteBlocks(bookTitle: string, label: string, opinions: readonly TOpinion[]): OfficialBlock[] {
  const blocks: OfficialBlock[] = [
    {
      kind: 'body',
      text: `现将《${bookTitle}》${label}中评审专家所提意见的采纳和修改情况逐条说明如下。`,
    },
  ];
  const groups: [string, TOpinion[]][] = [
    ['一、本轮意见', opinions.filter((o) => !o.earlier)],
    ['二、此前各轮意见', opinions.filter((o) => o.earlier && o.supersededById === null)],
  ];
  for (const [heading, list] of groups) {
    if (list.length === 0) continue;
    blocks.push({ kind: 'heading1', text: heading });
    list.forEach((o, i) => {
      blocks.push({
        kind: 'heading3',
        text: `${i + 1}.${where(o)}`,
        follow: `（${o.roundLabel}，${o.author}，${o.category}，${SEVERITY_LABELS[o.severity]}）${o.text}`,
      });
      blocks.push({
        kind: 'body',
        text: o.response
          ? `答复：${RESPONSE_LABELS[o.response]}。${o.reason ? `理由：${o.reason.replace(/[。．.；;]+$/, '')}。` : ''}${o.resolvedLabel ? `已在${o.resolvedLabel}中修改。` : ''}`
          : '答复：尚未答复。',
      });
    });
  }
  return blocks;
}

export async function opinionLetterDocx(
  deps: { db: Db },
  principal: Principal,
  roundId: number,
): Promise<{ fileName: string; bytes: Uint8Array }> {
  const access = await loadRound(deps.db, principal, roundId, 'read');
  const { round } = access;
  if (round.state !== 'decided' || !round.decision)
    throw new AppError('CONFLICT', '这轮评审尚未作出结论，作出结论后才能生成审查验收意见书。');
  const people = await loadPeople(
    deps.db,
    access.panel.map((p) => p.user_id),
  );
  const label = roundLabel(round);
  const { renderOfficialDocx } = await import('../documents/official-docx.ts');
  const bytes = await renderOfficialDocx({
    title: `《${round.book_title}》${label}审查验收意见书`,
    addressee: null,
    blocks: opinionLetterBlocks(
      { ...round, label, decision: round.decision as TDecision },
      presentPanel(access.panel, people),
      await opinionsFor(deps.db, { ...access, seesAll: true }),
    ),
    issuer: round.convening_body,
    date: (round.decided_at ?? round.updated_at).slice(0, 10),
  });
  return { fileName: `${round.book_title}-${label}审查验收意见书.docx`, bytes };
}

export async function revisionNotesDocx(
  deps: { db: Db; clock: { now(): Date } },
  principal: Principal,
  roundId: number,
): Promise<{ fileName: string; bytes: Uint8Array }> {
  const access = await loadRound(deps.db, principal, roundId, 'read');
  const { round } = access;
  const label = roundLabel(round);
  const { renderOfficialDocx } = await import('../documents/official-docx.ts');
  const bytes = await renderOfficialDocx({
    title: `《${round.book_title}》${label}修改说明`,
    addressee: round.convening_body,
    blocks: revisionNoteBlocks(round.book_title, label, await opinionsFor(deps.db, access)),
    issuer: null,
    date: deps.clock.now().toISOString().slice(0, 10),
  });
  return { fileName: `${round.book_title}-${label}修改说明.docx`, bytes };
}
