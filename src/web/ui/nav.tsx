import type { ReactNode } from 'react';
import { AlertOutlined, ApartmentOutlined, ClockCircleOutlined, NotificationOutlined, AuditOutlined, BarsOutlined, BookOutlined, DashboardOutlined, DatabaseOutlined, FileSearchOutlined, FileTextOutlined, FlagOutlined, ProfileOutlined, SettingOutlined, TeamOutlined, TrophyOutlined } from '@ant-design/icons';

export interface NavItem {
  key: string;
  label: string;
  icon?: ReactNode;
  /** Shown only to users the server would allow (the server checks again on every request). */
  permission: string;
  children?: NavItem[];
}

/**
 * The application's modules, in the order of the side navigation. A module appears here only once it is built;
 * 工作台, 工作要点, 任务督办 and 省情数据库 join as their issues land.
 */
export const NAV: NavItem[] = [
  { key: '/plans', label: '工作要点', icon: <FileTextOutlined />, permission: 'plan.read' },
  {
    key: '/supervision',
    label: '任务督办',
    icon: <FlagOutlined />,
    permission: 'plan.read',
    children: [
      { key: '/supervision/my', label: '我的任务', icon: <ProfileOutlined />, permission: 'report.file' },
      { key: '/supervision/board', label: '督办台', icon: <AlertOutlined />, permission: 'lights.read' },
      { key: '/supervision/extensions', label: '延期审批', icon: <ClockCircleOutlined />, permission: 'extension.read' },
      { key: '/supervision/dashboard', label: '领导看板', icon: <DashboardOutlined />, permission: 'dashboard.read' },
      { key: '/supervision/gantt', label: '甘特图', icon: <BarsOutlined />, permission: 'plan.read' },
      { key: '/supervision/assessment', label: '绩效考评', icon: <TrophyOutlined />, permission: 'assessment.read' },
    ],
  },
  {
    key: '/gazetteer',
    label: '省情数据库',
    icon: <DatabaseOutlined />,
    permission: 'book.read_all',
    children: [
      { key: '/gazetteer/search', label: '全文检索', icon: <FileSearchOutlined />, permission: 'book.read_all' },
      { key: '/gazetteer/books', label: '书目管理', icon: <BookOutlined />, permission: 'book.read_all' },
      { key: '/gazetteer/browse', label: '分类浏览', icon: <BarsOutlined />, permission: 'book.read_all' },
      { key: '/gazetteer/parallel', label: '对读', icon: <BookOutlined />, permission: 'book.read_all' },
    ],
  },
  {
    key: '/admin',
    label: '系统管理',
    icon: <SettingOutlined />,
    permission: 'unit.read',
    children: [
      { key: '/admin/users', label: '用户', icon: <TeamOutlined />, permission: 'user.read' },
      { key: '/admin/units', label: '组织机构', icon: <ApartmentOutlined />, permission: 'unit.read' },
      { key: '/admin/audit', label: '审计日志', icon: <AuditOutlined />, permission: 'audit.read' },
      { key: '/admin/notifications', label: '通知渠道', icon: <NotificationOutlined />, permission: 'notification.configure' },
    ],
  },
];

/** The navigation the given permissions allow: a group without any visible child disappears. */
export function visibleNav(items: NavItem[], permissions: readonly string[]): NavItem[] {
  return items.flatMap((item) => {
    if (!permissions.includes(item.permission)) return [];
    if (!item.children) return [item];
    const children = visibleNav(item.children, permissions);
    return children.length > 0 ? [{ ...item, children }] : [];
  });
}

/** The first page a user can open, for the home route. */
export function firstPage(items: NavItem[]): string | null {
  for (const item of items) {
    if (item.children) {
      const child = firstPage(item.children);
      if (child) return child;
    } else return item.key;
  }
  return null;
}
