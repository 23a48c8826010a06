import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { ZRole } from './auth.ts';

const ZUsername = z
  .string()
  .trim()
  .min(2, '用户名至少 2 个字符')
  .max(LIMITS.usernameMax, `用户名不能超过 ${LIMITS.usernameMax} 个字符`)
  .regex(/^[A-Za-z0-9_.-]+$/, '用户名只能包含英文字母、数字、下划线、点和连字符');

export const ZPassword = z
  .string()
  .min(LIMITS.passwordMin, `密码至少 ${LIMITS.passwordMin} 位`)
  .max(LIMITS.passwordMax, `密码不能超过 ${LIMITS.passwordMax} 位`);

const ZDisplayName = z
  .string()
  .trim()
  .min(1, '请填写姓名')
  .max(LIMITS.displayNameMax, `姓名不能超过 ${LIMITS.displayNameMax} 个字符`);

/** Optional mainland mobile number for SMS notices; an empty string means none. */
export const ZPhone = z
  .string()
  .trim()
  .refine((v) => v === '' || /^1[3-9]\d{9}$/.test(v), { message: '手机号应为 11 位数字，以 1 开头，例如 13812345678' })
  .transform((v) => (v === '' ? null : v));

/** Optional e-mail for reminders and chases; an empty string means none. */
const ZEmail = z
  .string()
  .trim()
  .max(254, '邮箱地址过长')
  .refine((v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), {
    message: '邮箱地址格式不正确，例如 zhangsan@example.gov.cn',
  })
  .transform((v) => (v === '' ? null : v));

export const ZUser = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(ZRole),
  unitId: z.number().nullable(),
  unitName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  isDisabled: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type TUser = z.infer<typeof ZUser>;

/** Roles that act for a unit (its 联络员, its head, a city/county office's user): such an account needs its unit. */
export const UNIT_BOUND_ROLES = ['unit_staff', 'unit_head', 'local_staff'] as const;

/** The message when an account holding a unit-bound role has no unit, or null when it is fine. */
export function missingUnitMessage(roles: readonly string[], unitId: number | null | undefined): string | null {
  const bound = UNIT_BOUND_ROLES.filter((r) => roles.includes(r));
  if (bound.length === 0 || (unitId !== null && unitId !== undefined)) return null;
  const names: Record<(typeof UNIT_BOUND_ROLES)[number], string> = {
    unit_staff: '处室联络员',
    unit_head: '处室负责人',
    local_staff: '市县用户',
  };
  return `${bound.map((r) => names[r]).join('、')}须选择所在单位：其待办、填报和审核都按单位确定。请在“所属单位”中选择。`;
}

export const ZCreateUserRequest = z
  .object({
    username: ZUsername,
    displayName: ZDisplayName,
    password: ZPassword,
    roles: z.array(ZRole).min(1, '请至少选择一个角色'),
    unitId: z.number().int().positive().nullable().default(null),
    email: ZEmail.nullable().optional(),
    phone: ZPhone.nullable().optional(),
  })
  .superRefine((v, ctx) => {
    const message = missingUnitMessage(v.roles, v.unitId);
    if (message) ctx.addIssue({ code: 'custom', path: ['unitId'], message });
  });
export type TCreateUserRequest = z.infer<typeof ZCreateUserRequest>;

export const ZUpdateUserRequest = z.object({
  displayName: ZDisplayName.optional(),
  roles: z.array(ZRole).min(1, '请至少选择一个角色').optional(),
  unitId: z.number().int().positive().nullable().optional(),
  isDisabled: z.boolean().optional(),
  email: ZEmail.nullable().optional(),
  phone: ZPhone.nullable().optional(),
});
export type TUpdateUserRequest = z.infer<typeof ZUpdateUserRequest>;

export const ZResetPasswordRequest = z.object({ password: ZPassword });
export type TResetPasswordRequest = z.infer<typeof ZResetPasswordRequest>;
