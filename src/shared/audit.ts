import { z } from 'zod';

export const ZAuditEntry = z.object({
  id: z.number(),
  occurredAt: z.string(),
  actorId: z.number().nullable(),
  actorName: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  summary: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;

export const ZAuditQuery = z.object({
  actorId: z.coerce.number().int().positive().optional(),
  entityType: z.string().max(40).optional(),
  action: z.string().max(60).optional(),
  from: z.iso.date({ message: '起始日期格式应为 YYYY-MM-DD' }).optional(),
  to: z.iso.date({ message: '截止日期格式应为 YYYY-MM-DD' }).optional(),
  q: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

export const ZAuditPage = z.object({ items: z.array(ZAuditEntry), total: z.number() });
export type TAuditPage = z.infer<typeof ZAuditPage>;

/** Chinese labels of audit actions, shown in the 审计日志 page. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.login_failed': '登录失败',
  'user.create': '创建用户',
  'user.update': '修改用户',
  'user.reset_password': '重置密码',
  'user.change_password': '修改本人密码',
  'unit.create': '创建单位',
  'unit.update': '修改单位',
  'unit.delete': '删除单位',
  'unit.load_template': '载入组织机构模板',
  'system.restore': '恢复备份',
  'plan.import': '导入工作要点',
  'plan.revise': '导入工作要点修订版',
};
