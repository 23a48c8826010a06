import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Form, Grid, Input, List, Modal, Radio, Select, Space, Table, Tag, Upload } from 'antd';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { PROJECT_KIND_LABELS, type TProject, type TSubmission } from '../../../shared/compilation.ts';
import {
  DECISION_LABELS,
  REVIEW_KINDS,
  REVIEW_STAGE_LABELS,
  STAGE_TEMPLATES,
  type TCreateRound,
  type TManuscript,
  type TReviewKind,
  type TReviewStage,
  type TRound,
  type TRoundView,
} from '../../../shared/review.ts';
import { api, uploadFile } from '../../api/client.ts';
import { hasPermission, useMe } from '../../auth/use-me.ts';
import { useRoundMutation, useRounds } from './api.ts';
import { DecisionTag, StateTag } from './tags.tsx';

const KIND_LABELS: Record<TReviewKind, string> = { ...PROJECT_KIND_LABELS, proof: '出版社校样（三审三校）' };

interface CreateValues {
  source: 'submission' | 'upload';
  projectId?: number;
  submissionId?: number;
  kind?: TReviewKind;
  title?: string;
  stage: TReviewStage;
  conveningBody: string;
  readingDeadline?: string;
  meetingDate?: string;
}

function CreateRoundModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<CreateValues>();
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const source = Form.useWatch('source', form) ?? 'submission';
  const projectId = Form.useWatch('projectId', form);
  const chosenKind = Form.useWatch('kind', form);
  const projects = useQuery({
    queryKey: ['compilation', 'projects'],
    queryFn: () => api.get<TProject[]>('/api/compilation/projects'),
  });
  const submissions = useQuery({
    queryKey: ['compilation', 'project', projectId, 'submissions'],
    queryFn: () => api.get<Omit<TSubmission, 'items'>[]>(`/api/compilation/projects/${projectId}/submissions`),
    enabled: Boolean(projectId),
  });
  const project = projects.data?.find((p) => p.id === projectId);
  const kind: TReviewKind | undefined =
    chosenKind === 'proof' ? 'proof' : source === 'submission' ? project?.kind : chosenKind;
  const create = useRoundMutation(
    null,
    async (v: CreateValues) => {
      let manuscriptId: number | null = null;
      if (v.source === 'upload') {
        const body = new FormData();
        body.append('file', file!);
        body.append('title', v.title ?? '');
        manuscriptId = (await uploadFile<TManuscript>('/api/review/manuscripts', body)).id;
      }
      const input: TCreateRound = {
        stage: v.stage,
        kind: v.kind,
        submissionId: v.source === 'submission' ? (v.submissionId ?? null) : null,
        manuscriptId,
        conveningBody: v.conveningBody,
        readingDeadline: v.readingDeadline || null,
        meetingDate: v.meetingDate || null,
      };
      return api.post<TRoundView>('/api/review/rounds', input);
    },
    '评审轮次已创建',
  );
  return (
    <Modal
      title="新建评审"
      open
      onCancel={onClose}
      okText="创建"
      confirmLoading={create.isPending}
      onOk={() =>
        void form.validateFields().then((v) => create.mutate(v, { onSuccess: (r) => void navigate(`/review/${r.id}`) }))
      }
    >
      <Form form={form} layout="vertical" initialValues={{ source: 'submission', conveningBody: '' }}>
        <Form.Item name="source" label="评审对象">
          <Radio.Group
            options={[
              { value: 'submission', label: '编纂平台的送审稿' },
              { value: 'upload', label: '上传书稿（.docx/.pdf）' },
            ]}
          />
        </Form.Item>
        {source === 'submission' ? (
          <>
            <Form.Item name="projectId" label="编纂项目" rules={[{ required: true, message: '请选择编纂项目' }]}>
              <Select
                showSearch
                optionFilterProp="label"
                loading={projects.isPending}
                options={(projects.data ?? []).map((p) => ({ value: p.id, label: p.title }))}
              />
            </Form.Item>
            <Form.Item name="submissionId" label="送审稿" rules={[{ required: true, message: '请选择一次送审稿' }]}>
              <Select
                disabled={!projectId}
                options={(submissions.data ?? []).map((s) => ({
                  value: s.id,
                  label: `第 ${s.number} 次：${s.title}（${s.chars} 字）`,
                }))}
              />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item label="书稿文件" required>
              <Upload
                accept=".docx,.pdf"
                maxCount={1}
                beforeUpload={(f) => {
                  setFile(f);
                  return false;
                }}
                onRemove={() => setFile(null)}
              >
                <Button icon={<UploadOutlined />}>选择文件</Button>
              </Upload>
            </Form.Item>
            <Form.Item name="title" label="书名" rules={[{ required: true, message: '请填写书名' }]}>
              <Input maxLength={100} placeholder="长春年鉴（2023）" />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="kind"
          label="书稿类型"
          rules={source === 'upload' ? [{ required: true, message: '请选择书稿类型' }] : []}
          extra={source === 'submission' ? '默认按编纂项目的类型；送出版社校样时选“出版社校样”。' : undefined}
        >
          <Select
            allowClear
            options={REVIEW_KINDS.filter((k) => source === 'upload' || k === 'proof').map((k) => ({
              value: k,
              label: KIND_LABELS[k],
            }))}
          />
        </Form.Item>
        <Form.Item name="stage" label="评审阶段" rules={[{ required: true, message: '请选择评审阶段' }]}>
          <Select
            options={(kind ? STAGE_TEMPLATES[kind] : []).map((s) => ({ value: s, label: REVIEW_STAGE_LABELS[s] }))}
            placeholder={kind ? undefined : '先选择送审稿或书稿类型'}
          />
        </Form.Item>
        <Form.Item name="conveningBody" label="召集单位" rules={[{ required: true, message: '请填写召集单位' }]}>
          <Input maxLength={100} placeholder="吉林省地方志编纂委员会办公室" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="readingDeadline" label="审读截止">
            <Input type="date" aria-label="审读截止" />
          </Form.Item>
          <Form.Item name="meetingDate" label="评审会日期">
            <Input type="date" aria-label="评审会日期" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

/** 评审: the rounds the user may see (an expert: the rounds of their panels), newest first. */
export function ReviewListPage() {
  const { data: me } = useMe();
  const rounds = useRounds();
  const screens = Grid.useBreakpoint();
  const [creating, setCreating] = useState(false);
  const canCreate = hasPermission(me, 'round.manage');
  const rows = rounds.data ?? [];
  const empty = (
    <Empty description={canCreate ? '还没有评审。点击“新建评审”组织一轮评审。' : '您还没有受邀参加的评审'} />
  );
  return (
    <Card
      title={canCreate ? '书稿评审' : '我的评审'}
      extra={
        canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建评审
          </Button>
        )
      }
    >
      {screens.md ? (
        <Table<TRound>
          rowKey="id"
          loading={rounds.isPending}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: empty }}
          columns={[
            {
              title: '书名',
              dataIndex: 'bookTitle',
              render: (t: string, r) => <Link to={`/review/${r.id}`}>{t}</Link>,
            },
            { title: '阶段', dataIndex: 'stageLabel', width: 150 },
            { title: '状态', dataIndex: 'state', width: 100, render: (_: unknown, r) => <StateTag state={r.state} /> },
            {
              title: '结论',
              dataIndex: 'decision',
              width: 120,
              render: (_: unknown, r) => (r.decision ? <DecisionTag decision={r.decision} /> : '—'),
            },
            { title: '召集单位', dataIndex: 'conveningBody' },
            { title: '审读截止', dataIndex: 'readingDeadline', width: 110, render: (d: string | null) => d ?? '—' },
            { title: '评审会', dataIndex: 'meetingDate', width: 110, render: (d: string | null) => d ?? '—' },
            { title: '意见', dataIndex: 'opinionCount', width: 70, render: (n: number) => `${n} 条` },
          ]}
        />
      ) : (
        <List
          loading={rounds.isPending}
          dataSource={rows}
          locale={{ emptyText: empty }}
          renderItem={(r) => (
            <List.Item>
              <Space direction="vertical" size={2}>
                <Link to={`/review/${r.id}`}>
                  {r.bookTitle} · {r.stageLabel}
                </Link>
                <Space wrap size={4}>
                  <StateTag state={r.state} />
                  {r.decision && <Tag>{DECISION_LABELS[r.decision]}</Tag>}
                  <span>审读截止 {r.readingDeadline ?? '未定'}</span>
                  <span>意见 {r.opinionCount} 条</span>
                </Space>
              </Space>
            </List.Item>
          )}
        />
      )}
      {creating && <CreateRoundModal onClose={() => setCreating(false)} />}
    </Card>
  );
}
