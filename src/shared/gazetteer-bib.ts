/**
 * What scholars need of a book beyond the catalogue line: the structured bibliographic record (卷数, contributors with
 * dynasty and role, 成书/刊刻 years, edition, holding, series) and the per-book rule of what the search leaves out.
 */
import { z } from 'zod';
import type { TBook, TSection } from './gazetteer.ts';

/** Roles of responsibility as old and modern books state them (著作方式). */
export const CONTRIBUTOR_ROLES = [
  '撰',
  '修',
  '纂',
  '纂修',
  '奉敕撰',
  '奉敕纂',
  '監修',
  '总纂',
  '辑',
  '编',
  '主编',
  '编纂',
  '校注',
  '点校',
  '整理',
] as const;

export const ZContributor = z.object({
  name: z.string().trim().min(1, '请填写责任者姓名').max(60, '姓名不能超过 60 个字符'),
  dynasty: z
    .string()
    .trim()
    .max(10, '朝代不能超过 10 个字符')
    .nullable()
    .optional()
    .transform((v) => v || null),
  role: z
    .string()
    .trim()
    .max(10, '著作方式不能超过 10 个字符')
    .nullable()
    .optional()
    .transform((v) => v || null),
});
export type TContributor = z.output<typeof ZContributor>;

const year = (label: string) =>
  z.number().int(`${label}应为整数`).min(-1000, `${label}不合理`).max(2200, `${label}不合理`).nullable().optional();
const text = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label}不能超过 ${max} 个字符`)
    .nullable()
    .optional()
    .transform((v) => v || null);

export const ZBibRecord = z.object({
  /** 卷数 as counted in the book (not the number of sections). */
  juanCount: z.number().int('卷数应为整数').min(0, '卷数不能为负').max(10000, '卷数不合理').nullable().optional(),
  contributors: z.array(ZContributor).max(20, '责任者不能超过 20 人').optional().default([]),
  /** 成书年 and 刊刻年 (Gregorian). */
  compiledYear: year('成书年'),
  printedYear: year('刊刻年'),
  /** 版本类型: 刻本, 抄本, 四庫全書本, 排印本, 影印本 … */
  editionKind: text('版本类型', 40),
  holding: text('收藏机构', 100),
  series: text('丛书', 100),
});
export type TBibRecord = z.output<typeof ZBibRecord>;

export const ZSearchRule = z.object({
  /** `format`: leave out what the format's rules call apparatus; `none`: index every line. */
  mode: z.enum(['format', 'none'], { error: '检索规则应为 format（按格式规则）或 none（全部检索）' }),
  /** Further whole lines (e.g. a running head the rules miss) that are not searched. */
  extraLines: z
    .array(z.string().trim().min(1, '不检索的行不能为空').max(100, '每行不能超过 100 个字符'))
    .max(50, '最多 50 行')
    .optional()
    .default([]),
});
export type TSearchRule = z.output<typeof ZSearchRule>;

/** Kanripo / 四庫 witness codes → the edition name a citation gives. */
export const EDITION_NAMES: Record<string, string> = {
  WYG: '文淵閣四庫全書本',
  WJG: '文津閣四庫全書本',
  WSG: '文溯閣四庫全書本',
  WLG: '文瀾閣四庫全書本',
  SKQSHY: '四庫全書薈要本',
  SBCK: '四部叢刊本',
  SBBY: '四部備要本',
  CK: '叢書集成本',
};

/** Browsing without a query (`GET /api/books/browse`): each parameter narrows the book list; the trees count all books. */
export const ZBrowseParams = z.object({
  region: z.string().trim().max(60, '地区不能超过 60 个字符').optional(),
  period: z.string().trim().max(20, '时期不能超过 20 个字符').optional(),
  type: z.string().trim().max(20, '类型不能超过 20 个字符').optional(),
  compiler: z.string().trim().max(60, '编纂者不能超过 60 个字符').optional(),
});
export type TBrowseParams = z.output<typeof ZBrowseParams>;

export interface TBrowseNode {
  /** A division code (`220000`), a historical name (`寧古塔`), or 未注明地区 / 其他地名. */
  key: string;
  label: string;
  /** Books at this node or under it. */
  count: number;
  children: TBrowseNode[];
}

export interface TBrowseFacet {
  value: string;
  label: string;
  count: number;
}

export interface TBrowseResponse {
  regions: TBrowseNode[];
  periods: TBrowseFacet[];
  types: TBrowseFacet[];
  compilers: TBrowseFacet[];
  /** The books the parameters select. */
  books: TBook[];
}

export const ZBibExportParams = z.object({
  format: z.enum(['bibtex', 'ris', 'csl-json'], { error: '导出格式应为 bibtex、ris 或 csl-json' }),
});

export const ZGlyphFontParams = z.object({
  chars: z
    .string({ error: '请用 chars 参数给出要显示的罕用字' })
    .min(1, '请用 chars 参数给出要显示的罕用字')
    .max(4000, 'chars 过长'),
});

/** Where a glyph first occurs: the section and its canonical locator. */
export interface TGlyphPlace {
  ordinal: number;
  locator: string;
  lineId: string;
}

/** A book's 缺字 and 罕用字 list (`GET /api/books/:id/glyphs`). */
export interface TGlyphList {
  /** Glyph codes of the source with no character at all (shown as 〓). */
  missing: { code: string; count: number; first: TGlyphPlace }[];
  /** Characters from the CJK extensions, drawn with the extension font. */
  rare: { char: string; codePoint: string; count: number; first: TGlyphPlace }[];
  /** Composed-glyph descriptions written in the text, e.g. [卄/木] (shown as written). */
  described: { text: string; count: number; first: TGlyphPlace }[];
}

/** Parallel reading (`GET /api/books/parallel`): two books or editions side by side. */
export const ZParallelParams = z.object({
  left: z.coerce.number({ error: '请选择左栏的书目' }).int().positive('请选择左栏的书目'),
  right: z.coerce.number({ error: '请选择右栏的书目' }).int().positive('请选择右栏的书目'),
  /** Section ordinal on the left (default 1) and on the right (default: the section with the same title, e.g. 卷十四). */
  ls: z.coerce.number().int().positive('章节序号应为正整数').optional(),
  rs: z.coerce.number().int().positive('章节序号应为正整数').optional(),
});
export type TParallelParams = z.output<typeof ZParallelParams>;

export interface TParallelLink {
  /** Number of characters shared (search text: folded, without layout and apparatus). */
  length: number;
  left: { offset: number; length: number; locator: string };
  right: { offset: number; length: number; locator: string };
}

export interface TParallelResponse {
  left: TSection & { bookTitle: string };
  right: TSection & { bookTitle: string };
  /** How the right section was chosen: same 卷 title, same position, or as asked. */
  alignedBy: 'title' | 'ordinal' | 'chosen';
  links: TParallelLink[];
}

/** A saved search or a history entry: the search page's URL query string (`q=長白山&books=1&view=kwic`). */
export const ZSavedSearchCreate = z.object({
  name: z.string().trim().min(1, '请给检索起个名字').max(60, '名称不能超过 60 个字符'),
  query: z
    .string()
    .trim()
    .min(3, '检索条件为空')
    .max(2000, '检索条件过长')
    .regex(/(^|&)q=[^&]+/, '检索条件中没有检索词（q=…）'),
});
export const ZSearchHistoryEntry = ZSavedSearchCreate.pick({ query: true });

export interface TSavedSearch {
  id: number;
  kind: 'saved' | 'history';
  name: string | null;
  query: string;
  createdAt: string;
}
