import { describe, expect, it } from 'vitest';
import { computeTaskHealth, plannedPercent, planStartDate, type TaskHealthInput } from './task-health.ts';

const base: TaskHealthInput = {
  today: '2023-07-01',
  start: '2023-01-01',
  deadline: '2023-12-31',
  isContinuous: false,
  closedAt: null,
  milestones: [],
  approvedPercent: 50,
  reportOverdue: false,
  yellowPoints: 10,
  redPoints: 30,
};

describe('plannedPercent', () => {
  it('runs a straight line from 1 January to the deadline', () => {
    expect(plannedPercent(base)).toBe(50);
    expect(plannedPercent({ ...base, today: '2022-12-01' })).toBe(0);
    expect(plannedPercent({ ...base, today: '2024-02-01' })).toBe(100);
  });

  it('follows the weights of milestones when there are any', () => {
    const milestones = [
      { dueDate: '2023-03-31', weight: 1, reachedAt: null },
      { dueDate: '2023-09-30', weight: 3, reachedAt: null },
    ];
    expect(plannedPercent({ ...base, milestones })).toBe(25);
    expect(plannedPercent({ ...base, today: '2023-10-01', milestones })).toBe(100);
  });
});

describe('computeTaskHealth', () => {
  it('is green on plan, yellow 10–30 points behind, red beyond 30', () => {
    expect(computeTaskHealth(base)).toMatchObject({ status: 'on_track', light: 'green', planned: 50, actual: 50 });
    expect(computeTaskHealth({ ...base, approvedPercent: 40 }).light).toBe('yellow');
    expect(computeTaskHealth({ ...base, approvedPercent: 20 }).light).toBe('yellow');
    expect(computeTaskHealth({ ...base, approvedPercent: 19 })).toMatchObject({ light: 'red', status: 'behind' });
  });

  it('honours configured thresholds', () => {
    expect(computeTaskHealth({ ...base, approvedPercent: 45, yellowPoints: 5, redPoints: 8 }).light).toBe('yellow');
    expect(computeTaskHealth({ ...base, approvedPercent: 40, yellowPoints: 5, redPoints: 8 }).light).toBe('red');
  });

  it('is red past the deadline or a missed milestone, whatever the percent', () => {
    expect(computeTaskHealth({ ...base, deadline: '2023-06-30', approvedPercent: 90 }).light).toBe('red');
    const missed = computeTaskHealth({
      ...base,
      approvedPercent: 90,
      milestones: [{ dueDate: '2023-06-01', weight: 1, reachedAt: null }],
    });
    expect(missed).toMatchObject({ light: 'red', reasons: ['有 1 个节点逾期未完成'] });
  });

  it('does not turn a continuous task red at its nominal deadline', () => {
    expect(
      computeTaskHealth({ ...base, isContinuous: true, deadline: '2023-06-30', approvedPercent: 90 }).light,
    ).not.toBe('red');
  });

  it('shows grey before anything is approved, blue when done, and flags overdue reports', () => {
    expect(computeTaskHealth({ ...base, today: '2023-01-20', approvedPercent: null }).light).toBe('grey');
    expect(computeTaskHealth({ ...base, approvedPercent: 100 }).light).toBe('blue');
    expect(computeTaskHealth({ ...base, closedAt: '2023-05-01T00:00:00Z', approvedPercent: 10 }).status).toBe('done');
    const overdue = computeTaskHealth({ ...base, reportOverdue: true });
    expect(overdue).toMatchObject({ light: 'yellow', reportOverdue: true });
    expect(overdue.reasons).toContain('本期进展逾期未报');
  });
});

describe('fair start and 办结', () => {
  it('counts planned progress from the plan issue date, not 1 January', () => {
    // Issued 21 March, due 31 December: on 21 March nothing is planned yet, so a task with no report is not red.
    const start = planStartDate(2023, '2023-03-21');
    expect(start).toBe('2023-03-21');
    expect(plannedPercent({ ...base, start, today: '2023-03-21' })).toBe(0);
    expect(plannedPercent({ ...base, start: '2023-01-01', today: '2023-03-21' })).toBe(22);
    const early = computeTaskHealth({ ...base, start, today: '2023-04-10', approvedPercent: null });
    expect(early.status).toBe('not_started');
    expect(early.light).toBe('grey');
  });
  it('prefers a task start date, ignores dates outside the plan year, and falls back to 1 January', () => {
    expect(planStartDate(2023, '2023-03-21', '2023-05-01')).toBe('2023-05-01');
    expect(planStartDate(2023, '2022-12-20')).toBe('2023-01-01');
    expect(planStartDate(2023, null)).toBe('2023-01-01');
  });
  it('a closed (办结) task is 100 % complete whatever its last report said', () => {
    const closed = computeTaskHealth({ ...base, closedAt: '2023-06-01T08:00:00Z', approvedPercent: 30 });
    expect(closed).toMatchObject({ status: 'done', light: 'blue', actual: 100 });
    expect(computeTaskHealth({ ...base, closedAt: '2023-06-01T08:00:00Z', approvedPercent: null }).actual).toBe(100);
  });
});
