import { z } from 'zod';
import { LIMITS } from './limits.ts';

export const UNIT_KINDS = [
  'committee',
  'department',
  'institution',
  'association',
  'party_body',
  'city_office',
  'county_office',
  'special_office',
  'external',
] as const;
export type TUnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS: Record<TUnitKind, string> = {
  committee: '地方志编纂委员会',
  department: '内设处室',
  institution: '直属事业单位',
  association: '社会团体',
  party_body: '党群机构',
  city_office: '市（州）地方志工作机构',
  county_office: '县（市、区）地方志工作机构',
  special_office: '特殊管理区地方志工作机构',
  external: '委外单位',
};

const ZUnitName = z
  .string()
  .trim()
  .min(1, '请填写单位名称')
  .max(LIMITS.unitNameMax, `单位名称不能超过 ${LIMITS.unitNameMax} 个字符`);
const ZAlias = z.string().trim().min(1, '简称不能为空').max(LIMITS.aliasMax, `简称不能超过 ${LIMITS.aliasMax} 个字符`);
const ZDivisionCode = z
  .string()
  .regex(/^\d{6}$/, '行政区划代码应为 6 位数字（GB/T 2260），例如 220100')
  .nullable();

export const ZUnit = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(UNIT_KINDS),
  parentId: z.number().nullable(),
  divisionCode: z.string().nullable(),
  /** The unit that manages this one when it differs from the code parent (e.g. 梅河口市: coded under 通化市, managed by the province). */
  managedById: z.number().nullable(),
  aliases: z.array(z.string()),
  sortOrder: z.number(),
  isActive: z.boolean(),
  note: z.string().nullable(),
});
export type TUnit = z.infer<typeof ZUnit>;

export const ZCreateUnitRequest = z.object({
  name: ZUnitName,
  kind: z.enum(UNIT_KINDS, { error: () => ({ message: '请选择单位类别' }) }),
  parentId: z.number().int().positive().nullable().default(null),
  divisionCode: ZDivisionCode.default(null),
  managedById: z.number().int().positive().nullable().default(null),
  aliases: z.array(ZAlias).max(LIMITS.aliasesPerUnit, `简称最多 ${LIMITS.aliasesPerUnit} 个`).default([]),
  sortOrder: z.number().int().min(0).max(100000).default(0),
  note: z.string().trim().max(LIMITS.noteMax, `备注不能超过 ${LIMITS.noteMax} 个字符`).nullable().default(null),
});
export type TCreateUnitRequest = z.input<typeof ZCreateUnitRequest>;

export const ZUpdateUnitRequest = z.object({
  name: ZUnitName.optional(),
  kind: z.enum(UNIT_KINDS).optional(),
  parentId: z.number().int().positive().nullable().optional(),
  divisionCode: ZDivisionCode.optional(),
  managedById: z.number().int().positive().nullable().optional(),
  aliases: z.array(ZAlias).max(LIMITS.aliasesPerUnit).optional(),
  sortOrder: z.number().int().min(0).max(100000).optional(),
  isActive: z.boolean().optional(),
  note: z.string().trim().max(LIMITS.noteMax).nullable().optional(),
});
export type TUpdateUnitRequest = z.infer<typeof ZUpdateUnitRequest>;

export const ZLoadTemplateResponse = z.object({ created: z.number(), skipped: z.number() });
export type TLoadTemplateResponse = z.infer<typeof ZLoadTemplateResponse>;
