import { describe, expect, it } from 'vitest';
import { firstPage, isForbiddenPath, NAV, visibleNav } from './nav.tsx';

describe('visibleNav', () => {
  it('shows an administrator every 系统管理 page', () => {
    const nav = visibleNav(NAV, ['user.read', 'user.manage', 'unit.read', 'unit.manage', 'audit.read', 'plan.read']);
    expect(nav.find((n) => n.key === '/admin')?.children?.map((c) => c.label)).toEqual([
      '用户',
      '组织机构',
      '审计日志',
    ]);
    expect(firstPage(nav)).toBe('/workbench');
  });

  it('hides pages a role may not open', () => {
    const nav = visibleNav(NAV, ['unit.read']);
    expect(nav).toEqual([]);
    // A unit's 联络员 sees its work, never the administration.
    const staff = visibleNav(NAV, [
      'unit.read',
      'plan.read',
      'report.file',
      'lights.read',
      'extension.read',
      'notification.read',
    ]);
    expect(staff.map((n) => n.label)).toEqual(['工作台', '工作要点', '任务督办']);
    expect(staff.find((n) => n.key === '/admin')).toBeUndefined();
    expect(visibleNav(NAV, [])).toEqual([]);
    expect(firstPage(visibleNav(NAV, []))).toBeNull();
  });
});

describe('isForbiddenPath', () => {
  const staff = ['unit.read', 'plan.read', 'report.file', 'lights.read'];
  it('refuses a page of the navigation the role may not open, and nothing else', () => {
    expect(isForbiddenPath(NAV, staff, '/admin/users')).toBe(true);
    expect(isForbiddenPath(NAV, staff, '/admin/audit')).toBe(true);
    expect(isForbiddenPath(NAV, staff, '/supervision/assessment')).toBe(true);
    expect(isForbiddenPath(NAV, staff, '/supervision/my')).toBe(false);
    expect(isForbiddenPath(NAV, staff, '/supervision/tasks/12')).toBe(false);
    expect(isForbiddenPath(NAV, ['user.read', 'audit.read'], '/admin/audit')).toBe(false);
  });
});
