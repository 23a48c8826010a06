/**
 * The OpenAPI 3.1 document of the 省情数据库 API, derived from zod schemas with `z.toJSONSchema`: the request schemas
 * are the very ones the routes validate with; the response schemas below are checked against the shared TypeScript
 * types at compile time (`satisfies`), so the document cannot drift from what the server sends.
 */
import { z } from 'zod';
import {
  BOOK_TYPES,
  ZBookMetadata,
  ZCitationParams,
  ZKwicParams,
  ZPublishRequest,
  ZSearchParams,
  ZSectionParams,
  type TBook,
  type TBookDetail,
  type TKwicRow,
  type TSearchResponse,
  type TSearchVariants,
  type TSection,
} from '../../../shared/gazetteer.ts';
import {
  ZBibExportParams,
  ZBibRecord,
  ZBrowseParams,
  ZGlyphFontParams,
  ZParallelParams,
  ZSearchRule,
} from '../../../shared/gazetteer-bib.ts';

const ZAnchor = z.object({ offset: z.number().int(), id: z.string(), label: z.string() });
const ZBook = z.object({
  id: z.number().int(),
  sourceId: z.string().describe('来源标识，如 KR2k0040；同一来源重新导入会替换原书'),
  title: z.string(),
  type: z.enum(BOOK_TYPES),
  region: z.string().nullable().describe('行政区划代码（如 220000）或历史地名'),
  regionName: z.string().nullable().describe('地区名称（如 吉林省）'),
  year: z.number().int().nullable(),
  period: z.string().nullable().describe('时期，如 清乾隆四十四年'),
  edition: z.string().nullable(),
  compiler: z.string().nullable(),
  publisher: z.string().nullable(),
  place: z.string().nullable(),
  isbn: z.string().nullable(),
  licence: z.string().nullable(),
  sourceFormat: z.string(),
  sourceName: z.string(),
  published: z.boolean(),
  sectionCount: z.number().int(),
  charCount: z.number().int(),
  bib: ZBibRecord.nullable().describe('著录：卷数、责任者（朝代、著作方式）、成书与刊刻年、版本类型、收藏机构、丛书'),
  searchRule: ZSearchRule.nullable().describe('检索规则：format 按格式规则不检索书名卷次行、版心等；none 全部检索'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const ZBookDetail = ZBook.extend({
  toc: z.array(
    z.object({
      ordinal: z.number().int(),
      level: z.number().int(),
      title: z.string(),
      parentOrdinal: z.number().int().nullable(),
      firstAnchor: z.string().nullable(),
    }),
  ),
});
const ZSpan = z.object({ offset: z.number().int(), length: z.number().int() });
const ZSection = z.object({
  bookId: z.number().int(),
  ordinal: z.number().int(),
  level: z.number().int(),
  title: z.string(),
  text: z.string().describe('显示文本，行以 \\n 分隔；偏移量均为 UTF-16 单位'),
  anchors: z.array(ZAnchor).describe('页码锚点（引用位置）'),
  notes: z.array(z.object({ start: z.number().int(), end: z.number().int() })).describe('双行小注的范围'),
  glyphs: z
    .array(z.object({ offset: z.number().int(), code: z.string() }))
    .describe('源文件有编码、但无对应汉字的缺字（显示为 〓 及其编码）'),
  apparatus: z
    .array(z.object({ start: z.number().int(), end: z.number().int() }))
    .describe('只显示、不检索的行（如“欽定四庫全書”、书名卷次行、页码）'),
  previous: z.number().int().nullable(),
  next: z.number().int().nullable(),
  hits: z.array(ZSpan),
});
const facet = <T extends z.ZodType>(value: T) =>
  z.array(z.object({ value, label: z.string(), count: z.number().int() }));
const ZSearchResponse = z.object({
  query: z.string(),
  fold: z.boolean(),
  total: z.number().int().describe('命中次数'),
  sections: z.number().int().describe('命中的章节数'),
  page: z.number().int(),
  pageSize: z.number().int(),
  hits: z.array(
    z.object({
      bookId: z.number().int(),
      bookTitle: z.string(),
      sectionOrdinal: z.number().int(),
      sectionTitle: z.string(),
      offset: z.number().int(),
      length: z.number().int(),
      anchor: z.object({ id: z.string(), label: z.string() }).nullable(),
      locator: z.string().describe('规范出处，如 卷十四 葉2a 行3'),
      lineId: z.string().describe('行的永久标识，链接为 …/sections/{ordinal}#l-{lineId}'),
      snippet: z.object({ before: z.string(), match: z.string(), after: z.string() }),
    }),
  ),
  facets: z.object({
    type: facet(z.string()),
    region: facet(z.string().nullable()),
    period: facet(z.string().nullable()),
    book: facet(z.number().int()).describe('命中章节最多的 50 本书，另加筛选所选和本页命中所在的书'),
    bookTotal: z.number().int().describe('有命中的书目总数（book 可能只列出其中一部分）'),
  }),
  tookMs: z.number(),
});
const ZSearchVariants = z.object({
  query: z.string(),
  variants: z
    .array(z.object({ form: z.string(), count: z.number().int() }))
    .nullable()
    .describe(
      '繁简异体通检时命中的各种字形及次数；精确字形检索或需读取过多章节（命中逾 2000 处、200 节或百万字）时为 null',
    ),
});
const ZKwicRow = z.object({
  bookId: z.number().int(),
  bookTitle: z.string(),
  sectionOrdinal: z.number().int(),
  sectionTitle: z.string(),
  offset: z.number().int(),
  anchor: z.string().nullable().describe('规范出处，如 卷十四 葉2a 行3'),
  lineId: z.string(),
  left: z.string(),
  keyword: z.string(),
  right: z.string(),
});
const ZError = z.object({ code: z.string(), message: z.string().describe('中文说明：出了什么问题、应当怎么做') });

// Compile-time agreement between the documented shapes and the shared types the server returns.
type Agrees<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agreement: [
  Agrees<z.infer<typeof ZBook>, TBook>,
  Agrees<z.infer<typeof ZBookDetail>, TBookDetail>,
  Agrees<z.infer<typeof ZSection>, TSection>,
  Agrees<z.infer<typeof ZSearchResponse>, TSearchResponse>,
  Agrees<z.infer<typeof ZSearchVariants>, TSearchVariants>,
  Agrees<z.infer<typeof ZKwicRow>, TKwicRow>,
] = [true, true, true, true, true, true];
void agreement;

function schema(s: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/** Query parameters of an operation, one per property of the (input side of the) zod schema. */
function queryParameters(s: z.ZodObject): unknown[] {
  const json = schema(s, 'input') as { properties: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(json.properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }));
}

const idParam = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'integer', minimum: 1 },
});
const ok = (description: string, s: z.ZodType) => ({
  description,
  content: { 'application/json': { schema: schema(s) } },
});
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      { description: ERROR_TEXT[code] ?? '错误', content: { 'application/json': { schema: schema(ZError) } } },
    ]),
  );
const ERROR_TEXT: Record<number, string> = {
  400: '请求有误',
  401: '未登录',
  403: '无权限',
  404: '不存在或未发布',
  413: '文件过大',
  415: '不支持的文件类型',
  422: '无法识别文件内容',
};

export function buildOpenApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: '方志 Fangzhi 省情数据库 API',
      version: '1',
      description:
        '书目、章节与全文检索。未登录的读者只能看到已发布的书；登录的工作人员可看到全部。写操作需登录并携带 x-csrf-token 请求头。检索式：空格为 AND，OR，NOT 或 -，"引号短语"，甲 NEAR/10 乙。',
    },
    paths: {
      '/api/books': {
        get: { summary: '书目列表', responses: { 200: ok('书目', z.array(ZBook)) } },
        post: {
          summary: '上传并导入一本书（同一来源则替换）',
          requestBody: {
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: ['file'],
                  properties: {
                    file: {
                      type: 'string',
                      format: 'binary',
                      description: '.txt .md .docx .epub .pdf，或汉籍リポジトリ文件夹的 .zip',
                    },
                    ...(schema(ZBookMetadata, 'input').properties as object),
                  },
                },
              },
            },
          },
          responses: {
            201: ok('已导入', z.object({ book: ZBook, replaced: z.boolean(), warnings: z.array(z.string()) })),
            ...errors(400, 401, 403, 413, 415, 422),
          },
        },
      },
      '/api/books/browse': {
        get: {
          summary: '分类浏览：地区树（含旧称）、时代、类型、编纂者及各自书目数，并按条件列出书目',
          parameters: queryParameters(ZBrowseParams),
          responses: { 200: { description: '浏览结果' }, ...errors(400) },
        },
      },
      '/api/books/parallel': {
        get: {
          summary: '对读：两书（或两种版本）的章节并排，按卷名对齐，列出两书共有的段落',
          parameters: queryParameters(ZParallelParams),
          responses: { 200: { description: '两栏与链接' }, ...errors(400, 404) },
        },
      },
      '/api/books/{id}/export': {
        get: {
          summary: '导出书目著录（BibTeX、RIS、CSL-JSON）',
          parameters: [idParam('id', '书目编号'), ...queryParameters(ZBibExportParams)],
          responses: { 200: { description: '著录文件' }, ...errors(400, 404) },
        },
      },
      '/api/books/{id}/glyphs': {
        get: {
          summary: '缺字与罕用字表：缺字编码、CJK 扩展区用字、构字式，各附首见出处',
          parameters: [idParam('id', '书目编号')],
          responses: { 200: { description: '字表' }, ...errors(404) },
        },
      },
      '/api/glyphs/font.woff2': {
        get: {
          summary: '罕用字的补充字体子集（woff2）',
          parameters: queryParameters(ZGlyphFontParams),
          responses: { 200: { description: 'font/woff2' }, ...errors(400, 404) },
        },
      },
      '/api/books/{id}': {
        get: {
          summary: '书目详情与目录',
          parameters: [idParam('id', '书目编号')],
          responses: { 200: ok('书目', ZBookDetail), ...errors(404) },
        },
        patch: {
          summary: '修改著录信息',
          parameters: [idParam('id', '书目编号')],
          requestBody: { content: { 'application/json': { schema: schema(ZBookMetadata, 'input') } } },
          responses: { 200: ok('书目', ZBook), ...errors(400, 401, 403, 404) },
        },
        delete: {
          summary: '删除书目',
          parameters: [idParam('id', '书目编号')],
          responses: { 200: ok('已删除', z.object({ ok: z.boolean() })), ...errors(401, 403, 404) },
        },
      },
      '/api/books/{id}/publish': {
        post: {
          summary: '发布或撤销发布',
          parameters: [idParam('id', '书目编号')],
          requestBody: { content: { 'application/json': { schema: schema(ZPublishRequest, 'input') } } },
          responses: { 200: ok('书目', ZBook), ...errors(400, 401, 403, 404) },
        },
      },
      '/api/books/{id}/sections/{ordinal}': {
        get: {
          summary: '章节正文（给出 q 时附带命中位置）',
          parameters: [
            idParam('id', '书目编号'),
            idParam('ordinal', '章节序号（从 1 起）'),
            ...queryParameters(ZSectionParams),
          ],
          responses: { 200: ok('章节', ZSection), ...errors(400, 404) },
        },
      },
      '/api/books/{id}/sections/{ordinal}/citation': {
        get: {
          summary: 'GB/T 7714-2015 引用（含页码与永久链接）',
          parameters: [
            idParam('id', '书目编号'),
            idParam('ordinal', '章节序号（从 1 起）'),
            ...queryParameters(ZCitationParams),
          ],
          responses: {
            200: ok('引用', z.object({ text: z.string(), url: z.string(), anchor: ZAnchor.nullable() })),
            ...errors(404),
          },
        },
      },
      '/api/search': {
        get: {
          summary: '全文检索',
          parameters: queryParameters(ZSearchParams),
          responses: { 200: ok('检索结果', ZSearchResponse), ...errors(400) },
        },
      },
      '/api/search/variants': {
        get: {
          summary: '命中字形（繁简异体通检的字形分布，检索结果之后另取）',
          parameters: queryParameters(ZSearchParams),
          responses: { 200: ok('命中字形', ZSearchVariants), ...errors(400) },
        },
      },
      '/api/search/kwic': {
        get: {
          summary: 'KWIC 语境索引（format=csv 或 xlsx 时下载文件）',
          parameters: queryParameters(ZKwicParams),
          responses: { 200: ok('索引行', z.object({ query: z.string(), rows: z.array(ZKwicRow) })), ...errors(400) },
        },
      },
    },
  };
}
