/**
 * Groonga (Debian `groonga-bin`) as the benchmark's peer, in its best configuration for this workload: the documents
 * are loaded first and the full-text index column is created afterwards (a static index build, Groonga's fastest and
 * most compact), with a unigram or a bigram tokenizer. It gets exactly the search text our index holds (layout and
 * apparatus removed, already folded) plus the published flag and book id, so both answer the same question. One
 * long-running process fed on stdin; each answer carries Groonga's own `elapsed`, and the round trip through the pipe
 * and the JSON parse is measured beside it.
 *
 * Loading streams: documents come from an async iterable (the benchmark reads them from its search-text file) and go
 * to Groonga in `load` commands of a few MB each, two in flight, so memory does not grow with the corpus.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { preloadFiles, type PreloadStatus } from '../src/server/modules/gazetteer/search/page-cache.ts';

export type GroongaTokenizer = 'TokenUnigram' | 'TokenBigram';

/** `--groonga unigram,bigram` → tokenizers, in that order; `none` → none. */
export function parseGroongaTokenizers(value: string | undefined): GroongaTokenizer[] {
  if (value === undefined) return ['TokenUnigram', 'TokenBigram'];
  const names = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '' && s !== 'none');
  return names.map((name) => {
    if (name === 'unigram') return 'TokenUnigram';
    if (name === 'bigram') return 'TokenBigram';
    throw new Error(`--groonga 只接受 unigram、bigram 或 none（当前为“${name}”）`);
  });
}

export const tokenizerLabel = (t: GroongaTokenizer) => (t === 'TokenUnigram' ? '一元' : '二元');

export interface GroongaDoc {
  id: number;
  book: number;
  published: boolean;
  body: string;
}

export interface GroongaAnswer {
  sections: number;
  /** Groonga's own `elapsed` (ms). */
  elapsedMs: number;
  /** Write to the pipe → parsed answer (ms). */
  roundTripMs: number;
}

export function groongaAvailable(): boolean {
  return spawnSync('groonga', ['--version']).status === 0;
}

function quoteValue(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function procField(pid: number | undefined, field: string): number {
  try {
    const kb = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Reads every file of the Groonga database in `dir` through the page cache (see `Groonga.preload`). */
export function preloadGroongaDir(dir: string): Promise<PreloadStatus> {
  const files = readdirSync(dir).map((name) => path.join(dir, name));
  return preloadFiles(files, { budgetBytes: Number.MAX_SAFE_INTEGER });
}

/** Whether `dir` holds a Groonga database of `tokenizer` kept by an earlier run. */
export const keptGroonga = (dir: string, tokenizer: GroongaTokenizer): boolean =>
  existsSync(path.join(dir, `groonga-${tokenizer}`, 'db'));

export class Groonga {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: { resolve: (line: string) => void; reject: (e: Error) => void }[] = [];
  private readonly dbDir: string;
  private stderrTail = '';
  private exited: Error | null = null;
  private peakRss = 0;

  /** `existing`: open the database an earlier run built in `dir` (its table and index are there) instead of a new one. */
  constructor(
    dir: string,
    readonly tokenizer: GroongaTokenizer,
    existing = false,
  ) {
    this.dbDir = path.join(dir, `groonga-${tokenizer}`);
    mkdirSync(this.dbDir, { recursive: true });
    const db = path.join(this.dbDir, 'db');
    this.child = spawn('groonga', existing ? [db] : ['-n', db], { stdio: ['pipe', 'pipe', 'pipe'] });
    createInterface({ input: this.child.stdout }).on('line', (line) => this.waiting.shift()?.resolve(line));
    // Drained, or a chatty Groonga would block on a full stderr pipe; the tail explains a crash.
    this.child.stderr.on(
      'data',
      (chunk: Buffer) => (this.stderrTail = (this.stderrTail + chunk.toString()).slice(-2000)),
    );
    this.child.stdin.on('error', () => undefined);
    this.child.on('exit', (code, signal) => {
      this.exited = new Error(
        `groonga 已退出（${signal ?? code}）${this.stderrTail ? `：${this.stderrTail.trim()}` : ''}`,
      );
      for (const w of this.waiting.splice(0)) w.reject(this.exited);
    });
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /**
   * Reads every file of the database once, so that its pages are in the page cache as our server's are after its own
   * preload (`page-cache.ts`): both engines are then timed on warm files, whatever ran before them.
   */
  preload(): Promise<PreloadStatus> {
    return preloadGroongaDir(this.dbDir);
  }

  /** Writes in order, one wait for 'drain' at a time (unawaited sends would each add a listener). */
  private writing: Promise<void> = Promise.resolve();
  private write(text: string): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (!this.child.stdin.write(text)) await new Promise((resolve) => this.child.stdin.once('drain', resolve));
    });
    return this.writing;
  }

  private send(command: string): Promise<{ body: unknown; elapsedMs: number }> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      this.waiting.push({
        resolve: (line) => {
          const answer = JSON.parse(line) as [[number, number, number, string?], unknown];
          if (answer[0][0] !== 0) reject(new Error(`groonga: ${answer[0][3] ?? 'error'}`));
          else resolve({ body: answer[1], elapsedMs: answer[0][2] * 1000 });
        },
        reject,
      });
      void this.write(`${command}\n`);
    });
  }

  async createTable(): Promise<void> {
    await this.send('table_create Docs TABLE_HASH_KEY UInt32');
    await this.send('column_create Docs body COLUMN_SCALAR LongText');
    await this.send('column_create Docs book COLUMN_SCALAR UInt32');
    await this.send('column_create Docs published COLUMN_SCALAR Bool');
  }

  /**
   * Loads the documents in `load` commands of about `batchChars` characters, at most two in flight (Groonga always has
   * the next one waiting, memory holds two batches). Samples the process's RSS on the way (its peak is also VmHWM).
   */
  async load(docs: AsyncIterable<GroongaDoc>, batchChars = 4_000_000): Promise<{ docs: number; chars: number }> {
    const inFlight: Promise<unknown>[] = [];
    let batch: object[] = [];
    let batchSize = 0;
    let count = 0;
    let chars = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const command = `load --table Docs --values ${quoteValue(JSON.stringify(batch))}`;
      batch = [];
      batchSize = 0;
      inFlight.push(this.send(command));
      if (inFlight.length >= 2) await inFlight.shift();
      this.peakRss = Math.max(this.peakRss, this.rssBytes());
    };
    for await (const d of docs) {
      batch.push({ _key: d.id, body: d.body, book: d.book, published: d.published });
      batchSize += d.body.length;
      count++;
      chars += d.body.length;
      if (batchSize >= batchChars) await flush();
    }
    await flush();
    await Promise.all(inFlight);
    return { docs: count, chars };
  }

  /**
   * The static index build: the index column is created over the loaded documents. With `limitMs`, a build still
   * running then is abandoned (the process is killed) and the promise rejects with a message saying so.
   */
  async buildIndex(limitMs = Infinity): Promise<void> {
    await this.send(
      `table_create Terms TABLE_PAT_KEY ShortText --default_tokenizer ${this.tokenizer} --normalizer NormalizerAuto`,
    );
    const build = this.send('column_create Terms docs_body COLUMN_INDEX|WITH_POSITION Docs body');
    const sampler = setInterval(() => (this.peakRss = Math.max(this.peakRss, this.rssBytes())), 1000);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        build,
        ...(Number.isFinite(limitMs)
          ? [
              new Promise((_, reject) => {
                timer = setTimeout(() => {
                  this.child.kill('SIGKILL');
                  reject(
                    new Error(`静态建索引超过 ${+(limitMs / 60_000).toPrecision(3)} 分钟（--groonga-limit），已放弃`),
                  );
                }, limitMs);
              }),
            ]
          : []),
      ]);
    } finally {
      clearInterval(sampler);
      if (timer) clearTimeout(timer);
    }
  }

  /** The public query: published books, top 20 by score with snippets, and the matching sections per book. */
  async search(term: string): Promise<GroongaAnswer> {
    return this.searchQuery(`"${term}"`);
  }

  /** As `search`, for a query in Groonga's own syntax (`"a" OR "b"`, `"a" - "b"`, `"a" "b"`). */
  async searchQuery(query: string): Promise<GroongaAnswer> {
    const started = performance.now();
    const { body, elapsedMs } = await this.send(
      `select Docs --match_columns body --query ${quoteValue(query)} --filter 'published == true' --limit 20 --sort_keys -_score,_key --output_columns '_key,_score,snippet_html(body)' --drilldown book --drilldown_limit 20`,
    );
    const roundTripMs = performance.now() - started;
    return { sections: (body as [[[number]]])[0][0][0], elapsedMs, roundTripMs };
  }

  rssBytes(field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
    const value = procField(this.child.pid, field);
    if (field === 'VmHWM') return Math.max(value, this.peakRss);
    this.peakRss = Math.max(this.peakRss, value);
    return value;
  }

  /** User + system CPU seconds of the Groonga process so far. */
  cpuSeconds(): number {
    try {
      const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return NaN;
    }
  }

  /** Bytes on disk (allocated blocks: Groonga's files are sparse) of the whole database directory, text and index. */
  diskBytes(): number {
    return readdirSync(this.dbDir).reduce((sum, name) => sum + statSync(path.join(this.dbDir, name)).blocks * 512, 0);
  }

  get directory(): string {
    return this.dbDir;
  }

  async close(): Promise<void> {
    if (!this.exited) {
      await this.send('quit').catch(() => undefined);
      this.child.kill();
    }
  }
}
