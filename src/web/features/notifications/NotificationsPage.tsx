import { useState } from 'react';
import { Badge, Button, Card, Empty, List, Segmented, Space, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { NOTIFICATION_KIND_LABELS, type TNotification } from '../../../shared/notifications.ts';
import { useMarkRead, useNotifications } from './api.ts';
import { formatDateTime } from '../../../shared/dates.ts';

const KIND_COLORS: Record<string, string> = {
  chase: 'gold',
  escalation: 'volcano',
  report_overdue: 'red',
  milestone_overdue: 'red',
  deadline_overdue: 'red',
  report_due: 'blue',
  milestone_due: 'blue',
  extension_request: 'purple',
  extension_decision: 'purple',
  task_closed: 'green',
};

/** 通知中心:催办, 督办单, reminders and decisions addressed to me; opening one marks it read. */
export function NotificationsPage() {
  const [page, setPage] = useState(1);
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const list = useNotifications(page, filter === 'unread');
  const mark = useMarkRead();
  const navigate = useNavigate();

  const open = (n: TNotification) => {
    if (!n.readAt) mark.mutate(n.id);
    if (n.link) void navigate(n.link);
  };

  return (
    <Card
      title={
        <Space>
          通知中心
          {list.data && list.data.unread > 0 && <Badge count={list.data.unread} />}
        </Space>
      }
      extra={
        <Space>
          <Segmented
            value={filter}
            onChange={(v) => {
              setFilter(v as 'all' | 'unread');
              setPage(1);
            }}
            options={[
              { value: 'all', label: '全部' },
              { value: 'unread', label: '未读' },
            ]}
          />
          <Button
            onClick={() => mark.mutate('all')}
            disabled={!list.data?.unread}
            loading={mark.isPending && mark.variables === 'all'}
          >
            全部标为已读
          </Button>
        </Space>
      }
    >
      <List<TNotification>
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={filter === 'unread' ? '没有未读通知' : '还没有通知'} /> }}
        pagination={
          list.data && list.data.total > 20
            ? { current: page, pageSize: 20, total: list.data.total, onChange: setPage }
            : false
        }
        renderItem={(n) => (
          <List.Item
            data-testid="notification-item"
            data-read={n.readAt ? 'true' : 'false'}
            style={{ cursor: n.link ? 'pointer' : 'default', opacity: n.readAt ? 0.65 : 1 }}
            onClick={() => open(n)}
            actions={[
              !n.readAt && (
                <Button
                  key="read"
                  type="link"
                  size="small"
                  onClick={(e) => {
                    e.stopPropagation();
                    mark.mutate(n.id);
                  }}
                >
                  标为已读
                </Button>
              ),
            ]}
          >
            <List.Item.Meta
              avatar={<Tag color={KIND_COLORS[n.kind] ?? 'default'}>{NOTIFICATION_KIND_LABELS[n.kind] ?? n.kind}</Tag>}
              title={
                <Space>
                  {!n.readAt && <Badge status="processing" />}
                  <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
                    {formatDateTime(n.createdAt)}
                  </Typography.Text>
                </Space>
              }
              description={
                <Typography.Paragraph style={{ whiteSpace: 'pre-line', marginBottom: 0 }}>
                  {n.body}
                </Typography.Paragraph>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
