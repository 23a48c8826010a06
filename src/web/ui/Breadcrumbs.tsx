import { useEffect } from 'react';
import { Breadcrumb } from 'antd';
import { Link, useLocation } from 'react-router';
import { NAV, type NavItem } from './nav.tsx';

/** Pages outside the navigation, by path pattern: their place in the trail. */
const EXTRA: { pattern: RegExp; trail: { label: string; to?: string }[] }[] = [
  { pattern: /^\/supervision\/tasks\/\d+/, trail: [{ label: '任务督办' }, { label: '任务详情' }] },
  { pattern: /^\/plans\/import/, trail: [{ label: '工作要点', to: '/plans' }, { label: '导入' }] },
  { pattern: /^\/plans\/\d+/, trail: [{ label: '工作要点', to: '/plans' }, { label: '要点详情' }] },
  { pattern: /^\/notifications/, trail: [{ label: '通知' }] },
  { pattern: /^\/account/, trail: [{ label: '我的账号' }] },
  { pattern: /^\/review\/\d+/, trail: [{ label: '评审', to: '/review' }, { label: '评审轮次' }] },
  { pattern: /^\/evaluation\/\d+/, trail: [{ label: '评审', to: '/evaluation' }, { label: '评审详情' }] },
  { pattern: /^\/evaluation\/templates/, trail: [{ label: '评审', to: '/evaluation' }, { label: '评分表' }] },
  { pattern: /^\/evaluation\/?$/, trail: [{ label: '评审' }, { label: '评审活动' }] },
];

/** The trail of navigation entries leading to `pathname` (工作台 → …), or an entry of EXTRA. */
export function trailOf(pathname: string, items: NavItem[] = NAV): { label: string; to?: string }[] {
  const extra = EXTRA.find((e) => e.pattern.test(pathname));
  if (extra) return extra.trail;
  for (const item of items) {
    if (pathname === item.key || pathname.startsWith(`${item.key}/`)) {
      if (item.children) {
        const rest = trailOf(pathname, item.children);
        return [{ label: item.label }, ...rest];
      }
      return [{ label: item.label, to: item.key }];
    }
  }
  return [];
}

/** Breadcrumbs above every page, and the browser tab's title (页面 - 方志). */
export function Breadcrumbs() {
  const { pathname } = useLocation();
  const trail = trailOf(pathname);
  const title = trail.at(-1)?.label;
  useEffect(() => {
    document.title = title ? `${title} - 方志` : '方志 · 地方志工作平台';
  }, [title]);
  if (trail.length === 0) return null;
  return (
    <Breadcrumb
      data-testid="breadcrumbs"
      style={{ marginBottom: 12 }}
      items={trail.map((t, i) => ({
        title: t.to && i < trail.length - 1 ? <Link to={t.to}>{t.label}</Link> : t.label,
      }))}
    />
  );
}
