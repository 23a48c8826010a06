/**
 * The search index file, replaceable under a running server. `books reindex` builds a complete new file
 * (`search-<stamp>.sqlite`) and then points `search.current` at it with an atomic rename; every process holding the
 * index (the server, a CLI run) notices the pointer within a second and reopens. Nothing is deleted under a reader:
 * the previous generation stays until the next rebuild, older ones are removed then. Without a pointer file the
 * index is `search.sqlite`, as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openGazetteerSearch, type GazetteerSearch, type OpenSearchOptions } from './open-search.ts';
import { Fts5SearchIndex } from './search/fts5-index.ts';
import { loadGaijiTable } from './ingest/read-source.ts';
import { listVariantPairs } from './ingest/kr-gaiji.ts';
import type { SearchIndex } from './search/search-index.ts';

const POINTER = 'search.current';
const LEGACY = 'search.sqlite';
const GENERATION = /^search-\d{8}T\d{9}Z?\.sqlite$/;
const CHECK_EVERY_MS = 1000;

/** The index file currently in force in `dataDir`. */
export function activeIndexFile(dataDir: string): string {
  try {
    const name = fs.readFileSync(path.join(dataDir, POINTER), 'utf8').trim();
    if (GENERATION.test(name) && fs.existsSync(path.join(dataDir, name))) return path.join(dataDir, name);
  } catch {
    // no pointer yet
  }
  return path.join(dataDir, LEGACY);
}

type SearchOptions = Omit<OpenSearchOptions, 'path'>;

/** A SearchIndex that follows the pointer: before each use (at most once a second) it reopens if the pointer moved. */
class FollowingIndex implements SearchIndex {
  private lastCheck = 0;
  constructor(
    private current: SearchIndex,
    private file: string,
    private readonly dataDir: string,
    private readonly reopen: (file: string) => SearchIndex,
  ) {}

  private get index(): SearchIndex {
    const now = Date.now();
    if (now - this.lastCheck >= CHECK_EVERY_MS) {
      this.lastCheck = now;
      const file = activeIndexFile(this.dataDir);
      if (file !== this.file) {
        const next = this.reopen(file);
        const old = this.current;
        this.current = next;
        this.file = file;
        old.close();
      }
    }
    return this.current;
  }

  indexBook(...args: Parameters<SearchIndex['indexBook']>) {
    return this.index.indexBook(...args);
  }
  indexSection(...args: Parameters<SearchIndex['indexSection']>) {
    return this.index.indexSection(...args);
  }
  removeBook(...args: Parameters<SearchIndex['removeBook']>) {
    return this.index.removeBook(...args);
  }
  search(...args: Parameters<SearchIndex['search']>) {
    return this.index.search(...args);
  }
  count(...args: Parameters<SearchIndex['count']>) {
    return this.index.count(...args);
  }
  kwic(...args: Parameters<SearchIndex['kwic']>) {
    return this.index.kwic(...args);
  }
  searchText(...args: Parameters<SearchIndex['searchText']>) {
    return this.index.searchText(...args);
  }
  warm() {
    this.index.warm?.();
  }
  bookFingerprints() {
    return this.index.bookFingerprints?.() ?? new Map<number, string>();
  }
  close() {
    this.current.close();
  }
}

/** Opens the index in force in `dataDir`, following later swaps. */
export async function openFollowingSearch(dataDir: string, options: SearchOptions = {}): Promise<GazetteerSearch> {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = activeIndexFile(dataDir);
  const opened = await openGazetteerSearch({ ...options, path: file });
  // Every generation is built with the same folding, so a swap reopens synchronously with the same variant pairs.
  const table = await loadGaijiTable({ gaijiFile: options.gaijiFile, cwd: options.cwd, env: options.env });
  const extraVariants = table ? listVariantPairs(table).map((p) => [p.form, p.normalized] as const) : [];
  const index = new FollowingIndex(opened.index, file, dataDir, (f) => new Fts5SearchIndex({ path: f, extraVariants }));
  return { index, folder: opened.folder };
}

/**
 * Builds a new generation with `build` (given a fresh, empty index), then makes it the one in force by an atomic
 * rename of the pointer. Generations older than the one just replaced are removed: no reader can still hold them,
 * since readers follow the pointer within a second and a rebuild takes longer than that.
 */
export async function buildNewGeneration(
  dataDir: string,
  build: (search: GazetteerSearch) => Promise<void>,
  options: SearchOptions = {},
): Promise<string> {
  fs.mkdirSync(dataDir, { recursive: true });
  const previous = activeIndexFile(dataDir);
  const name = `search-${new Date().toISOString().replace(/[-:.]/g, '')}.sqlite`;
  const file = path.join(dataDir, name);
  const search = await openGazetteerSearch({ ...options, path: file });
  try {
    await build(search);
  } catch (error) {
    search.index.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
    throw error;
  }
  search.index.close();
  const temp = path.join(dataDir, `${POINTER}.${process.pid}.tmp`);
  fs.writeFileSync(temp, `${name}\n`);
  fs.renameSync(temp, path.join(dataDir, POINTER));
  for (const entry of fs.readdirSync(dataDir)) {
    const base = entry.replace(/-(wal|shm)$/, '');
    if (!GENERATION.test(base) || base === name || path.join(dataDir, base) === previous) continue;
    fs.rmSync(path.join(dataDir, entry), { force: true });
  }
  return file;
}
