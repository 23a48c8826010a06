import { z } from 'zod';
import { LIMITS } from './limits.ts';

export const ROLES = ['admin', 'leader', 'supervisor', 'unit_head', 'unit_staff', 'local_staff', 'expert'] as const;
export type TRole = (typeof ROLES)[number];
export const ZRole = z.enum(ROLES, { error: () => ({ message: `角色必须是：${ROLES.join('、')} 之一` }) });

export const ROLE_LABELS: Record<TRole, string> = {
  admin: '系统管理员',
  leader: '委领导',
  supervisor: '督办员',
  unit_head: '处室负责人',
  unit_staff: '处室联络员',
  local_staff: '市县用户',
  expert: '评审专家',
};

export const ZLoginRequest = z.object({
  username: z
    .string()
    .trim()
    .min(1, '请输入用户名')
    .max(LIMITS.usernameMax, `用户名不能超过 ${LIMITS.usernameMax} 个字符`),
  password: z.string().min(1, '请输入密码').max(LIMITS.passwordMax, `密码不能超过 ${LIMITS.passwordMax} 个字符`),
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export const ZCurrentUser = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(ZRole),
  unitId: z.number().nullable(),
  unitName: z.string().nullable(),
  /** Actions the server will allow this user (policy names such as `user.manage`); the web app hides the rest. */
  permissions: z.array(z.string()),
  /** Token to send back in the `X-CSRF-Token` header on every state-changing request. */
  csrfToken: z.string(),
});
export type TCurrentUser = z.infer<typeof ZCurrentUser>;

export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_COOKIE = 'fz_session';
export const CSRF_COOKIE = 'fz_csrf';

export const ZChangePasswordRequest = z.object({
  currentPassword: z.string().min(1, '请输入当前密码').max(LIMITS.passwordMax),
  newPassword: z
    .string()
    .min(LIMITS.passwordMin, `新密码至少 ${LIMITS.passwordMin} 位`)
    .max(LIMITS.passwordMax, `新密码不能超过 ${LIMITS.passwordMax} 位`),
});
export type TChangePasswordRequest = z.infer<typeof ZChangePasswordRequest>;
