import { Alert, Card, Empty, Grid, List, Progress, Result, Space, Spin, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { TMyTasks } from '../../../shared/reports.ts';
import { REPORT_STATUS_LABELS } from '../../../shared/supervision.ts';
import { errorMessage } from '../../api/client.ts';
import { useMyTasks } from './api.ts';
import { TaskLight } from './TaskLight.tsx';

const ROLE_LABEL = { lead: '牵头', support: '配合' } as const;
const taskLink = (taskId: number, number: string, period?: string) => (
  <Link to={`/supervision/tasks/${taskId}${period ? `?period=${period}` : ''}`} data-testid={`task-link-${number}`}>
    第 {number} 项
  </Link>
);

/** 我的任务: the unit view — my unit's tasks with their lights, what must be filed this period, what was returned. */
export function MyTasksPage() {
  const my = useMyTasks();
  // On a phone each task is a card: a table of six columns does not fit 390 px.
  const phone = !Grid.useBreakpoint().md;
  if (my.isPending) return <Spin />;
  if (my.isError) return <Result status="warning" title={errorMessage(my.error)} />;
  const d = my.data;
  if (d.unitId === null) {
    return (
      <Result
        status="info"
        title="您的账号没有所属单位"
        subTitle="“我的任务”列出本单位承担的任务。请联系系统管理员设置所属单位；督办员和委领导请从工作要点进入各项任务。"
      />
    );
  }
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {d.unitName} · 我的任务{' '}
        <Typography.Text type="secondary" style={{ fontSize: 14 }}>
          （今天 {d.today}）
        </Typography.Text>
      </Typography.Title>
      {d.returned.length > 0 && (
        <Card
          title={
            <span>
              被退回的报告 <Tag color="red">{d.returned.length}</Tag>
            </span>
          }
          data-testid="returned-list"
          size="small"
        >
          <Table<TMyTasks['returned'][number]>
            size="small"
            rowKey="reportId"
            pagination={false}
            scroll={{ x: 560 }}
            dataSource={d.returned}
            columns={[
              {
                title: '任务',
                dataIndex: 'number',
                width: 90,
                render: (n: string, r) => taskLink(r.taskId, n, r.period),
              },
              { title: '周期', dataIndex: 'periodLabel', width: 140 },
              {
                title: '退回意见',
                dataIndex: 'comment',
                render: (c: string | null) => <Typography.Text type="danger">{c}</Typography.Text>,
              },
              { title: '退回人', dataIndex: 'decidedBy', width: 120 },
              { title: '时间', dataIndex: 'decidedAt', width: 120, render: (v: string | null) => v?.slice(0, 10) },
            ]}
          />
        </Card>
      )}
      {d.pending.length > 0 && (
        <Card
          title={
            <span>
              待我审核 <Tag color="orange">{d.pending.length}</Tag>
            </span>
          }
          data-testid="pending-list"
          size="small"
        >
          <Table<TMyTasks['pending'][number]>
            size="small"
            rowKey="reportId"
            pagination={false}
            dataSource={d.pending}
            columns={[
              {
                title: '任务',
                dataIndex: 'number',
                width: 90,
                render: (n: string, r) => taskLink(r.taskId, n, r.period),
              },
              { title: '周期', dataIndex: 'periodLabel', width: 140 },
              {
                title: '提交时间',
                dataIndex: 'submittedAt',
                render: (v: string | null) => v?.slice(0, 16).replace('T', ' '),
              },
            ]}
          />
        </Card>
      )}
      <Card title="本期应报" size="small" data-testid="to-file-list">
        {d.toFile.length === 0 ? (
          <Empty description="本期进展均已报送" />
        ) : phone ? (
          <List
            dataSource={d.toFile}
            renderItem={(r) => (
              <List.Item key={`${r.taskId}-${r.period}`}>
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap size={4}>
                    {taskLink(r.taskId, r.number, r.period)}
                    <Tag color={r.role === 'lead' ? 'blue' : 'default'}>{ROLE_LABEL[r.role]}</Tag>
                    <span>{r.periodLabel}</span>
                    {r.overdue && <Tag color="red">已逾期</Tag>}
                  </Space>
                  <Typography.Text ellipsis>{r.text}</Typography.Text>
                  <Typography.Text type="secondary">
                    {r.dueDate} 前报送 · {r.status ? REPORT_STATUS_LABELS[r.status] : '未填报'}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        ) : (
          <Table<TMyTasks['toFile'][number]>
            size="small"
            rowKey={(r) => `${r.taskId}-${r.period}`}
            pagination={false}
            dataSource={d.toFile}
            columns={[
              {
                title: '任务',
                dataIndex: 'number',
                width: 90,
                render: (n: string, r) => taskLink(r.taskId, n, r.period),
              },
              { title: '内容', dataIndex: 'text', ellipsis: true },
              {
                title: '身份',
                dataIndex: 'role',
                width: 70,
                render: (r: 'lead' | 'support') => <Tag color={r === 'lead' ? 'blue' : 'default'}>{ROLE_LABEL[r]}</Tag>,
              },
              { title: '周期', dataIndex: 'periodLabel', width: 120 },
              {
                title: '报送截止',
                dataIndex: 'dueDate',
                width: 170,
                render: (v: string, r) => (
                  <span>
                    {v} {r.overdue && <Tag color="red">已逾期</Tag>}
                  </span>
                ),
              },
              {
                title: '状态',
                dataIndex: 'status',
                width: 90,
                render: (s: TMyTasks['toFile'][number]['status']) =>
                  s ? REPORT_STATUS_LABELS[s] : <Typography.Text type="secondary">未填报</Typography.Text>,
              },
            ]}
          />
        )}
      </Card>
      <Card title={`本单位任务（${d.tasks.length} 项）`} size="small">
        {d.tasks.length === 0 ? (
          <Alert type="info" showIcon message="本单位目前没有承担工作要点中的任务。" />
        ) : phone ? (
          <List
            data-testid="my-task-cards"
            dataSource={d.tasks}
            renderItem={(r) => (
              <List.Item key={r.taskId}>
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap size={4}>
                    {taskLink(r.taskId, r.number)}
                    <Tag color={r.role === 'lead' ? 'blue' : 'default'}>{ROLE_LABEL[r.role]}</Tag>
                    <TaskLight health={r.health} />
                  </Space>
                  <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                    {r.text}
                  </Typography.Paragraph>
                  <Typography.Text type="secondary">时限 {r.deadline}</Typography.Text>
                  {r.role === 'lead' && <Progress percent={r.latestPercent ?? 0} size="small" />}
                </Space>
              </List.Item>
            )}
          />
        ) : (
          <Table<TMyTasks['tasks'][number]>
            size="small"
            rowKey="taskId"
            pagination={false}
            dataSource={d.tasks}
            data-testid="my-task-table"
            columns={[
              { title: '编号', dataIndex: 'number', width: 90, render: (n: string, r) => taskLink(r.taskId, n) },
              { title: '任务', dataIndex: 'text', ellipsis: true },
              {
                title: '身份',
                dataIndex: 'role',
                width: 70,
                render: (r: 'lead' | 'support') => <Tag color={r === 'lead' ? 'blue' : 'default'}>{ROLE_LABEL[r]}</Tag>,
              },
              { title: '完成时限', dataIndex: 'deadline', width: 110 },
              {
                title: '进度',
                dataIndex: 'latestPercent',
                width: 140,
                render: (p: number | null, r) => (r.role === 'lead' ? <Progress percent={p ?? 0} size="small" /> : '—'),
              },
              {
                title: '状态',
                dataIndex: 'health',
                width: 180,
                render: (h: TMyTasks['tasks'][number]['health']) => <TaskLight health={h} />,
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
