import { describe, expect, it } from 'vitest';
import {
  decisionProblem,
  isBlocking,
  isResolved,
  responseProblem,
  carriesOver,
  type OpinionState,
} from './blocking.ts';
import {
  entryConditions,
  previousStage,
  refusalOf,
  roundPassed,
  type EarlierRound,
  type EntryFacts,
} from './entry-conditions.ts';
import { htmlToText, reanchor } from './plain-text.ts';

const passed = (stage: EarlierRound['stage'], signed = true): EarlierRound => ({
  stage,
  attempt: 1,
  state: 'decided',
  decision: 'pass_after_revision',
  signed,
});
const facts = (over: Partial<EntryFacts>): EntryFacts => ({
  kind: 'yearbook',
  stage: 'first_review',
  bookTitle: '吉林年鉴（2023）',
  submission: { outlineApproved: true, checklistMissing: [] },
  earlier: [],
  unresolvedBlocking: 0,
  ...over,
});
const unmet = (f: EntryFacts) =>
  entryConditions(f)
    .filter((c) => !c.met)
    .map((c) => c.detail);

describe('entry conditions', () => {
  it('orders the gating stages per kind, 评议 never gating', () => {
    expect(previousStage('yearbook', 'second_review')).toBe('first_review');
    expect(previousStage('chronicle', 'first_review')).toBe('trial_review');
    expect(previousStage('chronicle', 'consultation')).toBeNull();
    expect(previousStage('proof', 'proof_review')).toBeNull();
  });

  it('lets 初审 in on an approved outline and a complete 送审稿', () => {
    expect(unmet(facts({}))).toEqual([]);
  });

  it('names an unapproved outline and the missing 齐清定 items', () => {
    const f = facts({ submission: { outlineApproved: false, checklistMissing: ['凡例', '附录'] } });
    expect(unmet(f)).toEqual([
      '《吉林年鉴（2023）》的篇目有未批准的修改，请先在“编纂”中报批篇目并获批准',
      '送审稿齐清定检查缺：凡例、附录，请补齐后重新冻结送审稿',
      '本书还没有篇目评审，请先完成篇目评审',
    ]);
    expect(refusalOf(entryConditions(f), '初审')).toMatch(/^不能进入初审：《吉林年鉴（2023）》的篇目有未批准的修改/);
  });

  it('needs the previous stage passed and signed, and earlier must-fix items carried out', () => {
    expect(unmet(facts({ stage: 'second_review' }))).toEqual(['本书还没有初审，请先完成初审']);
    expect(unmet(facts({ stage: 'second_review', earlier: [passed('first_review', false)] }))).toEqual([
      '初审（第 1 轮）评审组尚未全部签名',
    ]);
    expect(
      unmet(
        facts({ stage: 'second_review', earlier: [{ ...passed('first_review'), decision: 'revise_and_rereview' }] }),
      ),
    ).toEqual(['初审（第 1 轮）的结论不是通过或修改后通过，请按意见修改后再审']);
    expect(unmet(facts({ stage: 'second_review', earlier: [passed('first_review')], unresolvedBlocking: 2 }))).toEqual([
      '前轮还有 2 条必须修改或否决意见未落实，请在修改说明（答复表）中逐条答复并注明落实的版本',
    ]);
    expect(unmet(facts({ stage: 'second_review', earlier: [passed('first_review')] }))).toEqual([]);
  });

  it('refuses a stage the kind does not have', () => {
    expect(unmet(facts({ stage: 'trial_review' }))[0]).toContain('没有“试写稿评审”');
  });

  it('takes an uploaded manuscript’s earlier stages on trust until it has rounds here', () => {
    expect(unmet(facts({ submission: null, stage: 'final_review' }))).toEqual([]);
    expect(unmet(facts({ submission: null, stage: 'final_review', earlier: [passed('first_review')] }))).toEqual([
      '本书还没有复审，请先完成复审',
    ]);
  });

  it('counts a round as passed only when decided passing and signed', () => {
    expect(roundPassed(passed('first_review'))).toBe(true);
    expect(roundPassed({ ...passed('first_review'), state: 'cancelled' })).toBe(false);
    expect(roundPassed({ ...passed('first_review'), decision: 'fail' })).toBe(false);
  });
});

describe('blocking rule', () => {
  const op = (over: Partial<OpinionState>): OpinionState => ({
    id: 1,
    severity: 'must',
    response: null,
    resolvedSubmissionId: null,
    resolvedLabel: null,
    ...over,
  });
  it('blocks must-fix and veto items until adopted and carried out in a version', () => {
    expect(isBlocking(op({}), new Set())).toBe(true);
    expect(isBlocking(op({ severity: 'veto' }), new Set())).toBe(true);
    expect(isBlocking(op({ severity: 'suggest' }), new Set())).toBe(false);
    expect(isBlocking(op({ response: 'adopted' }), new Set())).toBe(true);
    expect(isBlocking(op({ response: 'adopted', resolvedSubmissionId: 7 }), new Set())).toBe(false);
    expect(isBlocking(op({ response: 'partly', resolvedLabel: '第二稿' }), new Set())).toBe(false);
    expect(isBlocking(op({ response: 'rejected', resolvedLabel: '第二稿' }), new Set())).toBe(true);
    expect(isBlocking(op({}), new Set([1]))).toBe(false);
    expect(isResolved(op({ response: 'adopted', resolvedLabel: '  ' }))).toBe(false);
  });
  it('wants a reason for 不采纳 and 部分采纳', () => {
    expect(responseProblem('rejected', '')).toBe('不采纳的意见必须写明理由。');
    expect(responseProblem('partly', undefined)).toContain('部分采纳');
    expect(responseProblem('adopted', undefined)).toBeNull();
  });
  it('carries open suggestions over, never resolved or superseded ones', () => {
    expect(carriesOver(op({ severity: 'suggest' }), new Set())).toBe(true);
    expect(carriesOver(op({ severity: 'suggest' }), new Set([1]))).toBe(false);
    expect(carriesOver(op({ severity: 'reference', response: 'adopted' }), new Set())).toBe(false);
  });
  it('refuses a passing decision over an open veto, and 通过 over open must-fix items', () => {
    expect(decisionProblem('pass_after_revision', [op({ severity: 'veto' })], new Set())).toContain('否决');
    expect(decisionProblem('revise_and_rereview', [op({ severity: 'veto' })], new Set())).toBeNull();
    expect(decisionProblem('pass', [op({})], new Set())).toContain('必须修改');
    expect(decisionProblem('pass_after_revision', [op({})], new Set())).toBeNull();
  });
});

describe('reading text of a draft', () => {
  it('keeps blocks as lines and decodes entities, dropping markup', () => {
    expect(
      htmlToText(
        '<h2>人口</h2><p>常住人口&nbsp;2339.4万人&lt;约&gt;</p><table><tr><td>城镇</td><td>1491.9</td></tr></table>',
      ),
    ).toBe('人口\n常住人口 2339.4万人<约>\n城镇\t1491.9');
  });
});

describe('carrying an anchor to a later version', () => {
  const passage = {
    anchor_kind: 'passage',
    ordinal: 3,
    anchor_title: '人口总量',
    start_offset: 12,
    end_offset: 20,
    quote: '2339.4万人',
  };
  it('finds the passage again in the item of the same title', () => {
    const items = [
      { ordinal: 1, number: null, title: '概况', text: '' },
      { ordinal: 4, number: null, title: '人口总量', text: '2023年末（据抽样调查），全省常住人口2339.4万人。' },
    ];
    expect(reanchor(passage, items)).toMatchObject({
      anchor_kind: 'passage',
      ordinal: 4,
      start_offset: 20,
      end_offset: 28,
    });
  });
  it('falls back to the item, then to the book', () => {
    expect(reanchor(passage, [{ ordinal: 2, number: null, title: '人口总量', text: '改写了' }])).toMatchObject({
      anchor_kind: 'node',
      ordinal: 2,
      quote: null,
    });
    expect(reanchor(passage, [])).toMatchObject({ anchor_kind: 'book', ordinal: null });
  });
});
