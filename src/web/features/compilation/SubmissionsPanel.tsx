import { useState } from 'react';
import { App, Alert, Button, Checkbox, Form, Input, List, Space, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { TChecklistEntry, TProjectView, TPublishResult, TSubmission } from '../../../shared/compilation.ts';
import { hasPermission, useMe } from '../../auth/use-me.ts';
import { api, downloadFile, errorMessage } from '../../api/client.ts';
import { projectKey, useProjectMutation } from './api.ts';

/** 送审稿 and the book out: the 齐清定 checklist, freezing, export (.docx, PDF) and publication into the gazetteer database. */
export function SubmissionsPanel({ view }: { view: TProjectView }) {
  const { message } = App.useApp();
  const { data: me } = useMe();
  const id = view.project.id;
  const title = view.project.title.replace(/[《》]/g, '');
  const checklist = useQuery({
    queryKey: [...projectKey(id), 'checklist'],
    queryFn: () => api.get<Omit<TChecklistEntry, 'note'>[]>(`/api/compilation/projects/${id}/checklist`),
  });
  const submissions = useQuery({
    queryKey: [...projectKey(id), 'submissions'],
    queryFn: () => api.get<Omit<TSubmission, 'items'>[]>(`/api/compilation/projects/${id}/submissions`),
  });
  const freeze = useProjectMutation(
    id,
    (v: { title: string; notes: Record<string, string> }) =>
      api.post<TSubmission>(`/api/compilation/projects/${id}/submissions`, v),
    '送审稿已冻结',
  );
  const publish = useProjectMutation(
    id,
    (submissionId: number | null) =>
      api.post<TPublishResult>(`/api/compilation/projects/${id}/publish`, { submissionId }),
    null,
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [sourceNotes, setSourceNotes] = useState(false);
  const [published, setPublished] = useState<TPublishResult | null>(null);
  const download = (format: 'docx' | 'pdf') => {
    setBusy(format);
    downloadFile(
      `/api/compilation/projects/${id}/export?format=${format}${sourceNotes ? '&sourceNotes=1' : ''}`,
      `${title}.${format}`,
    )
      .catch((e: unknown) => void message.error(errorMessage(e)))
      .finally(() => setBusy(null));
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Space wrap>
        <Button icon={<DownloadOutlined />} loading={busy === 'docx'} onClick={() => download('docx')}>
          导出全书 .docx
        </Button>
        <Button icon={<DownloadOutlined />} loading={busy === 'pdf'} onClick={() => download('pdf')}>
          导出 PDF
        </Button>
        <Checkbox checked={sourceNotes} onChange={(e) => setSourceNotes(e.target.checked)}>
          段落出处印成脚注（秘密及以上不印）
        </Checkbox>
        {hasPermission(me, 'compile.publish') && view.access.manage && (
          <Button
            type="primary"
            loading={publish.isPending}
            onClick={() => publish.mutate(submissions.data?.[0]?.id ?? null, { onSuccess: setPublished })}
          >
            发布到省情数据库{submissions.data?.[0] ? `（第 ${submissions.data[0].number} 次送审稿）` : '（最新稿件）'}
          </Button>
        )}
      </Space>
      {published && (
        <Alert
          type="success"
          showIcon
          message={`《${published.title}》已${published.replaced ? '更新' : '发布'}到省情数据库（${published.sections} 节），读者可检索。`}
          action={
            <Typography.Link href={published.link} target="_blank">
              打开网络图书
            </Typography.Link>
          }
        />
      )}
      {view.access.approveOutline && checklist.data && (
        <Form
          layout="vertical"
          onFinish={(v: Record<string, string>) => {
            const { title: t, ...notes } = v;
            freeze.mutate({
              title: t ?? '',
              notes: Object.fromEntries(Object.entries(notes).filter(([, n]) => n && n.trim())),
            });
          }}
          initialValues={{ title: `${title}送审稿` }}
        >
          <Typography.Title level={5}>齐清定检查</Typography.Title>
          {checklist.data.map((c) => (
            <Form.Item
              key={c.item}
              name={c.item}
              label={
                <Space>
                  <Tag color={c.found ? 'green' : 'orange'}>{c.found ? '齐' : '待确认'}</Tag>
                  {c.item}
                  <Typography.Text type="secondary">{c.detail}</Typography.Text>
                </Space>
              }
              rules={c.found ? [] : [{ required: true, message: `请补齐${c.item}，或写明说明` }]}
            >
              {c.found ? <Input placeholder="（可选）说明" /> : <Input placeholder={`说明（如“本书不设${c.item}”）`} />}
            </Form.Item>
          ))}
          <Form.Item name="title" label="送审稿名称" rules={[{ required: true, message: '请填写名称' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={freeze.isPending}>
            冻结送审稿
          </Button>
        </Form>
      )}
      <List
        header="送审稿（冻结后不可更改）"
        dataSource={submissions.data ?? []}
        locale={{ emptyText: '尚无送审稿' }}
        renderItem={(s) => (
          <List.Item>
            <Space wrap>
              <strong>第 {s.number} 次</strong>
              <span>{s.title}</span>
              <Typography.Text type="secondary">
                {s.chars} 字 · {s.createdBy} · {dayjs(s.createdAt).format('YYYY-MM-DD HH:mm')}
              </Typography.Text>
              <Tag>编号 {s.id}</Tag>
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}
