/**
 * The search index file, replaceable under a running server. `books reindex` builds a complete new file
 * (`search-<stamp>.sqlite`) and then points `search.current` at it with an atomic rename; every process holding the
 * index (the server, a CLI run) notices the pointer within a second and reopens. Nothing is deleted under a reader:
 * the previous generation stays until the next rebuild, older ones are removed then. Without a pointer file the
 * index is `search.sqlite`, as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openGazetteerSearch, openSearchEngine, type GazetteerSearch, type OpenSearchOptions } from './open-search.ts';
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

/**
 * A SearchIndex that follows the pointer: before each use (at most once a second) it reopens if the pointer moved. The
 * previous generation is closed once the calls already sent to it have had time to finish.
 */
class FollowingIndex implements SearchIndex {
  private lastCheck = 0;
  private reopening: Promise<SearchIndex> | null = null;
  constructor(
    private current: SearchIndex,
    private file: string,
    private readonly dataDir: string,
    private readonly reopen: (file: string) => Promise<SearchIndex>,
  ) {}

  get needsRebuild(): boolean {
    return this.current.needsRebuild ?? false;
  }

  private async index(): Promise<SearchIndex> {
    if (this.reopening) return this.reopening;
    const now = Date.now();
    if (now - this.lastCheck < CHECK_EVERY_MS) return this.current;
    this.lastCheck = now;
    const file = activeIndexFile(this.dataDir);
    if (file === this.file) return this.current;
    this.reopening = this.reopen(file).then(
      (next) => {
        const old = this.current;
        this.current = next;
        this.file = file;
        setTimeout(() => void old.close().catch(() => undefined), 30_000).unref();
        return next;
      },
      () => this.current,
    );
    try {
      return await this.reopening;
    } finally {
      this.reopening = null;
    }
  }

  async indexBook(...args: Parameters<SearchIndex['indexBook']>) {
    return (await this.index()).indexBook(...args);
  }
  async indexSection(...args: Parameters<SearchIndex['indexSection']>) {
    return (await this.index()).indexSection(...args);
  }
  async removeBook(...args: Parameters<SearchIndex['removeBook']>) {
    return (await this.index()).removeBook(...args);
  }
  async setBookPublished(...args: Parameters<SearchIndex['setBookPublished']>) {
    return (await this.index()).setBookPublished(...args);
  }
  async search(...args: Parameters<SearchIndex['search']>) {
    return (await this.index()).search(...args);
  }
  async count(...args: Parameters<SearchIndex['count']>) {
    return (await this.index()).count(...args);
  }
  async kwic(...args: Parameters<SearchIndex['kwic']>) {
    return (await this.index()).kwic(...args);
  }
  async searchText(...args: Parameters<SearchIndex['searchText']>) {
    return (await this.index()).searchText(...args);
  }
  async warm() {
    await (await this.index()).warm?.();
  }
  async bookFingerprints() {
    return (await (await this.index()).bookFingerprints?.()) ?? new Map<number, string>();
  }
  async close() {
    await this.current.close();
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
  const index = new FollowingIndex(opened.index, file, dataDir, (f) => openSearchEngine(f, extraVariants, options));
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
    await search.index.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
    throw error;
  }
  await search.index.close();
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
