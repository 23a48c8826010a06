import { useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, InputNumber, List, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import {
  RULE_LABELS,
  RULES,
  type TCheckReport,
  type TRuleProblem,
  type TRuleSettings,
  type TProjectView,
} from '../../../shared/compilation.ts';
import { api } from '../../api/client.ts';
import { projectKey, useProjectMutation } from './api.ts';

export function ProblemList({
  problems,
  onOpen,
}: {
  problems: readonly TRuleProblem[];
  onOpen?: (nodeId: number) => void;
}) {
  return (
    <List
      size="small"
      dataSource={[...problems]}
      locale={{ emptyText: '没有发现问题' }}
      renderItem={(p) => (
        <List.Item>
          <Space direction="vertical" size={2} style={{ width: '100%' }}>
            <Space wrap size={4}>
              <Tag color={p.severity === 'error' ? 'red' : 'orange'}>{p.severity === 'error' ? '错误' : '提示'}</Tag>
              <Tag bordered={false}>{p.ruleLabel}</Tag>
              {p.nodeId !== null && onOpen ? (
                <Typography.Link onClick={() => onOpen(p.nodeId!)}>{p.nodePath}</Typography.Link>
              ) : (
                <span>{p.nodePath}</span>
              )}
              {p.paragraph !== null && <Typography.Text type="secondary">第 {p.paragraph + 1} 段</Typography.Text>}
            </Space>
            <span>{p.message}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {p.excerpt}
            </Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}

const lines = (v: string) =>
  v
    .split(/[\n，,、]+/)
    .map((w) => w.trim())
    .filter(Boolean);

/** 检查: the whole book against the project's rules; editors choose the rules and keep the word lists. */
export function CheckPanel({ view, onOpenNode }: { view: TProjectView; onOpenNode: (nodeId: number) => void }) {
  const id = view.project.id;
  const [report, setReport] = useState<TCheckReport | null>(null);
  const run = useProjectMutation(id, () => api.get<TCheckReport>(`/api/compilation/projects/${id}/check`), null);
  const settings = useQuery({
    queryKey: [...projectKey(id), 'rules'],
    queryFn: () => api.get<TRuleSettings>(`/api/compilation/projects/${id}/rules`),
  });
  const save = useProjectMutation(
    id,
    (v: TRuleSettings) => api.put<TRuleSettings>(`/api/compilation/projects/${id}/rules`, v),
    '检查规则已保存',
  );
  const errors = report?.problems.filter((p) => p.severity === 'error').length ?? 0;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Space wrap>
        <Button type="primary" loading={run.isPending} onClick={() => run.mutate(undefined, { onSuccess: setReport })}>
          检查全书
        </Button>
        {report && (
          <Typography.Text>
            检查 {report.nodeCount} 条篇目：错误 {errors} 个，提示 {report.problems.length - errors} 个
          </Typography.Text>
        )}
      </Space>
      {report && <ProblemList problems={report.problems} onOpen={onOpenNode} />}
      {settings.data && (
        <Form
          layout="vertical"
          disabled={!view.access.manage}
          initialValues={{
            enabled: RULES.filter((r) => !settings.data.disabled.includes(r)),
            banned: settings.data.bannedWords.join('\n'),
            sensitive: settings.data.sensitiveWords.join('\n'),
            entryTitleMax: settings.data.entryTitleMax,
          }}
          onFinish={(v: { enabled: string[]; banned: string; sensitive: string; entryTitleMax: number }) =>
            save.mutate({
              disabled: RULES.filter((r) => !v.enabled.includes(r)),
              bannedWords: lines(v.banned ?? ''),
              sensitiveWords: lines(v.sensitive ?? ''),
              entryTitleMax: v.entryTitleMax,
            })
          }
        >
          <Typography.Title level={5}>检查规则</Typography.Title>
          {!view.access.manage && (
            <Alert type="info" showIcon message="检查规则由主编、副主编设置。" style={{ marginBottom: 12 }} />
          )}
          <Form.Item name="enabled" label="启用的规则">
            <Checkbox.Group options={RULES.map((r) => ({ value: r, label: RULE_LABELS[r] }))} />
          </Form.Item>
          <Form.Item name="entryTitleMax" label="条目标题字数上限">
            <InputNumber min={4} max={40} />
          </Form.Item>
          <Form.Item name="banned" label="禁用词（每行一个）">
            <Input.TextArea rows={4} />
          </Form.Item>
          <Form.Item name="sensitive" label="敏感词（每行一个）">
            <Input.TextArea rows={4} />
          </Form.Item>
          {view.access.manage && (
            <Button htmlType="submit" loading={save.isPending}>
              保存规则
            </Button>
          )}
        </Form>
      )}
    </Space>
  );
}
