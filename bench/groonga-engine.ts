/**
 * Groonga (Debian `groonga-bin`) as the benchmark's peer, in its best configuration for this workload: the documents
 * are loaded first and the full-text index column is created afterwards (a static index build, Groonga's fastest and
 * most compact), with a unigram or a bigram tokenizer. It gets exactly the search text our index holds (layout and
 * apparatus removed, already folded) plus the published flag and book id, so both answer the same question. One
 * long-running process fed on stdin; each answer carries Groonga's own `elapsed`, and the round trip through the pipe
 * and the JSON parse is measured beside it.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

export type GroongaTokenizer = 'TokenUnigram' | 'TokenBigram';

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

export class Groonga {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((line: string) => void)[] = [];
  private readonly dbDir: string;

  constructor(
    dir: string,
    readonly tokenizer: GroongaTokenizer,
  ) {
    this.dbDir = path.join(dir, `groonga-${tokenizer}`);
    mkdirSync(this.dbDir, { recursive: true });
    this.child = spawn('groonga', ['-n', path.join(this.dbDir, 'db')], { stdio: ['pipe', 'pipe', 'pipe'] });
    createInterface({ input: this.child.stdout }).on('line', (line) => this.waiting.shift()?.(line));
  }

  private send(command: string): Promise<{ body: unknown; elapsedMs: number }> {
    return new Promise((resolve, reject) => {
      this.waiting.push((line) => {
        const answer = JSON.parse(line) as [[number, number, number, string?], unknown];
        if (answer[0][0] !== 0) reject(new Error(`groonga: ${answer[0][3] ?? 'error'}`));
        else resolve({ body: answer[1], elapsedMs: answer[0][2] * 1000 });
      });
      this.child.stdin.write(`${command}\n`);
    });
  }

  async createTable(): Promise<void> {
    await this.send('table_create Docs TABLE_HASH_KEY UInt32');
    await this.send('column_create Docs body COLUMN_SCALAR LongText');
    await this.send('column_create Docs book COLUMN_SCALAR UInt32');
    await this.send('column_create Docs published COLUMN_SCALAR Bool');
  }

  async load(docs: GroongaDoc[]): Promise<void> {
    for (let i = 0; i < docs.length; i += 50) {
      const batch = docs
        .slice(i, i + 50)
        .map((d) => ({ _key: d.id, body: d.body, book: d.book, published: d.published }));
      await this.send(`load --table Docs --values ${quoteValue(JSON.stringify(batch))}`);
    }
  }

  /** The static index build: the index column is created over the loaded documents. */
  async buildIndex(): Promise<void> {
    await this.send(
      `table_create Terms TABLE_PAT_KEY ShortText --default_tokenizer ${this.tokenizer} --normalizer NormalizerAuto`,
    );
    await this.send('column_create Terms docs_body COLUMN_INDEX|WITH_POSITION Docs body');
  }

  /** The public query: published books, top 20 by score with snippets, and the matching sections per book. */
  async search(term: string): Promise<GroongaAnswer> {
    const started = performance.now();
    const { body, elapsedMs } = await this.send(
      `select Docs --match_columns body --query ${quoteValue(`"${term}"`)} --filter 'published == true' --limit 20 --sort_keys -_score,_key --output_columns '_key,_score,snippet_html(body)' --drilldown book --drilldown_limit 20`,
    );
    const roundTripMs = performance.now() - started;
    return { sections: (body as [[[number]]])[0][0][0], elapsedMs, roundTripMs };
  }

  rssBytes(field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
    try {
      const kb = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'))?.[1];
      return kb ? Number(kb) * 1024 : 0;
    } catch {
      return 0;
    }
  }

  /** User + system CPU seconds of the Groonga process so far. */
  cpuSeconds(): number {
    const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  }

  /** Bytes of the whole database directory (text and index). */
  diskBytes(): number {
    return readdirSync(this.dbDir).reduce((sum, name) => sum + statSync(path.join(this.dbDir, name)).size, 0);
  }

  async close(): Promise<void> {
    await this.send('quit').catch(() => undefined);
    this.child.kill();
  }
}
