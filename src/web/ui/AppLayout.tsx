import { Avatar, Badge, Dropdown, Layout, Menu, Result, Space, Spin, Typography } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { ROLE_LABELS } from '../../shared/auth.ts';
import { api } from '../api/client.ts';
import { useMe } from '../auth/use-me.ts';
import { isForbiddenPath, NAV, visibleNav, type NavItem } from './nav.tsx';
import { useTodo } from '../features/workbench/api.ts';
import { Breadcrumbs } from './Breadcrumbs.tsx';
import { NotificationBell } from '../features/notifications/NotificationBell.tsx';

function toMenuItems(
  items: NavItem[],
  counts: Record<string, number>,
): NonNullable<Parameters<typeof Menu>[0]['items']> {
  return items.map((i) => ({
    key: i.key,
    label: counts[i.key] ? (
      <Space size={6}>
        {i.label}
        <Badge count={counts[i.key]} size="small" data-testid={`menu-count-${i.key}`} />
      </Space>
    ) : (
      i.label
    ),
    icon: i.icon,
    children: i.children ? toMenuItems(i.children, counts) : undefined,
  }));
}

/** The signed-in shell: side navigation of the modules this user may open, header with the account menu. */
export function AppLayout() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const todo = useTodo(!!me.data);

  if (me.isPending) return <Spin size="large" fullscreen />;
  if (me.isError) return <Result status="error" title="无法连接服务器" subTitle={String(me.error.message)} />;
  if (!me.data)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;

  const nav = visibleNav(NAV, me.data.permissions);
  const selected = location.pathname.split('/').slice(0, 3).join('/');
  const logout = async () => {
    await api.post('/api/auth/logout').catch(() => undefined);
    queryClient.clear();
    void navigate('/login', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={208} theme="light" breakpoint="lg" collapsible className="app-sider">
        <div className="app-logo" onClick={() => void navigate('/')}>
          <span className="brand-mark small">志</span>
          <span className="app-logo-text">方志</span>
        </div>
        <Menu
          mode="inline"
          selectedKeys={[selected]}
          defaultOpenKeys={nav.map((n) => n.key)}
          items={toMenuItems(nav, { '/workbench': todo.data?.todo.length ?? 0 })}
          onClick={({ key }) => void navigate(key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="app-header">
          <Typography.Text strong className="app-header-title">
            地方志工作平台
          </Typography.Text>
          <Space size="middle">
            <NotificationBell />
            <Dropdown
              menu={{
                items: [
                  {
                    key: 'account',
                    icon: <UserOutlined />,
                    label: '我的账号',
                    onClick: () => void navigate('/account'),
                  },
                  { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', onClick: () => void logout() },
                ],
              }}
            >
              <span className="app-user" data-testid="current-user">
                <Avatar size="small" icon={<UserOutlined />} /> {me.data.displayName}
                <Typography.Text type="secondary" className="app-user-roles">
                  {' '}
                  · {me.data.roles.map((r) => ROLE_LABELS[r]).join('、')}
                </Typography.Text>
              </span>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content className="app-content">
          <Breadcrumbs />
          {isForbiddenPath(NAV, me.data.permissions, location.pathname) ? (
            <Result
              status="403"
              title="无权访问"
              subTitle="您的账号没有打开这个页面的权限。如确需使用，请联系系统管理员调整角色。"
              data-testid="forbidden"
            />
          ) : (
            <Outlet context={me.data} />
          )}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
