import {
  Button,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Grid,
  List,
  Popconfirm,
  Progress,
  Row,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import {
  ASSIGNMENT_KIND_LABELS,
  ASSIGNMENT_KINDS,
  type TAssignment,
  type TAssignmentKind,
  type TOutline,
  type TProjectProgress,
  type TProgressRow,
  type TProjectView,
} from '../../../shared/compilation.ts';
import { api } from '../../api/client.ts';
import { useUnits } from '../admin/api.ts';
import { projectKey, usePeople, useProjectMutation } from './api.ts';
import { numbered } from './OutlinePanel.tsx';

function ProgressTable({ rows, title }: { rows: TProgressRow[]; title: string }) {
  return (
    <Table<TProgressRow>
      size="small"
      rowKey="key"
      pagination={false}
      title={() => title}
      dataSource={rows}
      scroll={{ x: 520 }}
      columns={[
        { title: '名称', dataIndex: 'label' },
        { title: '条目', dataIndex: 'nodes', width: 60 },
        { title: '初稿', dataIndex: 'drafted', width: 60 },
        { title: '已编辑', dataIndex: 'edited', width: 70 },
        { title: '定稿', dataIndex: 'final', width: 60 },
        { title: '待办', dataIndex: 'open', width: 60 },
        { title: '逾期', dataIndex: 'overdue', width: 60, render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0) },
      ]}
    />
  );
}

/** 分工与进度: 供稿/撰稿/审读 given to units and people with due dates; progress per unit and per writer. */
export function AssignmentsPanel({ view, outline }: { view: TProjectView; outline: TOutline }) {
  const id = view.project.id;
  const screens = Grid.useBreakpoint();
  const units = useUnits();
  const people = usePeople(view.access.editOutline);
  const list = useQuery({
    queryKey: [...projectKey(id), 'assignments'],
    queryFn: () => api.get<TAssignment[]>(`/api/compilation/projects/${id}/assignments`),
  });
  const progress = useQuery({
    queryKey: [...projectKey(id), 'progress'],
    queryFn: () => api.get<TProjectProgress>(`/api/compilation/projects/${id}/progress`),
  });
  const create = useProjectMutation(
    id,
    (v: { nodeId: number; kind: TAssignmentKind; unitId: number | null; userId: number | null; dueDate: string }) =>
      api.post<TAssignment[]>(`/api/compilation/projects/${id}/assignments`, v),
    '已分配，并已通知承担单位',
  );
  const done = useProjectMutation(
    id,
    ({ aid, value }: { aid: number; value: boolean }) =>
      api.post<TAssignment[]>(`/api/compilation/projects/${id}/assignments/${aid}/done`, { done: value }),
    null,
  );
  const remove = useProjectMutation(
    id,
    (aid: number) => api.delete<TAssignment[]>(`/api/compilation/projects/${id}/assignments/${aid}`),
    '已撤销',
  );
  const [form] = Form.useForm<{
    nodeId: number;
    kind: TAssignmentKind;
    unitId?: number;
    userId?: number;
    due: Dayjs;
  }>();
  const ids = new Set(outline.nodes.map((n) => n.id));
  interface Choice {
    value: number;
    title: string;
    children: Choice[];
  }
  const tree = (parentId: number | null): Choice[] =>
    outline.nodes
      .filter((n) => n.parentId === parentId || (parentId === null && n.parentId !== null && !ids.has(n.parentId)))
      .map((n) => ({ value: n.id, title: `${numbered(n)}（${n.level}）`, children: tree(n.id) }));
  const p = progress.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      {p && (
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Typography.Text>全书进度</Typography.Text>
            <Progress percent={p.percent} />
            {p.plannedPercent !== null && (
              <Typography.Text type="secondary">
                按进度安排应完成 {p.plannedPercent}%（{p.currentStage}）
              </Typography.Text>
            )}
          </Col>
          <Col xs={24} md={16}>
            <Typography.Text type="secondary">
              条目 {p.total.nodes}：初稿 {p.total.drafted}，已编辑 {p.total.edited}，定稿 {p.total.final}；待办{' '}
              {p.total.open}，逾期 {p.total.overdue}
            </Typography.Text>
          </Col>
        </Row>
      )}
      {view.access.editOutline && (
        <Form
          form={form}
          layout={screens.md ? 'inline' : 'vertical'}
          style={{ rowGap: 8 }}
          initialValues={{ kind: 'write' }}
          onFinish={(v) =>
            create.mutate(
              {
                nodeId: v.nodeId,
                kind: v.kind,
                unitId: v.unitId ?? null,
                userId: v.userId ?? null,
                dueDate: v.due.format('YYYY-MM-DD'),
              },
              { onSuccess: () => form.resetFields(['nodeId', 'unitId', 'userId']) },
            )
          }
        >
          <Form.Item name="nodeId" rules={[{ required: true, message: '请选择篇目' }]}>
            <TreeSelect
              style={{ minWidth: 220 }}
              treeDefaultExpandAll
              showSearch
              treeNodeFilterProp="title"
              placeholder="篇目（类目/分目/条目）"
              treeData={tree(null)}
            />
          </Form.Item>
          <Form.Item name="kind">
            <Select
              style={{ width: 100 }}
              options={ASSIGNMENT_KINDS.map((k) => ({ value: k, label: ASSIGNMENT_KIND_LABELS[k] }))}
            />
          </Form.Item>
          <Form.Item name="unitId">
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              style={{ minWidth: 160 }}
              placeholder="承担单位"
              options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
          <Form.Item name="userId">
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              style={{ minWidth: 140 }}
              placeholder="承担人（可选）"
              options={(people.data ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
            />
          </Form.Item>
          <Form.Item name="due" rules={[{ required: true, message: '请选择截止日期' }]}>
            <DatePicker placeholder="截止日期" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            分配
          </Button>
        </Form>
      )}
      <List
        header="分工"
        dataSource={list.data ?? []}
        locale={{ emptyText: '尚未分配' }}
        renderItem={(a) => (
          <List.Item
            actions={[
              <Checkbox
                key="d"
                checked={a.doneAt !== null}
                onChange={(e) => done.mutate({ aid: a.id, value: e.target.checked })}
              >
                完成
              </Checkbox>,
              ...(view.access.editOutline
                ? [
                    <Popconfirm key="x" title="撤销这项分工？" onConfirm={() => remove.mutate(a.id)}>
                      <Button size="small" danger>
                        撤销
                      </Button>
                    </Popconfirm>,
                  ]
                : []),
            ]}
          >
            <Space wrap size={4}>
              <Tag color="blue">{ASSIGNMENT_KIND_LABELS[a.kind]}</Tag>
              <span>{a.nodePath}</span>
              <span>→ {[a.unitName, a.userName].filter(Boolean).join('、')}</span>
              <Tag color={a.doneAt ? 'green' : a.overdue ? 'red' : 'default'}>
                {a.doneAt ? '已完成' : `${a.dueDate} 前${a.overdue ? '（逾期）' : ''}`}
              </Tag>
            </Space>
          </List.Item>
        )}
      />
      {p && (
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <ProgressTable rows={p.byUnit} title="按承编单位" />
          </Col>
          <Col xs={24} lg={12}>
            <ProgressTable rows={p.byWriter} title="按撰稿人" />
          </Col>
        </Row>
      )}
    </Space>
  );
}
