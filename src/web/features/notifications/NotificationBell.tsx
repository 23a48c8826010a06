import { Badge, Button, Tooltip } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useNotifications } from './api.ts';

/** The header bell: unread count as a badge (refreshed every minute), opens the notification centre. */
export function NotificationBell() {
  const navigate = useNavigate();
  const page = useNotifications(1, false, true);
  const unread = page.data?.unread ?? 0;
  return (
    <Tooltip title={unread > 0 ? `${unread} 条未读通知` : '通知中心'}>
      <Badge count={unread} size="small" overflowCount={99} data-testid="notification-badge">
        <Button
          type="text"
          aria-label="通知中心"
          icon={<BellOutlined style={{ fontSize: 18 }} />}
          onClick={() => void navigate('/notifications')}
        />
      </Badge>
    </Tooltip>
  );
}
