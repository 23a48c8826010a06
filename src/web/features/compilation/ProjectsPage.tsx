import { useState } from 'react';
import { Button, Card, Empty, Form, Grid, Input, InputNumber, List, Modal, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import {
  PROJECT_KIND_LABELS,
  PROJECT_KINDS,
  seriesOf,
  type TProject,
  type TProjectKind,
} from '../../../shared/compilation.ts';
import { hasPermission, useMe } from '../../auth/use-me.ts';
import { useCreateProject, useProjects } from './api.ts';
import { OutlineStateTag } from './OutlineStateTag.tsx';

function CreateProjectModal({ open, onClose, projects }: { open: boolean; onClose: () => void; projects: TProject[] }) {
  const [form] = Form.useForm<{ kind: TProjectKind; title: string; year?: number; cloneFromId?: number }>();
  const create = useCreateProject();
  const navigate = useNavigate();
  const kind = Form.useWatch('kind', form);
  const title = Form.useWatch('title', form) ?? '';
  const year = Form.useWatch('year', form);
  const earlier = projects
    .filter((p) => p.kind === 'yearbook' && (!year || (p.year ?? 0) < year))
    .sort((a, b) => (b.year ?? 0) - (a.year ?? 0));
  const sameSeries = earlier.filter((p) => seriesOf(p.title) === seriesOf(title));
  return (
    <Modal
      title="新建编纂项目"
      open={open}
      onCancel={onClose}
      okText="创建"
      confirmLoading={create.isPending}
      onOk={() =>
        void form
          .validateFields()
          .then((v) =>
            create.mutate(
              { kind: v.kind, title: v.title, year: v.year ?? null, cloneFromId: v.cloneFromId ?? null },
              { onSuccess: (view) => void navigate(`/compilation/${view.project.id}`) },
            ),
          )
      }
    >
      <Form form={form} layout="vertical" initialValues={{ kind: 'chronicle' }}>
        <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
          <Select options={PROJECT_KINDS.map((k) => ({ value: k, label: PROJECT_KIND_LABELS[k] }))} />
        </Form.Item>
        <Form.Item name="title" label="书名" rules={[{ required: true, message: '请填写书名' }]}>
          <Input placeholder={kind === 'yearbook' ? '吉林年鉴（2023）' : '某某县志（1986—2020）'} maxLength={100} />
        </Form.Item>
        {kind === 'yearbook' && (
          <>
            <Form.Item name="year" label="卷年" rules={[{ required: true, message: '年鉴须填写卷年' }]}>
              <InputNumber min={1949} max={2100} style={{ width: '100%' }} placeholder="2023" />
            </Form.Item>
            <Form.Item
              name="cloneFromId"
              label="沿用框架"
              extra={
                earlier.length
                  ? '沿用往年卷次的类目、分目、条目；未更新的条目会被标出。'
                  : '还没有往年卷次，将从空白框架开始。'
              }
            >
              <Select
                allowClear
                placeholder="不沿用（空白框架）"
                options={(sameSeries.length ? sameSeries : earlier).map((p) => ({
                  value: p.id,
                  label: `${p.title}（${p.nodeCount} 条）`,
                }))}
              />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

/** 编纂项目: every project the user may open; a new one from here. */
export function ProjectsPage() {
  const { data: me } = useMe();
  const projects = useProjects();
  const [creating, setCreating] = useState(false);
  const screens = Grid.useBreakpoint();
  const canCreate = hasPermission(me, 'compile.create');
  const rows = projects.data ?? [];
  const empty = <Empty description={canCreate ? '还没有编纂项目。点击“新建项目”开始。' : '您还没有参与的编纂项目'} />;
  return (
    <Card
      title="编纂项目"
      extra={
        canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建项目
          </Button>
        )
      }
    >
      {screens.md ? (
        <Table<TProject>
          rowKey="id"
          loading={projects.isPending}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: empty }}
          columns={[
            {
              title: '书名',
              dataIndex: 'title',
              render: (t: string, p) => <Link to={`/compilation/${p.id}`}>{t}</Link>,
            },
            { title: '类型', dataIndex: 'kind', width: 110, render: (k: TProjectKind) => PROJECT_KIND_LABELS[k] },
            { title: '卷年', dataIndex: 'year', width: 80, render: (y: number | null) => y ?? '—' },
            { title: '承编', dataIndex: 'ownerUnitName', render: (v: string | null) => v ?? '—' },
            { title: '篇目', dataIndex: 'nodeCount', width: 80, render: (n: number) => `${n} 条` },
            {
              title: '篇目状态',
              dataIndex: 'outlineState',
              width: 130,
              render: (s: TProject['outlineState']) => <OutlineStateTag state={s} />,
            },
          ]}
        />
      ) : (
        <List
          loading={projects.isPending}
          dataSource={rows}
          locale={{ emptyText: empty }}
          renderItem={(p) => (
            <List.Item>
              <Space direction="vertical" size={2}>
                <Link to={`/compilation/${p.id}`}>{p.title}</Link>
                <Space wrap size={4}>
                  <Tag>{PROJECT_KIND_LABELS[p.kind]}</Tag>
                  {p.year && <Tag>{p.year} 卷</Tag>}
                  <OutlineStateTag state={p.outlineState} />
                  <span>篇目 {p.nodeCount} 条</span>
                </Space>
              </Space>
            </List.Item>
          )}
        />
      )}
      {creating && <CreateProjectModal open onClose={() => setCreating(false)} projects={rows} />}
    </Card>
  );
}
