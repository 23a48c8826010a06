import { useState } from 'react';
import { Button, Card, Empty, Form, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { EXTENSION_STATUS_LABELS, type TExtension } from '../../../shared/supervision.ts';
import { hasPermission, useMe } from '../../auth/use-me.ts';
import { useDecideExtension, useExtensions } from './api.ts';
import { formatDateTime } from '../../../shared/dates.ts';

const STATUS_COLORS: Record<string, string> = { pending: 'gold', approved: 'green', refused: 'red' };

/** 延期审批: leaders approve or refuse; everyone else who may read sees the requests (units: their own). */
export function ExtensionsPage() {
  const { data: me } = useMe();
  const [status, setStatus] = useState<'pending' | 'approved' | 'refused' | 'all'>('pending');
  const list = useExtensions(status === 'all' ? undefined : status);
  const decide = useDecideExtension();
  const [deciding, setDeciding] = useState<{ ext: TExtension; approve: boolean } | null>(null);
  const [form] = Form.useForm<{ comment: string }>();
  const canDecide = hasPermission(me, 'extension.decide');

  const submit = async () => {
    const { comment } = await form.validateFields();
    await decide.mutateAsync({ id: deciding!.ext.id, approve: deciding!.approve, comment: comment ?? '' });
    setDeciding(null);
  };

  return (
    <Card
      title="延期审批"
      extra={
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          options={[
            { value: 'pending', label: '待审批' },
            { value: 'approved', label: '已同意' },
            { value: 'refused', label: '未同意' },
            { value: 'all', label: '全部' },
          ]}
        />
      }
    >
      <Table<TExtension>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        tableLayout="fixed"
        onRow={(e) => ({ 'data-testid': `extension-row-${e.id}` }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Empty description={status === 'pending' ? '没有待审批的延期申请' : '没有延期申请'} /> }}
        columns={[
          {
            title: '任务',
            key: 'task',
            width: 280,
            render: (_, e) => (
              <Space direction="vertical" size={0}>
                <Link to={`/supervision/tasks/${e.taskId}`}>第{e.taskNumber}项</Link>
                <Typography.Text type="secondary" ellipsis={{ tooltip: e.taskText }} style={{ maxWidth: 260 }}>
                  {e.taskText}
                </Typography.Text>
              </Space>
            ),
          },
          { title: '申请单位', dataIndex: 'unitName', width: 100 },
          { title: '原时限', dataIndex: 'oldDate', width: 110 },
          {
            title: '申请延至',
            dataIndex: 'newDate',
            width: 110,
            render: (d: string) => <Typography.Text strong>{d}</Typography.Text>,
          },
          { title: '理由', dataIndex: 'reason' },
          {
            title: '申请',
            key: 'requested',
            width: 160,
            render: (_, e) => `${e.requestedBy ?? '—'} · ${formatDateTime(e.requestedAt).slice(5)}`,
          },
          {
            title: '状态',
            key: 'status',
            width: 130,
            render: (_, e) => (
              <Space direction="vertical" size={0}>
                <Tag color={STATUS_COLORS[e.status]}>{EXTENSION_STATUS_LABELS[e.status]}</Tag>
                {e.decisionComment && (
                  <Typography.Text type="secondary">
                    {e.decidedBy}：{e.decisionComment}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          ...(canDecide
            ? [
                {
                  title: '审批',
                  key: 'decide',
                  width: 120,
                  render: (_: unknown, e: TExtension) =>
                    e.status === 'pending' && (
                      <Space size={0}>
                        <Button
                          type="link"
                          size="small"
                          onClick={() => {
                            form.resetFields();
                            setDeciding({ ext: e, approve: true });
                          }}
                        >
                          同意
                        </Button>
                        <Button
                          type="link"
                          size="small"
                          danger
                          onClick={() => {
                            form.resetFields();
                            setDeciding({ ext: e, approve: false });
                          }}
                        >
                          不同意
                        </Button>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        title={deciding ? `${deciding.approve ? '同意' : '不同意'}延期：第${deciding.ext.taskNumber}项任务` : ''}
        open={deciding !== null}
        onCancel={() => setDeciding(null)}
        onOk={() => void submit().catch(() => undefined)}
        okText={deciding?.approve ? '同意延期' : '不同意延期'}
        okButtonProps={{ danger: deciding ? !deciding.approve : false }}
        cancelText="取消"
        confirmLoading={decide.isPending}
        destroyOnHidden
      >
        {deciding && (
          <Typography.Paragraph>
            {deciding.ext.unitName}申请将完成时限由 {deciding.ext.oldDate} 延至 {deciding.ext.newDate}。
            {deciding.approve ? '同意后任务的完成时限即改为新日期。' : ''}
          </Typography.Paragraph>
        )}
        <Form form={form} layout="vertical">
          <Form.Item
            name="comment"
            label={deciding?.approve ? '意见（选填）' : '意见'}
            rules={deciding?.approve ? [] : [{ required: true, message: '不同意延期时请填写意见' }]}
          >
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
