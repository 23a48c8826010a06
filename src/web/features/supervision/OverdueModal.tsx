import { useState } from 'react';
import { App, Button, Empty, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { downloadFile, errorMessage } from '../../api/client.ts';
import { DateField } from '../../ui/DateField.tsx';
import { useChaseOverdue, useOverdue } from './api.ts';

/**
 * 逾期未报 of the period due by today (or `period`): the preview of who will be chased, one batch 催办 to all of them,
 * and the list as a spreadsheet.
 */
export function OverdueModal({ planId, open, onClose }: { planId: number | null; open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const list = useOverdue(planId, null, open);
  const chase = useChaseOverdue();
  const [text, setText] = useState('请于本周内在方志平台补报本期进展。');
  const [replyBy, setReplyBy] = useState<string>('');
  const rows = list.data?.rows ?? [];
  const period = list.data?.period ?? null;
  return (
    <Modal
      open={open}
      width={720}
      title={`逾期未报${list.data?.periodLabel ? `（${list.data.periodLabel}）` : ''}`}
      onCancel={onClose}
      footer={
        <Space wrap>
          <Button
            icon={<DownloadOutlined />}
            disabled={!period}
            data-testid="overdue-export"
            onClick={() =>
              void downloadFile(`/api/plans/${planId}/overdue.xlsx?period=${period}`, '逾期未报.xlsx').catch(
                (e: unknown) => message.error(errorMessage(e)),
              )
            }
          >
            导出名单
          </Button>
          <Button
            type="primary"
            danger
            data-testid="overdue-chase"
            disabled={rows.length === 0 || chase.isPending}
            loading={chase.isPending}
            onClick={() =>
              period &&
              planId &&
              chase.mutate({ planId, period, message: text, replyBy: replyBy || null }, { onSuccess: onClose })
            }
          >
            一键催办 {rows.length} 项
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          以下牵头单位截至 {list.data?.asOf ?? '今天'}{' '}
          尚未报送本期进展。确认后，将向每个单位发出催办，并通知其联络员和负责人。
        </Typography.Text>
        <List
          size="small"
          bordered
          loading={list.isPending}
          style={{ maxHeight: 320, overflow: 'auto' }}
          dataSource={rows}
          locale={{ emptyText: <Empty description="本期没有逾期未报的单位" /> }}
          renderItem={(r) => (
            <List.Item data-testid="overdue-row">
              <Space wrap size={4}>
                <Typography.Text strong>第{r.number}项</Typography.Text>
                <span>{r.unitName}</span>
                <Tag color="red">逾期 {r.daysLate} 天</Tag>
                {r.chased > 0 && <Tag>已催办 {r.chased} 次</Tag>}
              </Space>
            </List.Item>
          )}
        />
        <Input.TextArea aria-label="催办内容" rows={2} value={text} onChange={(e) => setText(e.target.value)} />
        <Space>
          <span>回复期限</span>
          <DateField aria-label="回复期限" value={replyBy} onChange={setReplyBy} />
        </Space>
      </Space>
    </Modal>
  );
}
