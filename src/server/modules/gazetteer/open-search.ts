/**
 * Opens the search index of the gazetteer database (a derived SQLite file, rebuildable with `books reindex`) with the
 * same folding the reader uses to highlight hits: the curated tables plus the Kanripo glyph table's variant pairs
 * when that table can be found (gaijiFile option, env FANGZHI_KR_GAIJI, or ../shared next to the repository).
 */
import { createFolder, type Folder } from './search/fold.ts';
import { Fts5SearchIndex } from './search/fts5-index.ts';
import type { SearchIndex } from './search/search-index.ts';
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
}

export async function openGazetteerSearch(options: OpenSearchOptions): Promise<GazetteerSearch> {
  const table = await loadGaijiTable({ gaijiFile: options.gaijiFile, cwd: options.cwd, env: options.env });
  const extraVariants = table ? listVariantPairs(table).map((p) => [p.form, p.normalized] as const) : [];
  const index = new Fts5SearchIndex({ path: options.path, extraVariants });
  return { index, folder: createFolder(extraVariants) };
}
