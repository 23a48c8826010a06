/**
 * Opens the search index of the gazetteer database (a derived SQLite file, rebuildable with `books reindex`) with the
 * same folding the reader uses to highlight hits: the curated tables plus the Kanripo glyph table's variant pairs
 * when that table can be found (gaijiFile option, env FANGZHI_KR_GAIJI, or ../shared next to the repository).
 */
import { createFolder, type Folder } from './search/fold.ts';
import { Fts5SearchIndex } from './search/fts5-index.ts';
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
}

/** Opens the engine on `path` with these fold pairs: in worker threads for a file, in this thread for `:memory:`. */
export async function openSearchEngine(
  path: string,
  extraVariants: readonly (readonly [string, string])[],
  options: Pick<OpenSearchOptions, 'workers' | 'env'> = {},
): Promise<SearchIndex> {
  const env = options.env ?? process.env;
  const fromEnv = env.FANGZHI_SEARCH_WORKERS;
  const workers = options.workers ?? (fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : undefined);
  const cacheChars = searchCacheChars(env.FANGZHI_SEARCH_CACHE_CHARS);
  const engine = { path, extraVariants, ...(cacheChars ? { cacheChars } : {}) };
  if (path === ':memory:' || workers === 0) return new Fts5SearchIndex(engine);
  return PooledSearchIndex.open({ ...engine, ...(workers ? { size: workers } : {}) });
}

/**
 * `FANGZHI_SEARCH_CACHE_CHARS`: search-text characters each worker keeps decoded (default in the engine, 32 M). A corpus
 * whose search text fits answers from memory; a larger one reads sections from disk on a miss (issue 15's figures).
 */
function searchCacheChars(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1_000_000) {
    throw new Error(`FANGZHI_SEARCH_CACHE_CHARS 应为不小于 1000000 的整数（当前为“${value}”）。`);
  }
  return n;
}

export async function openGazetteerSearch(options: OpenSearchOptions): Promise<GazetteerSearch> {
  const table = await loadGaijiTable({ gaijiFile: options.gaijiFile, cwd: options.cwd, env: options.env });
  const extraVariants = table ? listVariantPairs(table).map((p) => [p.form, p.normalized] as const) : [];
  const index = await openSearchEngine(options.path, extraVariants, options);
  return { index, folder: createFolder(extraVariants) };
}
