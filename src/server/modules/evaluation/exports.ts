import { AppError } from '../../../shared/errors.ts';
import { CAMPAIGN_KIND_LABELS, type TCampaignKind, type TSheetMarks } from '../../../shared/evaluation.ts';
import { scoreExpert } from '../../../shared/evaluation-score.ts';
import { neutralizeFormula } from '../../../shared/spreadsheet-safe.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { authorize } from '../../platform/policy.ts';
import { formatOfficialDate, type OfficialBlock } from '../documents/official-format.ts';
import { assertManages } from './campaign-access.ts';
import { campaignState, getCampaign, loadCampaign } from './campaigns.ts';
import { marksOf, entrySampledChars } from './results.ts';
import { newWorkbook } from '../../platform/workbook.ts';

type Deps = { db: Db; clock: Clock };
const STAGE_NAMES: Record<string, string> = { first: '初评', second: '复评', final: '终评' };

/** 成绩与投票 .xlsx: the ranking, then every sheet (criterion scores, error rate, veto, vote). Text neutralised. */
export async function exportScores(
  deps: Deps,
  principal: Principal,
  campaignId: number,
): Promise<{ bytes: Uint8Array; fileName: string; contentType: string }> {
  authorize(principal, 'campaign.manage');
  const { viewer, c } = await loadCampaign(deps, principal, campaignId);
  assertManages(viewer);
  const detail = await getCampaign(deps, principal, campaignId);
  const state = await campaignState(deps.db, c);
  const wb = await newWorkbook();
  const t = (v: string | null) => neutralizeFormula(v ?? '');
  const rank = wb.addWorksheet('排名');
  rank.columns = [
    { header: '名次', width: 6 },
    { header: '参评作品', width: 30 },
    { header: '申报单位', width: 26 },
    { header: '得分', width: 8 },
    { header: '依据', width: 8 },
    { header: '等级', width: 8 },
    { header: '否决', width: 6 },
    { header: '差错率（每万字）', width: 16 },
    { header: '推荐票/投票数', width: 14 },
    { header: '说明', width: 40 },
  ];
  for (const r of detail.ranking ?? [])
    rank.addRow([
      r.rank,
      t(r.title),
      t(r.unitName),
      r.total,
      r.stage ? STAGE_NAMES[r.stage] : '',
      t(r.grade),
      r.vetoed ? '是' : '',
      r.errorRate,
      `${r.votesFor}/${r.votesCast}`,
      t(r.note),
    ]);
  const sheet = wb.addWorksheet('评分明细');
  sheet.addRow([
    '参评作品',
    '专家',
    '阶段',
    ...state.definition.criteria.map((x) => x.name),
    '合计',
    '抽查字数',
    '差错数',
    '差错率（每万字）',
    '否决项',
    '投票',
    '评语',
  ]);
  const titles = new Map(state.entries.map((e) => [e.id, e]));
  for (const s of state.sheets.filter((x) => x.submitted === 1)) {
    const e = titles.get(s.entry_id)!;
    const name = state.expertNames.get(s.expert_id) ?? '';
    if (s.stage === 'final') {
      sheet.addRow([
        t(e.title),
        t(name),
        '终评',
        ...state.definition.criteria.map(() => ''),
        '',
        '',
        '',
        '',
        '',
        s.vote ? '推荐' : '不推荐',
        '',
      ]);
      continue;
    }
    const m = marksOf(s, name, entrySampledChars(e));
    const r = scoreExpert(state.definition, m);
    sheet.addRow([
      t(e.title),
      t(name),
      STAGE_NAMES[s.stage],
      ...r.criteria.map((x) => x.score),
      r.total,
      m.sampledChars,
      m.errors,
      r.errorRate,
      t(m.veto.join('、')),
      '',
      t((JSON.parse(s.marks_json) as TSheetMarks).comment),
    ]);
  }
  for (const ws of [rank, sheet]) ws.getRow(1).font = { bold: true };
  return {
    bytes: new Uint8Array(await wb.xlsx.writeBuffer()),
    fileName: `${c.title}-成绩与投票.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 通报 .docx in official format (GB/T 9704 page setup): the campaign, the results by grade, the common problems. */
export async function exportBulletin(
  deps: Deps,
  principal: Principal,
  campaignId: number,
): Promise<{ bytes: Uint8Array; fileName: string; contentType: string }> {
  authorize(principal, 'campaign.manage');
  const { viewer, c } = await loadCampaign(deps, principal, campaignId);
  assertManages(viewer);
  if (c.stage !== 'notice' && c.stage !== 'closed')
    throw new AppError('CONFLICT', '终评结束、进入公示后才能生成通报。');
  const d = await getCampaign(deps, principal, campaignId);
  const ranking = d.ranking ?? [];
  const units = new Set(d.entries.map((e) => e.unitName));
  const blocks: OfficialBlock[] = [];
  let n = 0;
  const h1 = (text: string) => blocks.push({ kind: 'heading1', text: `${NUMERALS[n++]}、${text}` });
  h1('评审基本情况');
  blocks.push({
    kind: 'body',
    text: `${c.year}年，按照${CAMPAIGN_KIND_LABELS[c.kind as TCampaignKind]}工作安排，全省${units.size}个地方志工作机构申报参评作品${d.entries.length}件${c.volume_year ? `（${c.volume_year}卷）` : ''}。经资格审查，聘请评审专家${d.experts.length}名，分${d.groups.length || 1}个评审组，按“${d.templateName}”（第${d.templateVersion}版）评分标准，实行本地区专家回避，经初评、复评、终评，评出结果${c.notice_from ? `，并于${formatOfficialDate(c.notice_from)}至${formatOfficialDate(c.notice_to!)}公示` : ''}。`,
  });
  h1('评审结果');
  let g2 = 0;
  for (const g of d.definition.grades) {
    const rows = ranking.filter((r) => r.grade === g.name);
    if (rows.length === 0) continue;
    blocks.push({ kind: 'heading2', text: `（${NUMERALS[g2++]}）${g.name}（${rows.length}件）` });
    blocks.push({
      kind: 'body',
      text: `${rows.map((r) => `《${r.title}》（${r.unitName}，${r.total}分）`).join('；')}。`,
    });
  }
  const vetoed = ranking.filter((r) => r.vetoed);
  if (vetoed.length)
    blocks.push({
      kind: 'body',
      text: `${vetoed.map((r) => `《${r.title}》`).join('、')}因存在否决项，不予评定等级。`,
    });
  if (d.problems && d.problems.length) {
    h1('存在的共性问题');
    for (const [i, p] of d.problems.entries())
      blocks.push({
        kind: 'heading3',
        text: `${i + 1}.${p.category}方面（${p.count}处）。`,
        follow: `如：${p.examples.slice(0, 3).join('；')}。`,
      });
  }
  h1('有关要求');
  blocks.push({
    kind: 'body',
    text: '各地要对照评审意见和上述问题认真整改，落实三审三校制度，把好政治关、史实关、文字关和出版质量关，不断提高年鉴编纂质量。',
  });
  const { renderOfficialDocx } = await import('../documents/official-docx.ts');
  const bytes = await renderOfficialDocx({
    title: `关于${c.title}结果的通报`,
    addressee: '各市（州）、县（市、区）地方志工作机构',
    blocks,
    issuer: '吉林省地方志编纂委员会办公室',
    date: deps.clock.now().toISOString().slice(0, 10),
  });
  return {
    bytes,
    fileName: `关于${c.title}结果的通报.docx`,
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  };
}
