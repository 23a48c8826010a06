import { useMemo, useState } from 'react';
import { Button, Card, DatePicker, Empty, Grid, List, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import {
  CHASE_LEVEL_LABELS,
  TASK_STATUS_LABELS,
  STATUS_LIGHT,
  TASK_STATUSES,
  type TTaskLight,
  type TTaskStatus,
} from '../../../shared/supervision.ts';
import { hasPermission, useMe } from '../../auth/use-me.ts';
import { PlanPicker, useDateChoice, usePlanChoice } from '../dashboard/PlanPicker.tsx';
import { TaskLight } from '../reports/TaskLight.tsx';
import { useRunReminders } from '../notifications/api.ts';
import { usePlanLights } from './api.ts';
import { ChaseModal } from './ChaseModal.tsx';
import { CloseTaskModal } from './CloseTaskModal.tsx';
import { OverdueModal } from './OverdueModal.tsx';
import { AcksDrawer, useUnackedCount } from './AcksDrawer.tsx';

const LIGHT_TAG_COLORS: Record<string, string> = {
  grey: 'default',
  green: 'success',
  yellow: 'warning',
  red: 'error',
  blue: 'processing',
};
const OVERDUE = 'report_overdue';

/**
 * 督办台: every task of a plan with its light on a day, filtered by light, unit and section; supervisors send 催办 and
 * 督办单 and close tasks from here. Unit people see their own tasks only (the server filters).
 */
export function SupervisionBoardPage() {
  const { data: me } = useMe();
  const [planId, setPlanId] = usePlanChoice();
  const [date, setDate] = useDateChoice();
  const [params, setParams] = useSearchParams();
  const focusTask = Number(params.get('task')) || null;
  const lights = usePlanLights(planId, date);
  const runReminders = useRunReminders();
  // Filters live in the URL, so a refresh or a shared link shows the same selection.
  const statuses = params.get('status')?.split(',').filter(Boolean) ?? [];
  const unitId = Number(params.get('unit')) || null;
  const sectionId = Number(params.get('section')) || null;
  const setParam = (key: string, value: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const setStatuses = (v: string[]) => setParam('status', v.length ? v.join(',') : null);
  const setUnitId = (v: number | null) => setParam('unit', v ? String(v) : null);
  const setSectionId = (v: number | null) => setParam('section', v ? String(v) : null);
  const [overdueOpen, setOverdueOpen] = useState(false);
  const [acksOpen, setAcksOpen] = useState(false);
  const canReadAcks = hasPermission(me, 'ack.read');
  const unacked = useUnackedCount(planId, canReadAcks);
  const phone = !Grid.useBreakpoint().md;
  const [chasing, setChasing] = useState<{ task: TTaskLight; mode: 'chase' | 'escalate' } | null>(null);
  const [closing, setClosing] = useState<TTaskLight | null>(null);
  const canChase = hasPermission(me, 'task.chase');
  const canClose = hasPermission(me, 'task.close');

  const tasks = useMemo(() => lights.data?.tasks ?? [], [lights.data]);
  const units = useMemo(() => {
    const all = new Map<number, string>();
    for (const t of tasks)
      for (const u of [...t.leadUnits, ...t.supportUnits]) if (u.unitId !== null) all.set(u.unitId, u.name);
    return [...all].map(([value, label]) => ({ value, label }));
  }, [tasks]);
  const sections = useMemo(
    () =>
      [...new Map(tasks.map((t) => [t.sectionId, t.sectionTitle])).entries()].map(([value, label]) => ({
        value,
        label,
      })),
    [tasks],
  );
  const shown = tasks.filter(
    (t) =>
      (statuses.length === 0 || statuses.includes(t.status) || (statuses.includes(OVERDUE) && t.reportOverdue)) &&
      (unitId === null || [...t.leadUnits, ...t.supportUnits].some((u) => u.unitId === unitId)) &&
      (sectionId === null || t.sectionId === sectionId),
  );
  const counts = Object.fromEntries(
    TASK_STATUSES.map((s) => [s, tasks.filter((t) => t.status === s).length]),
  ) as Record<TTaskStatus, number>;

  return (
    <Card
      title="督办台"
      extra={
        <Space wrap>
          <PlanPicker value={planId} onChange={setPlanId} />
          <DatePicker
            aria-label="截至日期"
            placeholder="截至今天"
            allowClear
            value={date ? dayjs(date) : null}
            onChange={(d) => setDate(d ? d.format('YYYY-MM-DD') : null)}
          />
          {canChase && (
            <Button danger data-testid="open-overdue" disabled={planId === null} onClick={() => setOverdueOpen(true)}>
              逾期未报 · 批量催办
            </Button>
          )}
          {canReadAcks && (
            <Button data-testid="open-acks" disabled={planId === null} onClick={() => setAcksOpen(true)}>
              签收情况{unacked !== null ? ` · 未签收 ${unacked}` : ''}
            </Button>
          )}
          {hasPermission(me, 'reminder.run') && (
            <Tooltip title="系统每 10 分钟自动检查一次；每条提醒只发一次">
              <Button icon={<BellOutlined />} loading={runReminders.isPending} onClick={() => runReminders.mutate()}>
                立即检查提醒
              </Button>
            </Tooltip>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }} data-testid="light-summary">
        {TASK_STATUSES.map((s) => (
          <Tag
            key={s}
            color={LIGHT_TAG_COLORS[STATUS_LIGHT[s]]}
            style={{ cursor: 'pointer' }}
            onClick={() => setStatuses(statuses.includes(s) ? statuses.filter((x) => x !== s) : [...statuses, s])}
          >
            {TASK_STATUS_LABELS[s]} {counts[s]}
          </Tag>
        ))}
        <Tag color="red">逾期未报 {tasks.filter((t) => t.reportOverdue).length}</Tag>
        {lights.data && <Typography.Text type="secondary">截至 {lights.data.date}</Typography.Text>}
      </Space>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label="按状态筛选"
          mode="multiple"
          allowClear
          placeholder="状态"
          style={{ minWidth: 200 }}
          value={statuses}
          onChange={setStatuses}
          options={[
            ...TASK_STATUSES.map((s) => ({ value: s, label: TASK_STATUS_LABELS[s] })),
            { value: OVERDUE, label: '逾期未报' },
          ]}
        />
        <Select
          aria-label="按单位筛选"
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder="责任单位"
          style={{ minWidth: 180 }}
          value={unitId}
          onChange={(v) => setUnitId(v ?? null)}
          options={units}
        />
        <Select
          aria-label="按部分筛选"
          allowClear
          placeholder="部分"
          style={{ minWidth: 200 }}
          value={sectionId}
          onChange={(v) => setSectionId(v ?? null)}
          options={sections}
        />
        <Typography.Text type="secondary">共 {shown.length} 项</Typography.Text>
      </Space>
      {phone ? (
        <List
          data-testid="board-cards"
          loading={lights.isPending && planId !== null}
          dataSource={shown}
          locale={{ emptyText: <Empty description={planId === null ? '请先导入工作要点' : '没有符合条件的任务'} /> }}
          renderItem={(t) => (
            <Card size="small" style={{ marginBottom: 8 }} data-testid={`board-card-${t.number}`}>
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                <Space wrap size={4}>
                  <Typography.Text strong>第{t.number}项</Typography.Text>
                  <TaskLight health={t} />
                </Space>
                <Link to={`/supervision/tasks/${t.taskId}`}>
                  <Typography.Paragraph ellipsis={{ rows: 3 }} style={{ marginBottom: 0 }}>
                    {t.text}
                  </Typography.Paragraph>
                </Link>
                <Typography.Text type="secondary">
                  {t.leadUnits.map((u) => u.name).join('、') || '—'} · 时限 {t.deadline} · 计划 {t.planned}% / 实际{' '}
                  {t.actual}%
                </Typography.Text>
                <Space size={4} wrap>
                  {t.chaseLevel !== null && (
                    <Tag color={t.chaseLevel > 0 ? 'volcano' : 'gold'}>{CHASE_LEVEL_LABELS[t.chaseLevel]}</Tag>
                  )}
                  {t.pendingExtension && <Tag color="purple">延期待批</Tag>}
                  {canChase && !t.closedAt && (
                    <Button size="small" onClick={() => setChasing({ task: t, mode: 'chase' })}>
                      催办
                    </Button>
                  )}
                  {canChase && !t.closedAt && (
                    <Button size="small" onClick={() => setChasing({ task: t, mode: 'escalate' })}>
                      督办单
                    </Button>
                  )}
                  {canClose && (
                    <Button size="small" onClick={() => setClosing(t)}>
                      {t.closedAt ? '重新打开' : '办结'}
                    </Button>
                  )}
                </Space>
              </Space>
            </Card>
          )}
        />
      ) : (
        <Table<TTaskLight>
          rowKey="taskId"
          size="middle"
          loading={lights.isPending && planId !== null}
          dataSource={shown}
          pagination={false}
          // Narrow screens scroll sideways instead of squeezing the task text to two characters.
          scroll={{ x: 1180 }}
          rowClassName={(t) => (t.taskId === focusTask ? 'ant-table-row-selected' : '')}
          onRow={(t) => ({ 'data-testid': `board-row-${t.number}` }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: <Empty description={planId === null ? '请先导入工作要点' : '没有符合条件的任务'} /> }}
          columns={[
            { title: '序号', dataIndex: 'number', width: 64 },
            {
              title: '任务',
              dataIndex: 'text',
              onCell: () => ({ style: { minWidth: 300 } }),
              render: (text: string, t) => (
                <Link to={`/supervision/tasks/${t.taskId}`}>
                  <Typography.Paragraph ellipsis={{ rows: 2, tooltip: text }} style={{ marginBottom: 0 }}>
                    {text}
                  </Typography.Paragraph>
                </Link>
              ),
            },
            {
              title: '牵头单位',
              key: 'lead',
              width: 120,
              render: (_, t) => t.leadUnits.map((u) => u.name).join('、') || '—',
            },
            { title: '完成时限', dataIndex: 'deadline', width: 110 },
            { title: '状态', key: 'light', width: 170, render: (_, t) => <TaskLight health={t} /> },
            { title: '计划/实际', key: 'progress', width: 100, render: (_, t) => `${t.planned}% / ${t.actual}%` },
            {
              title: '督办',
              key: 'chase',
              width: 110,
              render: (_, t) => (
                <Space size={4} wrap>
                  {t.chaseLevel !== null && (
                    <Tag color={t.chaseLevel > 0 ? 'volcano' : 'gold'}>{CHASE_LEVEL_LABELS[t.chaseLevel]}</Tag>
                  )}
                  {t.pendingExtension && <Tag color="purple">延期待批</Tag>}
                </Space>
              ),
            },
            ...(canChase || canClose
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    width: 200,
                    render: (_: unknown, t: TTaskLight) => (
                      <Space size={0} wrap>
                        {canChase && !t.closedAt && (
                          <Button type="link" size="small" onClick={() => setChasing({ task: t, mode: 'chase' })}>
                            催办
                          </Button>
                        )}
                        {canChase && !t.closedAt && (
                          <Button type="link" size="small" onClick={() => setChasing({ task: t, mode: 'escalate' })}>
                            督办单
                          </Button>
                        )}
                        {canClose && (
                          <Button type="link" size="small" onClick={() => setClosing(t)}>
                            {t.closedAt ? '重新打开' : '办结'}
                          </Button>
                        )}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <OverdueModal planId={planId} open={overdueOpen} onClose={() => setOverdueOpen(false)} />
      {canReadAcks && <AcksDrawer planId={planId} open={acksOpen} onClose={() => setAcksOpen(false)} />}
      <ChaseModal task={chasing?.task ?? null} mode={chasing?.mode ?? 'chase'} onClose={() => setChasing(null)} />
      <CloseTaskModal task={closing} onClose={() => setClosing(null)} />
    </Card>
  );
}
