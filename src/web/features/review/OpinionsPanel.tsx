import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Form, Input, List, Modal, Popconfirm, Radio, Select, Space, Tag, Typography } from 'antd';
import type { TSubmission } from '../../../shared/compilation.ts';
import {
  OPINION_CATEGORIES,
  RESPONSE_LABELS,
  RESPONSES,
  SEVERITIES,
  SEVERITY_LABELS,
  VISIBILITY_LABELS,
  type TOpinion,
  type TRespond,
  type TRoundView,
  type TUpdateOpinion,
} from '../../../shared/review.ts';
import { api } from '../../api/client.ts';
import { useOpinions, useRoundMutation } from './api.ts';
import { SeverityTag } from './tags.tsx';

export function anchorText(o: TOpinion): string {
  if (o.anchor.kind === 'book') return '全书';
  if (o.anchor.kind === 'node') return o.anchor.title;
  return `${o.anchor.title}：“${o.anchor.quote.length > 40 ? `${o.anchor.quote.slice(0, 40)}……` : o.anchor.quote}”`;
}

function OpinionCard({ o, extra }: { o: TOpinion; extra?: React.ReactNode }) {
  return (
    <Card
      size="small"
      data-testid={`opinion-${o.id}`}
      style={{ marginBottom: 8, opacity: o.supersededById ? 0.6 : 1 }}
      title={
        <Space wrap size={4}>
          <SeverityTag severity={o.severity} />
          <Tag>{o.category}</Tag>
          {o.earlier && <Tag color="blue">{o.roundLabel}</Tag>}
          {o.visibility === 'panel' && <Tag>{VISIBILITY_LABELS.panel}</Tag>}
          {o.blocking && <Tag color="red">未落实</Tag>}
          {o.supersedesId && <Tag color="purple">延续前轮意见</Tag>}
        </Space>
      }
      extra={extra}
    >
      <Typography.Text type="secondary">
        {o.author} · {anchorText(o)}
      </Typography.Text>
      <Typography.Paragraph style={{ margin: '4px 0' }}>{o.text}</Typography.Paragraph>
      {o.response && (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          答复：{RESPONSE_LABELS[o.response]}
          {o.reason ? `。理由：${o.reason.replace(/[。．.；;]+$/, '')}` : ''}
          {o.resolvedLabel ? `。已在${o.resolvedLabel}中修改` : ''}（{o.respondedBy}）
        </Typography.Paragraph>
      )}
      {o.supersededById && <Typography.Text type="secondary">已由后续轮次的意见延续</Typography.Text>}
    </Card>
  );
}

/** 延续: a panel member carries an earlier round's opinion into this round (linked to it), as it stands or reworded. */
function CarryButton({ round, o }: { round: TRoundView; o: TOpinion }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(o.text);
  const [severity, setSeverity] = useState(o.severity);
  const carry = useRoundMutation(
    round.id,
    () =>
      api.post<TOpinion>(`/api/review/rounds/${round.id}/opinions`, {
        anchor: { kind: 'book' },
        category: o.category,
        severity,
        visibility: o.visibility,
        text,
        supersedesId: o.id,
      }),
    '已在本轮延续这条意见',
  );
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        在本轮延续
      </Button>
      <Modal
        open={open}
        title="在本轮延续此意见"
        okText="延续"
        onCancel={() => setOpen(false)}
        confirmLoading={carry.isPending}
        onOk={() => carry.mutate(undefined, { onSuccess: () => setOpen(false) })}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select
            aria-label="程度"
            value={severity}
            onChange={setSeverity}
            style={{ width: 140 }}
            options={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))}
          />
          <Input.TextArea aria-label="意见内容" rows={4} value={text} onChange={(e) => setText(e.target.value)} />
        </Space>
      </Modal>
    </>
  );
}

/** The author edits (category, severity, who sees it, wording) or withdraws an opinion still open in this round. */
function OwnOpinionActions({ round, o }: { round: TRoundView; o: TOpinion }) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<TUpdateOpinion>();
  const edit = useRoundMutation(
    round.id,
    (v: TUpdateOpinion) => api.patch<TOpinion>(`/api/review/opinions/${o.id}`, v),
    '意见已修改',
  );
  const withdraw = useRoundMutation(round.id, () => api.delete(`/api/review/opinions/${o.id}`), '意见已撤回');
  return (
    <Space size={4}>
      <Button size="small" onClick={() => setOpen(true)}>
        修改
      </Button>
      <Popconfirm
        title="撤回这条意见？"
        description="撤回后意见从列表中删除（审计日志保留原文）。"
        okText="撤回"
        cancelText="取消"
        onConfirm={() => withdraw.mutate(undefined)}
      >
        <Button size="small" danger loading={withdraw.isPending}>
          撤回
        </Button>
      </Popconfirm>
      <Modal
        open={open}
        title="修改我的意见"
        okText="保存"
        onCancel={() => setOpen(false)}
        confirmLoading={edit.isPending}
        destroyOnHidden
        onOk={() => void form.validateFields().then((v) => edit.mutate(v, { onSuccess: () => setOpen(false) }))}
      >
        <Typography.Paragraph type="secondary">
          位置：{anchorText(o)}（位置不能修改，如需改位置请撤回后重提）
        </Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ category: o.category, severity: o.severity, visibility: o.visibility, text: o.text }}
        >
          <Form.Item name="category" label="类别">
            <Select options={OPINION_CATEGORIES.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
          <Form.Item name="severity" label="程度">
            <Select options={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))} />
          </Form.Item>
          <Form.Item name="visibility" label="给谁看">
            <Radio.Group
              options={(['writers', 'panel'] as const).map((v) => ({ value: v, label: VISIBILITY_LABELS[v] }))}
            />
          </Form.Item>
          <Form.Item
            name="text"
            label="意见内容"
            rules={[{ required: true, whitespace: true, message: '请填写意见内容' }]}
          >
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

/** Every opinion the user may see (this round and earlier rounds), filtered by round, category, severity and answer. */
export function OpinionsPanel({ round }: { round: TRoundView }) {
  const opinions = useOpinions(round.id);
  const [scope, setScope] = useState<'all' | 'this' | 'earlier'>('all');
  const [category, setCategory] = useState<string | undefined>();
  const [severity, setSeverity] = useState<string | undefined>();
  const [answered, setAnswered] = useState<'all' | 'open' | 'answered'>('all');
  const rows = (opinions.data ?? []).filter(
    (o) =>
      (scope === 'all' || (scope === 'this') === !o.earlier) &&
      (!category || o.category === category) &&
      (!severity || o.severity === severity) &&
      (answered === 'all' || (answered === 'answered') === (o.response !== null)),
  );
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Radio.Group
          value={scope}
          onChange={(e) => setScope(e.target.value as typeof scope)}
          optionType="button"
          options={[
            { value: 'all', label: '全部' },
            { value: 'this', label: '本轮' },
            { value: 'earlier', label: '此前各轮' },
          ]}
        />
        <Select
          allowClear
          placeholder="类别"
          style={{ width: 120 }}
          value={category}
          onChange={setCategory}
          options={OPINION_CATEGORIES.map((c) => ({ value: c, label: c }))}
        />
        <Select
          allowClear
          placeholder="程度"
          style={{ width: 120 }}
          value={severity}
          onChange={setSeverity}
          options={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))}
        />
        <Select
          style={{ width: 120 }}
          value={answered}
          onChange={setAnswered}
          options={[
            { value: 'all', label: '不限答复' },
            { value: 'open', label: '未答复' },
            { value: 'answered', label: '已答复' },
          ]}
        />
      </Space>
      {rows.length === 0 ? (
        <Empty description="没有符合条件的意见" />
      ) : (
        rows.map((o) => (
          <OpinionCard
            key={o.id}
            o={o}
            extra={
              o.editable ? (
                <OwnOpinionActions round={round} o={o} />
              ) : round.me.canOpine && o.earlier && !o.supersededById && !o.blocking && o.response !== 'adopted' ? (
                <CarryButton round={round} o={o} />
              ) : null
            }
          />
        ))
      )}
    </>
  );
}

function RespondModal({ round, opinion, onClose }: { round: TRoundView; opinion: TOpinion; onClose: () => void }) {
  const [form] = Form.useForm<TRespond>();
  const response = Form.useWatch('response', form);
  const submissions = useQuery({
    queryKey: ['compilation', 'project', round.projectId, 'submissions'],
    queryFn: () => api.get<Omit<TSubmission, 'items'>[]>(`/api/compilation/projects/${round.projectId}/submissions`),
    enabled: round.projectId !== null,
  });
  const respond = useRoundMutation(
    round.id,
    (v: TRespond) => api.put<TOpinion>(`/api/review/opinions/${opinion.id}/response`, v),
    '答复已保存',
  );
  return (
    <Modal
      open
      title="答复意见"
      okText="保存答复"
      onCancel={onClose}
      confirmLoading={respond.isPending}
      onOk={() => void form.validateFields().then((v) => respond.mutate(v, { onSuccess: onClose }))}
    >
      <Typography.Paragraph type="secondary">
        {opinion.author} · {anchorText(opinion)}：{opinion.text}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          response: opinion.response ?? 'adopted',
          reason: opinion.reason ?? '',
          resolvedSubmissionId: opinion.resolvedSubmissionId ?? undefined,
          resolvedLabel: opinion.resolvedSubmissionId ? undefined : (opinion.resolvedLabel ?? undefined),
        }}
      >
        <Form.Item name="response" label="处理">
          <Radio.Group options={RESPONSES.map((r) => ({ value: r, label: RESPONSE_LABELS[r] }))} />
        </Form.Item>
        <Form.Item
          name="reason"
          label="理由"
          rules={response && response !== 'adopted' ? [{ required: true, message: '不采纳或部分采纳须写明理由' }] : []}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        {round.projectId !== null ? (
          <Form.Item name="resolvedSubmissionId" label="落实于" extra="修改后冻结的新送审稿">
            <Select
              allowClear
              options={(submissions.data ?? []).map((s) => ({
                value: s.id,
                label: `第 ${s.number} 次送审稿：${s.title}`,
              }))}
            />
          </Form.Item>
        ) : (
          <Form.Item name="resolvedLabel" label="落实于" extra="修改后的稿次，如“第二稿”">
            <Input maxLength={100} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** 答复表 (response matrix): each opinion → 采纳/部分采纳/不采纳 → the version where it was carried out. */
export function ResponseMatrix({ round }: { round: TRoundView }) {
  const opinions = useOpinions(round.id);
  const [editing, setEditing] = useState<TOpinion | null>(null);
  const rows = (opinions.data ?? []).filter((o) => !o.supersededById);
  const open = rows.filter((o) => o.blocking).length;
  return (
    <>
      <Typography.Paragraph type={open ? 'danger' : 'secondary'}>
        {open
          ? `还有 ${open} 条必须修改或否决意见未落实，落实前不能进入下一阶段评审。`
          : '必须修改和否决意见均已落实。'}
      </Typography.Paragraph>
      <List
        dataSource={rows}
        locale={{ emptyText: <Empty description="还没有意见" /> }}
        renderItem={(o) => (
          <OpinionCard
            o={o}
            extra={
              round.me.manage && round.state !== 'cancelled' ? (
                <Button size="small" onClick={() => setEditing(o)}>
                  {o.response ? '修改答复' : '答复'}
                </Button>
              ) : null
            }
          />
        )}
      />
      {editing && <RespondModal round={round} opinion={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
