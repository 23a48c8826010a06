import { describe, expect, it } from 'vitest';
import { firstPage, NAV, visibleNav } from './nav.tsx';

describe('visibleNav', () => {
  it('shows an administrator every 系统管理 page', () => {
    const nav = visibleNav(NAV, ['user.read', 'user.manage', 'unit.read', 'unit.manage', 'audit.read', 'plan.read']);
    expect(nav.find((n) => n.key === '/admin')?.children?.map((c) => c.label)).toEqual(['用户', '组织机构', '审计日志']);
    expect(firstPage(nav)).toBe('/plans');
  });

  it('hides pages a role may not open', () => {
    const nav = visibleNav(NAV, ['unit.read']);
    expect(nav.map((n) => n.label)).toEqual(['系统管理']);
    expect(nav[0]?.children?.map((c) => c.label)).toEqual(['组织机构']);
    expect(visibleNav(NAV, [])).toEqual([]);
    expect(firstPage(visibleNav(NAV, []))).toBeNull();
  });
});
