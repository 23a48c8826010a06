import { describe, expect, it } from 'vitest';
import { DEFAULT_SUPERVISION } from '../../../../shared/supervision.ts';
import { computePlanHealth, type PlanHealthInput } from './plan-health.ts';

const input: PlanHealthInput = {
  year: 2023,
  issuedOn: '2023-03-21',
  settings: { ...DEFAULT_SUPERVISION, cycle: 'monthly', dueDay: 25 },
  tasks: [
    { id: 1, deadline: '2023-12-31', is_continuous: 0, closed_at: null },
    { id: 2, deadline: '2023-12-31', is_continuous: 0, closed_at: '2023-04-02T09:00:00Z' },
  ],
  milestones: [],
  leadReports: [
    {
      task_id: 2,
      period: '2023-03',
      status: 'approved',
      percent: 20,
      decided_at: '2023-03-30T00:00:00Z',
      submitted_at: '2023-03-24T00:00:00Z',
    },
  ],
};

describe('computePlanHealth', () => {
  it('on the day after issue nothing is overdue or behind: the February report fell due before the plan existed', () => {
    const h = computePlanHealth(input, '2023-03-22').get(1)!;
    expect(h.reportOverdue).toBe(false);
    expect(h.planned).toBeLessThanOrEqual(1);
    expect(h.light).toBe('grey');
  });
  it('the same day counted from 1 January (no issue date) is already overdue', () => {
    const h = computePlanHealth({ ...input, issuedOn: null }, '2023-03-22').get(1)!;
    expect(h.reportOverdue).toBe(true);
    expect(h.planned).toBeGreaterThan(20);
  });
  it('a closed task is blue and 100 % from its closing day on', () => {
    expect(computePlanHealth(input, '2023-04-01').get(2)!.actual).toBe(20);
    expect(computePlanHealth(input, '2023-04-02').get(2)).toMatchObject({ light: 'blue', actual: 100 });
  });
  it("a task's own start date moves its planned line and its first expected report; other tasks keep the issue date", () => {
    const late = {
      ...input,
      tasks: [
        { ...input.tasks[0]!, start_date: '2023-07-01' },
        { ...input.tasks[0]!, id: 3 },
      ],
    };
    // 20 June: the May report fell due on 25 May, after the issue date but before the task's own start.
    const own = computePlanHealth(late, '2023-06-20').get(1)!;
    const other = computePlanHealth(late, '2023-06-20').get(3)!;
    expect(own).toMatchObject({ planned: 0, reportOverdue: false, status: 'not_started' });
    expect(other.planned).toBeGreaterThan(20);
    expect(other.reportOverdue).toBe(true);
    // Half way from 1 July to 31 December the task is planned at about half.
    expect(computePlanHealth(late, '2023-09-30').get(1)!.planned).toBe(50);
  });
});
