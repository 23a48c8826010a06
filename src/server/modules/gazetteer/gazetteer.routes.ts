import { Hono } from 'hono';
import { AppError } from '../../../shared/errors.ts';
import {
  ZBookMetadata,
  ZCitationParams,
  ZKwicParams,
  ZPublishRequest,
  ZSearchParams,
  ZSectionParams,
  type TBookMetadata,
} from '../../../shared/gazetteer.ts';
import type { AppDeps } from '../../deps.ts';
import { readIdParam, readJson, readQuery, requireActor, type AppEnv } from '../../http/context.ts';
import { deleteBook, setBookPublished, updateBookMetadata } from './ingest-book.ts';
import { uploadBook } from './upload-book.ts';
import { formatKwicRowsCsv, formatKwicRowsXlsx } from './kwic-export.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { BIB_FORMATS } from './bib-export.ts';
import { browseBooks } from './browse-books.ts';
import { openGlyphFont } from './glyph-font.ts';
import { listBookGlyphs } from './book-glyphs.ts';
import { readInParallel } from './parallel-reading.ts';
import { listSavedSearches, recordSearchHistory, removeSavedSearch, saveSearch } from './saved-searches.ts';
import {
  ZBibExportParams,
  ZBrowseParams,
  ZGlyphFontParams,
  ZParallelParams,
  ZSavedSearchCreate,
  ZSearchHistoryEntry,
} from '../../../shared/gazetteer-bib.ts';
import { citeSection, getBook, getSection, listBooks } from './read-books.ts';
import { kwicBooks, searchBooksJson, searchVariants } from './search-books.ts';

/** Metadata fields of the upload form (multipart strings) as the metadata schema expects them. */
function readUploadMetadata(form: FormData): TBookMetadata & { published?: boolean } {
  const text = (key: string) => {
    const v = form.get(key);
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const year = text('year');
  const raw = {
    title: text('title'),
    type: text('type'),
    region: text('region'),
    year: year === undefined ? undefined : Number(year),
    period: text('period'),
    edition: text('edition'),
    compiler: text('compiler'),
    publisher: text('publisher'),
    place: text('place'),
    isbn: text('isbn'),
    licence: text('licence'),
  };
  const parsed = ZBookMetadata.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError('VALIDATION_FAILED', first ? `${first.message}（字段：${first.path.join('.')}）` : undefined);
  }
  const published = text('published');
  return {
    ...parsed.data,
    ...(published === undefined ? {} : { published: published === 'true' || published === '1' }),
  };
}

/** Books (public reads, staff writes): `/api/books`. */
export function booksRoutes(deps: AppDeps) {
  const g = { db: deps.db, clock: deps.clock, search: deps.search, logger: deps.logger, bookRows: deps.bookRows };
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json(await listBooks(g, c.get('actor'))))
    .get('/browse', async (c) => c.json(await browseBooks(g, c.get('actor'), readQuery(c, ZBrowseParams))))
    .get('/parallel', async (c) => c.json(await readInParallel(g, c.get('actor'), readQuery(c, ZParallelParams))))
    .post('/', async (c) => {
      const result = await uploadBook(g, requireActor(c), async () => {
        let form: FormData;
        try {
          form = await c.req.formData();
        } catch {
          throw new AppError('BAD_REQUEST', '请以 multipart/form-data 上传文件（字段名 file）。');
        }
        const file = form.get('file');
        if (!(file instanceof File))
          throw new AppError(
            'BAD_REQUEST',
            '没有收到文件：请在字段 file 中上传 .txt、.md、.docx、.epub、.pdf 或汉籍リポジトリ文件夹的 .zip。',
          );
        return {
          fileName: file.name,
          bytes: new Uint8Array(await file.arrayBuffer()),
          overrides: readUploadMetadata(form),
        };
      });
      return c.json(result, result.replaced ? 200 : 201);
    })
    .get('/:id', async (c) => c.json(await getBook(g, c.get('actor'), readIdParam(c))))
    .patch('/:id', async (c) => {
      const actor = requireActor(c);
      return c.json(await updateBookMetadata(g, actor, readIdParam(c), await readJson(c, ZBookMetadata)));
    })
    .post('/:id/publish', async (c) => {
      const actor = requireActor(c);
      const { published } = await readJson(c, ZPublishRequest);
      return c.json(await setBookPublished(g, actor, readIdParam(c), published));
    })
    .delete('/:id', async (c) => {
      await deleteBook(g, requireActor(c), readIdParam(c));
      return c.json({ ok: true });
    })
    .get('/:id/glyphs', async (c) => c.json(await listBookGlyphs(g, c.get('actor'), readIdParam(c))))
    .get('/:id/export', async (c) => {
      const { format } = readQuery(c, ZBibExportParams);
      const id = readIdParam(c);
      const book = await getBook(g, c.get('actor'), id);
      const target = BIB_FORMATS[format];
      const body = target.format(book, `${new URL(c.req.url).origin}/library/books/${id}`);
      return c.body(body, 200, {
        'content-type': target.contentType,
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(book.title)}.${target.extension}`,
      });
    })
    .get('/:id/sections/:ordinal', async (c) => {
      const params = readQuery(c, ZSectionParams);
      return c.json(await getSection(g, c.get('actor'), readIdParam(c), readIdParam(c, 'ordinal'), params));
    })
    .get('/:id/sections/:ordinal/citation', async (c) => {
      const { anchor, line } = readQuery(c, ZCitationParams);
      const origin = new URL(c.req.url).origin;
      return c.json(
        await citeSection(g, c.get('actor'), readIdParam(c), readIdParam(c, 'ordinal'), { anchor, line, origin }),
      );
    });
}

/** Full-text search and concordance: `/api/search`. Anonymous readers search published books only. */
export function searchRoutes(deps: AppDeps) {
  const g = { db: deps.db, clock: deps.clock, search: deps.search };
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      // Assembled and serialized by the search worker: the loop sends the string as it came.
      const json = await searchBooksJson(g, c.get('actor'), readQuery(c, ZSearchParams));
      return c.body(json, 200, { 'Content-Type': 'application/json' });
    })
    .get('/variants', async (c) => c.json(await searchVariants(g, c.get('actor'), readQuery(c, ZSearchParams))))
    .get('/kwic', async (c) => {
      const params = readQuery(c, ZKwicParams);
      const rows = await kwicBooks(g, c.get('actor'), params);
      const origin = new URL(c.req.url).origin;
      const name = encodeURIComponent(`KWIC-${params.q}`.slice(0, 60));
      if (params.format === 'csv') {
        return c.body(formatKwicRowsCsv(rows, origin), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename*=UTF-8''${name}.csv`,
        });
      }
      if (params.format === 'xlsx') {
        const bytes = await formatKwicRowsXlsx(rows, params.q, origin);
        return c.body(bytes.buffer as ArrayBuffer, 200, {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': `attachment; filename*=UTF-8''${name}.xlsx`,
        });
      }
      return c.json({ query: params.q, rows });
    });
}

/** The OpenAPI document of the books and search API: `/api/docs`. */
export function docsRoutes() {
  const doc = buildOpenApiDocument();
  return new Hono<AppEnv>().get('/', (c) => c.json(doc));
}

/** Font subsets for rare characters: `/api/glyphs/font.woff2?chars=…` (public, cached by the browser for a year). */
export function glyphRoutes() {
  const font = openGlyphFont(process.env.FANGZHI_EXT_FONT || undefined);
  return new Hono<AppEnv>()
    .get('/status', (c) => c.json({ available: font.path !== null }))
    .get('/font.woff2', async (c) => {
      const { chars } = readQuery(c, ZGlyphFontParams);
      const bytes = await font.subset(chars);
      return c.body(bytes.buffer as ArrayBuffer, 200, {
        'content-type': 'font/woff2',
        'cache-control': 'public, max-age=31536000, immutable',
      });
    });
}

/** A signed-in reader's saved searches and history: `/api/saved-searches`. */
export function savedSearchRoutes(deps: AppDeps) {
  const g = { db: deps.db, clock: deps.clock };
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json(await listSavedSearches(g, requireActor(c))))
    .post('/', async (c) => {
      const actor = requireActor(c);
      return c.json(await saveSearch(g, actor, await readJson(c, ZSavedSearchCreate)), 201);
    })
    .post('/history', async (c) => {
      const actor = requireActor(c);
      await recordSearchHistory(g, actor, (await readJson(c, ZSearchHistoryEntry)).query);
      return c.json({ ok: true });
    })
    .delete('/:id', async (c) => {
      await removeSavedSearch(g, requireActor(c), readIdParam(c));
      return c.json({ ok: true });
    });
}
