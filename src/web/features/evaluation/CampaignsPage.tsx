import { Button, Card, Form, Input, InputNumber, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useOutletContext } from 'react-router';
import type { TCurrentUser } from '../../../shared/auth.ts';
import {
  CAMPAIGN_KIND_LABELS,
  CAMPAIGN_KINDS,
  CAMPAIGN_STAGE_LABELS,
  type TCampaignInput,
  type TCampaignStage,
} from '../../../shared/evaluation.ts';
import { hasPermission } from '../../auth/use-me.ts';
import { createCampaign, useCampaigns, useEvalMutation, useTemplates } from './api.ts';

export const STAGE_COLOR: Record<TCampaignStage, string> = {
  call: 'blue',
  first: 'gold',
  second: 'orange',
  final: 'purple',
  notice: 'red',
  closed: 'green',
};

/** 评审: every campaign the user may see (an expert only theirs); the province starts one here. */
export function CampaignsPage() {
  const me = useOutletContext<TCurrentUser>();
  const manage = hasPermission(me, 'campaign.manage');
  const list = useCampaigns();
  const templates = useTemplates(manage);
  const navigate = useNavigate();
  const [form] = Form.useForm<TCampaignInput>();
  const [open, setOpen] = useState(false);
  const templateId = Form.useWatch('templateId', form);
  const chosen = templates.data?.find((t) => t.id === templateId);
  const create = useEvalMutation(createCampaign, (r) => `已发起“${r.title}”`);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {manage && (
        <Card
          size="small"
          title="组织评审"
          extra={<Link to="/evaluation/templates">评分表（{templates.data?.length ?? 0}）</Link>}
        >
          {!open ? (
            <Button type="primary" onClick={() => setOpen(true)}>
              发起评审
            </Button>
          ) : (
            <Form
              form={form}
              layout="vertical"
              initialValues={{
                kind: 'yearbook_quality',
                year: new Date().getFullYear(),
                expertsPerEntry: 2,
                quotas: {},
              }}
              onFinish={(v) =>
                create.mutate(
                  {
                    ...v,
                    volumeYear: v.volumeYear ?? null,
                    submitDeadline: v.submitDeadline || null,
                    quotas: Object.fromEntries(
                      Object.entries(v.quotas ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number'),
                    ),
                  },
                  { onSuccess: (r) => void navigate(`/evaluation/${r.id}`) },
                )
              }
            >
              <Space wrap align="start">
                <Form.Item name="kind" label="评审类型" rules={[{ required: true }]}>
                  <Select
                    style={{ width: 220 }}
                    options={CAMPAIGN_KINDS.map((k) => ({ value: k, label: CAMPAIGN_KIND_LABELS[k] }))}
                  />
                </Form.Item>
                <Form.Item name="title" label="名称" rules={[{ required: true, message: '请填写评审名称' }]}>
                  <Input style={{ width: 280 }} placeholder="2023年度全省年鉴质量评审" />
                </Form.Item>
                <Form.Item name="year" label="年度" rules={[{ required: true }]}>
                  <InputNumber style={{ width: 100 }} />
                </Form.Item>
                <Form.Item name="volumeYear" label="参评卷年（空则不限）">
                  <InputNumber style={{ width: 120 }} />
                </Form.Item>
                <Form.Item name="submitDeadline" label="申报截止（YYYY-MM-DD）">
                  <Input style={{ width: 150 }} placeholder="2023-06-30" />
                </Form.Item>
                <Form.Item name="templateId" label="评分表" rules={[{ required: true, message: '请选择评分表' }]}>
                  <Select
                    style={{ width: 260 }}
                    options={(templates.data ?? []).map((t) => ({
                      value: t.id,
                      label: `${t.name}（第 ${t.version} 版）`,
                    }))}
                  />
                </Form.Item>
                <Form.Item name="expertsPerEntry" label="每件作品专家数">
                  <InputNumber min={1} max={15} style={{ width: 100 }} />
                </Form.Item>
              </Space>
              {chosen && (
                <Space wrap>
                  <Typography.Text type="secondary">各等级名额（空则不限）：</Typography.Text>
                  {chosen.definition.grades.map((g) => (
                    <Form.Item key={g.name} name={['quotas', g.name]} label={g.name} style={{ marginBottom: 8 }}>
                      <InputNumber min={0} style={{ width: 80 }} />
                    </Form.Item>
                  ))}
                </Space>
              )}
              <Space>
                <Button type="primary" htmlType="submit" loading={create.isPending}>
                  发起
                </Button>
                <Button onClick={() => setOpen(false)}>取消</Button>
              </Space>
            </Form>
          )}
        </Card>
      )}
      <Card title="评审活动">
        <List
          loading={list.isPending}
          dataSource={list.data}
          locale={{ emptyText: me.roles.includes('expert') ? '您还没有被邀请参加评审' : '暂无评审活动' }}
          renderItem={(c) => (
            <List.Item>
              <List.Item.Meta
                title={<Link to={`/evaluation/${c.id}`}>{c.title}</Link>}
                description={
                  <Space wrap size={4}>
                    {c.cancelled ? (
                      <Tag color="default">已取消</Tag>
                    ) : (
                      <Tag color={STAGE_COLOR[c.stage]}>{CAMPAIGN_STAGE_LABELS[c.stage]}</Tag>
                    )}
                    <span>{CAMPAIGN_KIND_LABELS[c.kind]}</span>
                    <span>
                      · {c.templateName}（第 {c.templateVersion} 版）· 参评 {c.entryCount} 件
                    </span>
                    {c.cancelled && (
                      <Typography.Text type="secondary">
                        · {c.cancelled.at.slice(0, 10)} 取消：{c.cancelled.reason}
                      </Typography.Text>
                    )}
                    {c.submitDeadline && c.stage === 'call' && !c.cancelled && (
                      <span>· 申报截止 {c.submitDeadline}</span>
                    )}
                    {c.noticeFrom && (
                      <span>
                        · 公示 {c.noticeFrom} 至 {c.noticeTo}
                      </span>
                    )}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
