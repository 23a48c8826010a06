/**
 * The 省情数据库 (gazetteer database) as the API speaks it: request schemas (zod, also the source of the OpenAPI
 * document) and the response shapes the web app and the CLI read.
 */
import { z } from 'zod';
import { ZBibRecord, ZSearchRule, type TBibRecord, type TSearchRule } from './gazetteer-bib.ts';

/** Kinds of book, as the offices name them (志书 subtypes first). Stored and faceted by these Chinese values. */
export const BOOK_TYPES = [
  '省志',
  '市县志',
  '乡镇村志',
  '专志',
  '部门志',
  '年鉴',
  '地方史',
  '旧志',
  '其他地情文献',
] as const;
export type TBookType = (typeof BOOK_TYPES)[number];

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label}不能超过 ${max} 个字符`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

export const ZBookMetadata = z.object({
  title: z.string().trim().min(1, '请填写书名').max(200, '书名不能超过 200 个字符').optional(),
  type: z.enum(BOOK_TYPES, { error: `类型应为：${BOOK_TYPES.join('、')}` }).optional(),
  region: optionalText('地区', 60),
  year: z.number().int('年份应为整数').min(-1000, '年份不合理').max(2200, '年份不合理').nullable().optional(),
  period: optionalText('时期', 60),
  edition: optionalText('版本', 200),
  compiler: optionalText('编纂者', 200),
  publisher: optionalText('出版者', 200),
  place: optionalText('出版地', 60),
  isbn: optionalText('ISBN', 20),
  licence: optionalText('许可', 200),
  bib: ZBibRecord.nullable().optional(),
  searchRule: ZSearchRule.nullable().optional(),
});
export type TBookMetadata = z.infer<typeof ZBookMetadata>;

export const ZPublishRequest = z.object({ published: z.boolean({ error: '请指明是否发布（true 或 false）' }) });

const csv = z
  .string()
  .optional()
  .transform((v) =>
    v
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined,
  );
const intParam = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${label}应为数字` })
    .int(`${label}应为整数`)
    .min(min, `${label}不能小于 ${min}`)
    .max(max, `${label}不能大于 ${max}`);

export const ZSearchParams = z.object({
  q: z.string().trim().min(1, '请输入要查找的字词').max(200, '检索式不能超过 200 个字符'),
  fold: z
    .enum(['0', '1'])
    .optional()
    .transform((v) => v !== '0'),
  sort: z.enum(['relevance', 'year', 'title']).optional().default('relevance'),
  types: csv,
  regions: csv,
  periods: csv,
  books: csv.transform((v) => v?.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0)),
  /** Within one 卷: the ordinal of a section of the single book in `books`. */
  section: intParam('卷序号', 1, 1_000_000).optional(),
  yearFrom: intParam('起始年份', -1000, 2200).optional(),
  yearTo: intParam('截止年份', -1000, 2200).optional(),
  page: intParam('页码', 1, 10_000).optional().default(1),
  pageSize: intParam('每页条数', 1, 100).optional().default(20),
});
export type TSearchParams = z.input<typeof ZSearchParams>;

export const ZKwicParams = ZSearchParams.omit({ sort: true, page: true, pageSize: true }).extend({
  kwicSort: z.enum(['left', 'right']).optional().default('right'),
  width: intParam('上下文字数', 5, 60).optional().default(20),
  limit: intParam('行数', 1, 5000).optional().default(1000),
  format: z.enum(['json', 'csv', 'xlsx']).optional().default('json'),
});

export const ZSectionParams = z.object({
  q: z.string().trim().max(200, '检索式不能超过 200 个字符').optional(),
  fold: z
    .enum(['0', '1'])
    .optional()
    .transform((v) => v !== '0'),
});

export const ZCitationParams = z.object({
  anchor: z.string().trim().max(60).optional(),
  /** A line id (`014-2a.3`) from the reader: cites that line (卷/葉/行) and links to it. */
  line: z.string().trim().max(80).optional(),
});

export interface TCitation {
  /** The GB/T 7714-2015 reference, one line. */
  text: string;
  url: string;
  anchor: TPageAnchor | null;
  /** Canonical locator of what is cited, e.g. `卷十四 葉2a 行3`. */
  locator: string | null;
}

export interface TPageAnchor {
  offset: number;
  id: string;
  label: string;
}

export interface TBook {
  id: number;
  sourceId: string;
  title: string;
  type: TBookType;
  region: string | null;
  /** The region's name (`吉林省` for 220000; a historical name as it is); null without a region. */
  regionName: string | null;
  year: number | null;
  period: string | null;
  edition: string | null;
  compiler: string | null;
  publisher: string | null;
  place: string | null;
  isbn: string | null;
  licence: string | null;
  sourceFormat: string;
  sourceName: string;
  published: boolean;
  sectionCount: number;
  charCount: number;
  /** Structured bibliographic record; null when none was entered or imported. */
  bib: TBibRecord | null;
  /** What the search leaves out; null = the source format's rules. */
  searchRule: TSearchRule | null;
  createdAt: string;
  updatedAt: string;
}

export interface TTocEntry {
  /** 1-based position of the section in reading order: the stable part of permalinks. */
  ordinal: number;
  level: number;
  title: string;
  parentOrdinal: number | null;
  firstAnchor: string | null;
}

export interface TBookDetail extends TBook {
  toc: TTocEntry[];
}

export interface TSection {
  bookId: number;
  ordinal: number;
  level: number;
  title: string;
  text: string;
  anchors: TPageAnchor[];
  notes: { start: number; end: number }[];
  /** Lines kept for display but not searched (edition headers, 卷 headings, running heads, page numbers). */
  apparatus: { start: number; end: number }[];
  /** Glyphs the source encodes but no character stands for (shown as 〓 with their code). */
  glyphs: { offset: number; code: string }[];
  previous: number | null;
  next: number | null;
  /** Hits of `q` in this section (display-text offsets), when a query was given. */
  hits: { offset: number; length: number }[];
}

export interface TSearchHit {
  bookId: number;
  bookTitle: string;
  sectionOrdinal: number;
  sectionTitle: string;
  offset: number;
  length: number;
  anchor: { id: string; label: string } | null;
  /** Canonical locator of the hit: `卷十四 葉2a 行3` (old books), `第一章 第12页` or `概述 第5段` (modern ones). */
  locator: string;
  /** Id of the hit's line, for the permalink `#l-…`. */
  lineId: string;
  snippet: { before: string; match: string; after: string };
}

export interface TFacet<T> {
  value: T;
  label: string;
  count: number;
}

export interface TSearchResponse {
  query: string;
  fold: boolean;
  /** Number of occurrences. */
  total: number;
  /** Number of matching sections. */
  sections: number;
  page: number;
  pageSize: number;
  hits: TSearchHit[];
  facets: {
    type: TFacet<string>[];
    region: TFacet<string | null>[];
    period: TFacet<string | null>[];
    /** The 50 books with the most matching sections, plus the books filtered on and those of this page's hits. */
    book: TFacet<number>[];
    /** Books with at least one matching section (`book` may list fewer). */
    bookTotal: number;
  };
  tookMs: number;
}

/**
 * The variant panel of a search (`/api/search/variants`, asked after the hits so they never wait for it): the glyph
 * forms the hits are written in (e.g. 寧古塔 1,052, 寕古塔 37, 宁古塔 2) when folding is on; null for exact-glyph
 * search, or when the forms would take reading too many sections (more than 2,000 hits, 200 sections or a million
 * characters) — a term none of whose characters has a variant always has its one form and total.
 */
export interface TSearchVariants {
  query: string;
  variants: { form: string; count: number }[] | null;
}

export interface TKwicRow {
  bookId: number;
  bookTitle: string;
  sectionOrdinal: number;
  sectionTitle: string;
  offset: number;
  /** Canonical locator (`卷十四 葉2a 行3`). */
  anchor: string | null;
  /** Id of the hit's line, for the permalink `#l-…`. */
  lineId: string;
  left: string;
  keyword: string;
  right: string;
}

export interface TIngestResponse {
  book: TBook;
  replaced: boolean;
  warnings: string[];
}
