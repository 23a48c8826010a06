/**
 * Opens the search index of the gazetteer database (a derived SQLite file, rebuildable with `books reindex`) with the
 * same folding the reader uses to highlight hits: the curated tables plus the Kanripo glyph table's variant pairs
 * when that table can be found (gaijiFile option, env FANGZHI_KR_GAIJI, or ../shared next to the repository).
 */
import { createFolder, type Folder } from './search/fold.ts';
import { LocalSearchIndex } from './search/posting-index.ts';
import type { SectionTextSource } from './section-texts.repository.ts';
import type { SearchIndex } from './search/search-index.ts';
import { PooledSearchIndex } from './search/worker-pool.ts';
import { loadGaijiTable } from './ingest/read-source.ts';
import { listVariantPairs } from './ingest/kr-gaiji.ts';

export interface GazetteerSearch {
  index: SearchIndex;
  /** The folder the index was built with; section views use it to find hits exactly as the index does. */
  folder: Folder;
}

export interface OpenSearchOptions {
  /** `DATA_DIR/search.sqlite`, or `:memory:` in tests. */
  path: string;
  gaijiFile?: string;
  cwd?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Worker threads for a file index (default: env FANGZHI_SEARCH_WORKERS, else one per core). 0 runs the engine in
   * this thread, as `:memory:` always does.
   */
  workers?: number;
  /**
   * The main database the engine reads section texts from (pages, variant panel, KWIC). Absent: the index keeps its own
   * copy of the texts (an index without a database: tests, `:memory:`, the fuzz run).
   */
  textSource?: SectionTextSource;
}

/** Opens the engine on `path` with these fold pairs: in worker threads for a file, in this thread for `:memory:`. */
export async function openSearchEngine(
  path: string,
  extraVariants: readonly (readonly [string, string])[],
  options: Pick<OpenSearchOptions, 'workers' | 'env' | 'textSource'> = {},
): Promise<SearchIndex> {
  const env = options.env ?? process.env;
  const fromEnv = env.FANGZHI_SEARCH_WORKERS;
  const workers = options.workers ?? (fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : undefined);
  const cacheChars = characterCount('FANGZHI_SEARCH_CACHE_CHARS', env.FANGZHI_SEARCH_CACHE_CHARS);
  const scanChars = characterCount('FANGZHI_SEARCH_SCAN_CHARS', env.FANGZHI_SEARCH_SCAN_CHARS);
  const engine = {
    path,
    extraVariants,
    ...(cacheChars ? { cacheChars } : {}),
    ...(scanChars ? { scanChars } : {}),
    ...(options.textSource ? { textSource: options.textSource } : {}),
  };
  if (path === ':memory:' || workers === 0) return new LocalSearchIndex(engine);
  return PooledSearchIndex.open({ ...engine, ...(workers ? { size: workers } : {}) });
}

/**
 * A count of characters from the environment (default in the engine when unset):
 * - `FANGZHI_SEARCH_CACHE_CHARS`: section-text characters each worker keeps decoded for pages and panels (16 M).
 *   Counting never reads text; a page reads its few sections from the main database on a miss.
 * - `FANGZHI_SEARCH_SCAN_CHARS`: the most section text one query may read to be evaluated on the texts (a NEAR of two
 *   single characters, an exact search of a term with variants, a KWIC that is not a term of two or more characters):
 *   beyond it the query is refused with how to narrow it (`SCAN_CHARS`).
 */
function characterCount(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1_000_000) {
    throw new Error(`${name} 应为不小于 1000000 的整数（当前为“${value}”）。`);
  }
  return n;
}

export async function openGazetteerSearch(options: OpenSearchOptions): Promise<GazetteerSearch> {
  const table = await loadGaijiTable({ gaijiFile: options.gaijiFile, cwd: options.cwd, env: options.env });
  const extraVariants = table ? listVariantPairs(table).map((p) => [p.form, p.normalized] as const) : [];
  const index = await openSearchEngine(options.path, extraVariants, options);
  return { index, folder: createFolder(extraVariants) };
}
