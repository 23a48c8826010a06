import { z } from 'zod';

/**
 * 资料 (materials) of a compilation project: sources (资料来源) with their citation fields and 密级, excerpt cards
 * (摘录卡片) linked to outline nodes, the 资料长编 of a node, and contradictions between cards. Shared by server, web
 * and CLI. The fuzzy-date reader and the citation formatter are pure.
 */

export const SOURCE_KINDS = ['archive', 'document', 'press', 'statistics', 'oral', 'web', 'gazetteer'] as const;
export type TSourceKind = (typeof SOURCE_KINDS)[number];

export const SOURCE_KIND_LABELS: Record<TSourceKind, string> = {
  archive: '档案',
  document: '文件',
  press: '报刊',
  statistics: '统计',
  oral: '口述',
  web: '网页',
  gazetteer: '旧志/年鉴',
};

/** The citation fields of each kind, in the order a reference names them. */
export const SOURCE_FIELDS: Record<TSourceKind, readonly { key: string; label: string; required: boolean }[]> = {
  archive: [
    { key: 'holder', label: '馆藏单位', required: false },
    { key: 'fonds', label: '全宗号', required: true },
    { key: 'fileNo', label: '档号', required: true },
  ],
  document: [
    { key: 'issuer', label: '发文机关', required: false },
    { key: 'docNo', label: '文号', required: true },
    { key: 'date', label: '成文日期', required: false },
  ],
  press: [
    { key: 'paper', label: '报刊名', required: true },
    { key: 'date', label: '日期', required: true },
    { key: 'page', label: '版次', required: true },
  ],
  statistics: [
    { key: 'publisher', label: '发布机关', required: false },
    { key: 'caliber', label: '统计口径', required: true },
    { key: 'period', label: '统计时期', required: false },
  ],
  oral: [
    { key: 'narrator', label: '口述人', required: true },
    { key: 'interviewer', label: '采访人', required: false },
    { key: 'interviewedAt', label: '采访时间', required: true },
  ],
  web: [
    { key: 'url', label: 'URL', required: true },
    { key: 'accessedAt', label: '访问日期', required: true },
  ],
  gazetteer: [
    { key: 'bookTitle', label: '书名', required: true },
    { key: 'juan', label: '卷', required: false },
    { key: 'page', label: '页', required: false },
  ],
};

/** 密级, lowest first. 秘密 and above are seen only by 主编、副主编、责任总纂 and never go into the public book. */
export const CLASSIFICATIONS = ['public', 'internal', 'secret', 'confidential', 'top_secret'] as const;
export type TClassification = (typeof CLASSIFICATIONS)[number];
export const CLASSIFICATION_LABELS: Record<TClassification, string> = {
  public: '公开',
  internal: '内部',
  secret: '秘密',
  confidential: '机密',
  top_secret: '绝密',
};

/** 秘密, 机密, 绝密. */
export function isClassified(c: TClassification): boolean {
  return CLASSIFICATIONS.indexOf(c) >= CLASSIFICATIONS.indexOf('secret');
}

const SEASONS: Record<string, number> = { 春: 1, 夏: 2, 秋: 3, 冬: 4 };
const PARTS: Record<string, number> = { 初: 1, 上旬: 1, 中: 2, 中旬: 2, 末: 3, 下旬: 3, 底: 3 };

/**
 * Reads the time of a card as offices write it: 1985年, 1985年春, 1985年3月, 1985年3月上旬, 1985年3月5日, 1985-03-05,
 * 1985.3, 20世纪80年代, 1980年代. Returns a sort key (`1985-03-05`, with 00 for what is not known and a season or part
 * of the month as a half-step so 1985年春 sorts before 1985年4月) or null when it is not a time. Pure.
 */
export function parseFuzzyDate(raw: string): { sort: string; label: string } | null {
  const text = raw
    .trim()
    .replace(/\s+/g, '')
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  if (!text) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  const key = (y: number, m = 0, d = 0) => `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
  let m = /^(\d{1,2})世纪(\d)0年代$/.exec(text);
  if (m) return { sort: key((Number(m[1]) - 1) * 100 + Number(m[2]) * 10), label: text };
  m = /^(\d{3})0年代(初|中|末)?$/.exec(text);
  if (m) return { sort: key(Number(m[1]) * 10 + (m[2] ? (PARTS[m[2]]! - 1) * 4 : 0)), label: text };
  m =
    /^(\d{4})(?:年|[-./])(?:(\d{1,2})(?:月|[-./])?(?:(\d{1,2})日?|(上旬|中旬|下旬|初|中|末|底))?|(春|夏|秋|冬)(?:季)?|(初|底|末))?$/.exec(
      text,
    );
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1 || year > 2200) return null;
  if (m[2]) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return null;
    if (m[3]) {
      const day = Number(m[3]);
      const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
      if (day < 1 || day > last) return null;
      return { sort: key(year, month, day), label: text };
    }
    if (m[4]) return { sort: key(year, month, [0, 5, 15, 25][PARTS[m[4]]!]), label: text };
    return { sort: key(year, month), label: text };
  }
  // A season is placed at its first month (春 = 3月), with day 00, so it sorts before that month's dated events.
  if (m[5]) return { sort: key(year, [0, 3, 6, 9, 12][SEASONS[m[5]]!]), label: text };
  if (m[6]) return { sort: key(year, m[6] === '初' ? 1 : 12), label: text };
  return { sort: key(year), label: text };
}

/** A reference for a source, as the 资料长编 and the book's notes print it. Pure. */
export function formatSourceCitation(source: {
  kind: TSourceKind;
  title: string;
  fields: Record<string, string>;
}): string {
  const f = (k: string) => (source.fields[k] ?? '').trim();
  const title = source.title.trim();
  const quoted = title ? `《${title.replace(/^《|》$/g, '')}》` : '';
  const join = (parts: string[]) => parts.filter(Boolean).join('，');
  switch (source.kind) {
    case 'archive':
      return `${join([f('holder') ? `${f('holder')}藏` : '', `全宗号${f('fonds')}`, `档号${f('fileNo')}`])}：${quoted}`;
    case 'document':
      return join([f('issuer'), `${quoted}（${f('docNo')}）`, f('date')]);
    case 'press':
      return `${quoted ? `${quoted}，` : ''}《${f('paper').replace(/^《|》$/g, '')}》${f('date')}第${f('page').replace(/^第|版$/g, '')}版`;
    case 'statistics':
      return join([f('publisher'), quoted, f('period'), `统计口径：${f('caliber')}`]);
    case 'oral':
      return join([
        `${f('narrator')}口述`,
        f('interviewer') ? `${f('interviewer')}采访` : '',
        f('interviewedAt'),
        quoted,
      ]);
    case 'web':
      return `${quoted}[EB/OL]. ${f('url')}（${f('accessedAt')}访问）`;
    case 'gazetteer':
      return join([
        `《${f('bookTitle').replace(/^《|》$/g, '')}》`,
        f('juan'),
        f('page'),
        title && title !== f('bookTitle') ? quoted : '',
      ]);
  }
}

const ZText = (label: string, max: number) =>
  z
    .string({ error: () => ({ message: `请填写${label}` }) })
    .trim()
    .max(max, `${label}过长（最多 ${max} 字）`);

export const ZSourceInput = z.object({
  kind: z.enum(SOURCE_KINDS, {
    error: () => ({ message: '请选择资料类别：档案、文件、报刊、统计、口述、网页或旧志/年鉴' }),
  }),
  title: ZText('资料题名', 200).default(''),
  classification: z
    .enum(CLASSIFICATIONS, { error: () => ({ message: '请选择密级：公开、内部、秘密、机密或绝密' }) })
    .default('public'),
  fields: z.record(z.string(), z.string().trim().max(500, '著录项过长（最多 500 字）')).default({}),
  /** 旧志/年鉴 in the gazetteer database: the reader's permalink of a section, page or line. */
  permalink: z.string().trim().max(500, '永久链接过长').optional(),
  note: ZText('备注', 2000).optional(),
});
export type TSourceInput = z.input<typeof ZSourceInput>;

export const ZCardInput = z.object({
  sourceId: z
    .number({ error: () => ({ message: '请选择卡片的资料来源' }) })
    .int()
    .positive(),
  text: ZText('摘录原文', 20_000).min(1, '请填写摘录原文（照录，不改字）'),
  time: ZText('时间', 40).optional(),
  place: ZText('地点', 100).optional(),
  subject: ZText('主题', 100).optional(),
  locator: ZText('出处位置', 200).optional(),
  nodeIds: z.array(z.number().int().positive()).max(50, '一张卡片最多关联 50 个篇目').default([]),
});
export type TCardInput = z.input<typeof ZCardInput>;

export const ZCardQuery = z.object({
  nodeId: z.coerce.number().int().positive().optional(),
  sourceId: z.coerce.number().int().positive().optional(),
  subject: z.string().trim().max(100).optional(),
  q: z.string().trim().max(100).optional(),
  /** Time range, written like a card's time (1980年 … 1989年). */
  from: z.string().trim().max(40).optional(),
  to: z.string().trim().max(40).optional(),
});
export type TCardQuery = z.input<typeof ZCardQuery>;

export const ZContradictionInput = z.object({
  fact: ZText('矛盾的事实', 300).min(1, '请写明哪一事实记载不一（如“建县时间”）'),
  cardIds: z
    .array(z.number().int().positive())
    .min(2, '请至少选择两张记载不一的卡片')
    .max(20, '一次最多记录 20 张卡片'),
  note: ZText('说明', 2000).optional(),
});
export type TContradictionInput = z.input<typeof ZContradictionInput>;

export const ZContradictionResolve = z.object({
  chosenCardId: z
    .number({ error: () => ({ message: '请选择采信的卡片' }) })
    .int()
    .positive(),
  reason: ZText('裁定理由', 2000).min(4, '请写明裁定理由（至少 4 个字），如依据哪份档案、为何采信'),
});
export type TContradictionResolve = z.input<typeof ZContradictionResolve>;

export const ZSourceCompilationOrder = z.object({
  entries: z.array(z.object({ cardId: z.number().int().positive(), note: ZText('编者按', 2000).optional() })).max(2000),
});
export type TSourceCompilationOrder = z.input<typeof ZSourceCompilationOrder>;

export interface TSource {
  id: number;
  projectId: number;
  kind: TSourceKind;
  title: string;
  classification: TClassification;
  fields: Record<string, string>;
  citation: string;
  /** 旧志/年鉴 in the gazetteer database. */
  book: { bookId: number; ordinal: number; permalink: string; locator: string | null } | null;
  note: string | null;
  cardCount: number;
  /** The principal may edit or delete it: editors, or whoever (or whose unit) registered it. */
  canEdit: boolean;
  createdByName: string;
  createdAt: string;
}

export interface TCard {
  id: number;
  projectId: number;
  sourceId: number;
  sourceTitle: string;
  sourceKind: TSourceKind;
  classification: TClassification;
  citation: string;
  text: string;
  time: string | null;
  timeSort: string | null;
  place: string | null;
  subject: string | null;
  locator: string | null;
  nodes: { id: number; title: string }[];
  /** Open contradictions this card is part of. */
  openContradictions: number;
  canEdit: boolean;
  createdByName: string;
  createdAt: string;
}

export interface TMaterials {
  sources: TSource[];
  cards: TCard[];
  /** Whether the reader sees 秘密 and above (else those are left out, and `hidden` says how many). */
  seesClassified: boolean;
  hidden: number;
  canWrite: boolean;
  canResolve: boolean;
}

export interface TContradiction {
  id: number;
  fact: string;
  note: string | null;
  status: 'open' | 'resolved';
  cards: { id: number; text: string; time: string | null; citation: string; visible: boolean }[];
  chosenCardId: number | null;
  reason: string | null;
  createdByName: string;
  createdAt: string;
  resolvedByName: string | null;
  resolvedAt: string | null;
}

export interface TSourceCompilationEntry {
  card: TCard;
  note: string | null;
  position: number | null;
}

export interface TSourceCompilation {
  nodeId: number;
  nodeTitle: string;
  /** Whether the order was set by hand (else by time). */
  ordered: boolean;
  entries: TSourceCompilationEntry[];
  canEdit: boolean;
  openContradictions: { id: number; fact: string; cardIds: number[] }[];
}

/** Each paragraph of a node's latest draft and the cards it cites. */
export interface TParagraphSources {
  nodeId: number;
  version: number | null;
  paragraphs: { index: number; text: string; cards: { id: number; visible: boolean; label: string }[] }[];
}
