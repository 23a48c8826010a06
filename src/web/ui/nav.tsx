import type { ReactNode } from 'react';
import {
  HomeOutlined,
  AlertOutlined,
  EditOutlined,
  ApartmentOutlined,
  ClockCircleOutlined,
  NotificationOutlined,
  AuditOutlined,
  BarsOutlined,
  BookOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  FlagOutlined,
  ProfileOutlined,
  SettingOutlined,
  TeamOutlined,
  TrophyOutlined,
  ReadOutlined,
  ClusterOutlined,
  ImportOutlined,
  ShoppingCartOutlined,
  SendOutlined,
  FormOutlined,
  PrinterOutlined,
  SolutionOutlined,
} from '@ant-design/icons';

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
  { key: '/workbench', label: '工作台', icon: <HomeOutlined />, permission: 'plan.read' },
  { key: '/plans', label: '工作要点', icon: <FileTextOutlined />, permission: 'plan.read' },
  {
    key: '/supervision',
    label: '任务督办',
    icon: <FlagOutlined />,
    permission: 'plan.read',
    children: [
      { key: '/supervision/my', label: '我的任务', icon: <ProfileOutlined />, permission: 'report.file' },
      { key: '/supervision/board', label: '督办台', icon: <AlertOutlined />, permission: 'lights.read' },
      {
        key: '/supervision/extensions',
        label: '延期审批',
        icon: <ClockCircleOutlined />,
        permission: 'extension.read',
      },
      { key: '/supervision/dashboard', label: '领导看板', icon: <DashboardOutlined />, permission: 'dashboard.read' },
      { key: '/supervision/gantt', label: '甘特图', icon: <BarsOutlined />, permission: 'plan.read' },
      { key: '/supervision/assessment', label: '绩效考评', icon: <TrophyOutlined />, permission: 'assessment.read' },
    ],
  },
  { key: '/compilation', label: '编纂', icon: <EditOutlined />, permission: 'compile.read' },
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
  // 方志馆 and the offices (issue 14).
  {
    key: 'library-group',
    label: '方志馆',
    icon: <ReadOutlined />,
    permission: 'holding.read',
    children: [
      { key: '/holdings/office', label: '本单位', icon: <HomeOutlined />, permission: 'distribution.receive' },
      { key: '/holdings', label: '馆藏目录', icon: <BookOutlined />, permission: 'holding.read' },
      { key: '/holdings/union', label: '联合目录', icon: <ClusterOutlined />, permission: 'holding.read' },
      { key: '/holdings/imports', label: '馆藏导入', icon: <ImportOutlined />, permission: 'holding.manage' },
      { key: '/holdings/acquisitions', label: '采购', icon: <ShoppingCartOutlined />, permission: 'acquisition.read' },
      { key: '/holdings/distributions', label: '配送', icon: <SendOutlined />, permission: 'distribution.read' },
      { key: '/datareports', label: '资料年报', icon: <FormOutlined />, permission: 'datareport.read' },
      { key: '/holdings/evaluations', label: '资料室评估', icon: <AuditOutlined />, permission: 'evaluation.read' },
      { key: '/holdings/printing', label: '印刷', icon: <PrinterOutlined />, permission: 'printing.read' },
    ],
  },
  // 评审 (issue 13): review rounds of a book and evaluation campaigns (an external expert, role expert, sees only this
  // group, and in it only their own rounds and assignments; their 工作台 home is the rounds list), and the score sheets.
  {
    key: 'evaluation-group',
    label: '评审',
    icon: <SolutionOutlined />,
    permission: 'round.read',
    children: [
      { key: '/review', label: '书稿评审', icon: <SolutionOutlined />, permission: 'round.read' },
      { key: '/evaluation', label: '评审活动', icon: <TrophyOutlined />, permission: 'campaign.read' },
      { key: '/evaluation/templates', label: '评分表', icon: <FormOutlined />, permission: 'campaign.manage' },
    ],
  },
  {
    key: '/admin',
    label: '系统管理',
    icon: <SettingOutlined />,
    // Unit and city/county staff never see the administration (they read units through the pages that need them).
    permission: 'user.read',
    children: [
      { key: '/admin/users', label: '用户', icon: <TeamOutlined />, permission: 'user.read' },
      { key: '/admin/units', label: '组织机构', icon: <ApartmentOutlined />, permission: 'user.read' },
      { key: '/admin/audit', label: '审计日志', icon: <AuditOutlined />, permission: 'audit.read' },
      {
        key: '/admin/notifications',
        label: '通知渠道',
        icon: <NotificationOutlined />,
        permission: 'notification.configure',
      },
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

/**
 * Whether a path belongs to a page of the navigation the permissions hide (e.g. /admin/users for a 联络员): such a
 * page shows 无权访问 instead of an empty table. Paths outside the navigation (a task page) are the server's to refuse.
 */
export function isForbiddenPath(items: NavItem[], permissions: readonly string[], pathname: string): boolean {
  for (const item of items) {
    if (pathname === item.key || pathname.startsWith(`${item.key}/`)) {
      if (!permissions.includes(item.permission)) return true;
      if (item.children) return isForbiddenPath(item.children, permissions, pathname);
      return false;
    }
  }
  return false;
}
