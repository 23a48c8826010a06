import { useMemo } from 'react';
import { Button, Drawer, Empty, Grid, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { TAckStatus } from '../../../shared/supervision-loop.ts';
import { hasPermission, useMe } from '../../auth/use-me.ts';
import { useAckStatus, useRemindAcks } from './api.ts';

type Row = TAckStatus['rows'][number];

/** Open tasks with the units that have not 签收 them, in plan order. Pure. */
export function unackedByTask(rows: readonly Row[]): { taskId: number; number: string; text: string; units: Row[] }[] {
  const out = new Map<number, { taskId: number; number: string; text: string; units: Row[] }>();
  for (const r of rows) {
    if (r.ackedAt !== null || r.closed) continue;
    const entry = out.get(r.taskId) ?? { taskId: r.taskId, number: r.number, text: r.text, units: [] };
    entry.units.push(r);
    out.set(r.taskId, entry);
  }
  return [...out.values()];
}

/** The count the 督办台 button shows: task–unit pairs not yet acknowledged on open tasks. */
export function useUnackedCount(planId: number | null, enabled: boolean): number | null {
  const status = useAckStatus(enabled ? planId : null);
  return status.data ? status.data.rows.filter((r) => r.ackedAt === null && !r.closed).length : null;
}

/** 签收情况: who has not acknowledged which task, with 催签收 for one task or all of them. */
export function AcksDrawer({ planId, open, onClose }: { planId: number | null; open: boolean; onClose: () => void }) {
  const { data: me } = useMe();
  const status = useAckStatus(planId);
  const remind = useRemindAcks();
  const phone = !Grid.useBreakpoint().md;
  const canRemind = hasPermission(me, 'task.chase');
  const groups = useMemo(() => unackedByTask(status.data?.rows ?? []), [status.data]);
  const total = groups.reduce((n, g) => n + g.units.length, 0);
  const acked = (status.data?.rows ?? []).filter((r) => r.ackedAt !== null).length;
  return (
    <Drawer
      title="签收情况"
      open={open}
      onClose={onClose}
      width={phone ? '100%' : 560}
      extra={
        canRemind &&
        planId !== null &&
        total > 0 && (
          <Button
            danger
            data-testid="remind-acks-all"
            loading={remind.isPending && remind.variables?.taskId === null}
            onClick={() => remind.mutate({ planId, taskId: null })}
          >
            全部催签收
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary" data-testid="acks-summary">
        {status.data
          ? `已签收 ${acked} 个单位次，未签收 ${total} 个单位次（${groups.length} 项任务）。已办结的任务不再需要签收。`
          : '正在读取……'}
      </Typography.Paragraph>
      <List
        loading={status.isPending}
        dataSource={groups}
        locale={{ emptyText: <Empty description="各责任单位均已签收" /> }}
        renderItem={(g) => (
          <List.Item
            data-testid={`unacked-${g.number}`}
            actions={
              canRemind && planId !== null
                ? [
                    <Button
                      key="remind"
                      size="small"
                      data-testid={`remind-ack-${g.number}`}
                      loading={remind.isPending && remind.variables?.taskId === g.taskId}
                      onClick={() => remind.mutate({ planId, taskId: g.taskId })}
                    >
                      催签收
                    </Button>,
                  ]
                : []
            }
          >
            <Space direction="vertical" size={2} style={{ minWidth: 0 }}>
              <Link to={`/supervision/tasks/${g.taskId}`}>
                <Typography.Text strong>第{g.number}项</Typography.Text>{' '}
                <Typography.Text ellipsis style={{ maxWidth: phone ? 220 : 380 }}>
                  {g.text}
                </Typography.Text>
              </Link>
              <Space size={4} wrap>
                {g.units.map((u) => (
                  <Tag key={u.unitId} color={u.role === 'lead' ? 'orange' : 'default'}>
                    {u.unitName}（{u.role === 'lead' ? '牵头' : '配合'}）
                  </Tag>
                ))}
              </Space>
            </Space>
          </List.Item>
        )}
      />
    </Drawer>
  );
}
