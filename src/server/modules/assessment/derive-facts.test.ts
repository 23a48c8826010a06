import { describe, expect, it } from 'vitest';
import { deriveUnitFacts, doneDateOf, type FactsInput } from './derive-facts.ts';

const base = (over: Partial<FactsInput>): FactsInput => ({
  asOf: '2023-07-01',
  year: 2023,
  cycle: 'quarterly',
  dueDay: 20,
  reportsFrom: null,
  emptyReportMinChars: 10,
  units: [
    { id: 1, name: '资料处' },
    { id: 2, name: '方志馆' },
  ],
  tasks: [],
  reports: [],
  extensions: [],
  quality: [],
  ...over,
});

const report = (over: Partial<FactsInput['reports'][number]>): FactsInput['reports'][number] => ({
  taskId: 10,
  unitId: 1,
  role: 'lead',
  period: '2023-Q1',
  status: 'approved',
  percent: 30,
  progressText: '已完成资料征集方案并开始登记入库工作。',
  submittedAt: '2023-03-18T02:00:00.000Z',
  ...over,
});

describe('deriveUnitFacts', () => {
  it('counts reports due per lead task and period whose due day has passed: on time, late, missing', () => {
    const facts = deriveUnitFacts(
      base({
        tasks: [{ id: 10, deadline: '2023-12-31', closedAt: null, leadUnitIds: [1] }],
        reports: [
          report({ period: '2023-Q1' }),
          report({ period: '2023-Q2', submittedAt: '2023-06-25T01:00:00.000Z' }),
        ],
      }),
    );
    // By 1 July both Q1 (due 20 March) and Q2 (due 20 June) are due; Q2 came late.
    expect(facts).toEqual([
      expect.objectContaining({
        unitName: '资料处',
        leadTasks: 1,
        reportsDue: 2,
        reportsOnTime: 1,
        reportsMissing: 0,
        dueTasks: 0,
        onTimeTasks: 0,
      }),
    ]);
  });

  it('expects no report for a period that fell due before the plan was issued', () => {
    const facts = deriveUnitFacts(
      base({
        cycle: 'monthly',
        reportsFrom: '2023-03-21',
        tasks: [{ id: 10, deadline: '2023-12-31', closedAt: null, leadUnitIds: [1] }],
      }),
    );
    // Issued 21 March: January to March (the March report was due on the 20th) are not counted; April to June are.
    expect(facts[0]).toMatchObject({ reportsDue: 3, reportsMissing: 3 });
  });

  it('counts a draft or absent report as missing, and leaves out units that lead nothing', () => {
    const facts = deriveUnitFacts(
      base({
        tasks: [{ id: 10, deadline: '2023-12-31', closedAt: null, leadUnitIds: [1] }],
        reports: [report({ period: '2023-Q1', status: 'draft', submittedAt: null })],
      }),
    );
    expect(facts).toHaveLength(1);
    expect(facts[0]).toMatchObject({ reportsDue: 2, reportsMissing: 2, reportsOnTime: 0 });
  });

  it('judges tasks on time by closing or by an approved 100 % report, and counts only tasks due or done', () => {
    const facts = deriveUnitFacts(
      base({
        asOf: '2023-10-01',
        tasks: [
          { id: 10, deadline: '2023-06-30', closedAt: '2023-06-28T08:00:00.000Z', leadUnitIds: [1] },
          { id: 11, deadline: '2023-06-30', closedAt: '2023-07-05T08:00:00.000Z', leadUnitIds: [1] },
          { id: 12, deadline: '2023-09-30', closedAt: null, leadUnitIds: [1] },
          { id: 13, deadline: '2023-12-31', closedAt: null, leadUnitIds: [1] },
          { id: 14, deadline: '2023-12-31', closedAt: null, leadUnitIds: [1] },
        ],
        reports: [report({ taskId: 14, period: '2023-Q3', percent: 100, submittedAt: '2023-09-10T00:00:00.000Z' })],
      }),
    );
    // 10 on time, 11 late, 12 overdue and open, 13 not yet due (left out), 14 finished early.
    expect(facts[0]).toMatchObject({ leadTasks: 5, dueTasks: 4, onTimeTasks: 2 });
  });

  it('expects no reports after the period in which a task was finished', () => {
    const facts = deriveUnitFacts(
      base({
        asOf: '2023-12-31',
        tasks: [{ id: 10, deadline: '2023-12-31', closedAt: '2023-05-10T00:00:00.000Z', leadUnitIds: [1] }],
        reports: [
          report({ period: '2023-Q1' }),
          report({ period: '2023-Q2', submittedAt: '2023-05-09T00:00:00.000Z' }),
        ],
      }),
    );
    // Q1, Q2 (closed in Q2) are expected; Q3 is not; Q4 (due 20 December) neither.
    expect(facts[0]).toMatchObject({ reportsDue: 2, reportsOnTime: 2, reportsMissing: 0 });
  });

  it('counts empty reports by characters of progress text, from both roles, never drafts', () => {
    const facts = deriveUnitFacts(
      base({
        tasks: [
          { id: 10, deadline: '2023-12-31', closedAt: null, leadUnitIds: [1] },
          { id: 11, deadline: '2023-12-31', closedAt: null, leadUnitIds: [2] },
        ],
        reports: [
          report({ progressText: '  正常推进。  ' }),
          report({ taskId: 11, role: 'support', period: '2023-Q1', progressText: '配合' }),
          report({ period: '2023-Q2', status: 'draft', submittedAt: null, progressText: '无' }),
          report({ taskId: 11, unitId: 2, period: '2023-Q1', progressText: '馆藏资料数字化已完成一半以上。' }),
        ],
      }),
    );
    expect(facts.find((f) => f.unitId === 1)?.reportsEmpty).toBe(2);
    expect(facts.find((f) => f.unitId === 2)?.reportsEmpty).toBe(0);
  });

  it('takes approved extensions and the leader score per unit', () => {
    const facts = deriveUnitFacts(
      base({
        tasks: [{ id: 10, deadline: '2023-12-31', closedAt: null, leadUnitIds: [1, 2] }],
        extensions: [
          { unitId: 1, status: 'approved' },
          { unitId: 1, status: 'refused' },
          { unitId: 2, status: 'pending' },
        ],
        quality: [{ unitId: 2, score: 88, comment: '资料扎实' }],
      }),
    );
    expect(facts.map((f) => [f.unitName, f.extensionsApproved, f.qualityScore])).toEqual([
      ['资料处', 1, null],
      ['方志馆', 0, 88],
    ]);
  });

  it('finds the earlier of closing and a full approved report', () => {
    const task = { id: 10, deadline: '2023-12-31', closedAt: '2023-11-01T00:00:00.000Z', leadUnitIds: [1] };
    expect(doneDateOf(task, [report({ percent: 100, submittedAt: '2023-10-15T00:00:00.000Z' })])).toBe('2023-10-15');
    expect(
      doneDateOf(task, [report({ percent: 100, status: 'submitted', submittedAt: '2023-10-15T00:00:00.000Z' })]),
    ).toBe('2023-11-01');
  });
});
