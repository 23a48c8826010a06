/**
 * `npm run bench:search -- --scale N [--queries Q] [--keep]`: the honest search benchmark (issue 15).
 *
 * 1. Generates N copies of the shared Kanripo corpus (`search-corpus.ts`, ≈ 21 M characters a copy) into a temp dir.
 * 2. Ingests them through the real service (`ingestBook`, published) into a throwaway DATA_DIR: chars/s, chars per
 *    CPU-second (every thread of the process), the event-loop delay meanwhile against an idle baseline.
 * 3. Gives Groonga exactly the search texts our index holds, twice (unigram and bigram tokenizer), index built
 *    statically after loading: chars/s and chars per CPU-second of the Groonga process.
 * 4. Starts `bin/fangzhi serve` on the DATA_DIR and, query by query, interleaves (in rotating order): ours in-process
 *    (the index's worker pool, the public scope), ours through the public HTTP path (anonymous GET /api/search, so the
 *    published-books scope applies; the server's own `tookMs` and the round trip), Groonga unigram and bigram (their
 *    own `elapsed` and the round trip). Top 20 with snippets, exact totals and facets on our side; top 20 with
 *    snippets and a drilldown per book on Groonga's.
 * 5. Checks: in-process and HTTP totals agree, both Groonga variants find the same number of sections, and for a few
 *    queries per length our total equals a scan of every search text.
 * Prints markdown tables (p50/p99 per query length 1, 2, 3, 4, 8; RSS of every process; disk) and saves them under
 * bench/results/. Exit 1 on any disagreement.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TSearchResponse } from '../src/shared/gazetteer.ts';
import { findBooks, findSectionIdStats } from '../src/server/modules/gazetteer/gazetteer.repository.ts';
import { findIndexMismatches } from '../src/server/modules/gazetteer/index-consistency.ts';
import { systemClock } from '../src/server/platform/clock.ts';
import { createRandom, findCorpusRoot, generateScaledCorpus } from './search-corpus.ts';
import { Groonga, groongaAvailable, type GroongaDoc, type GroongaTokenizer } from './groonga-engine.ts';
import { ingestCorpus, openBenchData, startBenchServer } from './search-setup.ts';

const LENGTHS = [1, 2, 3, 4, 8];

function readArg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
const mb = (bytes: number) => `${fmt(bytes / 1e6, 0)} MB`;

async function main(): Promise<void> {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const corpusRoot = findCorpusRoot(repoRoot);
  if (!corpusRoot) {
    console.error('未找到语料目录 ../shared/corpus/kanripo：基准测试需要它，请把共享语料放在仓库旁边后重试。');
    process.exit(2);
  }
  const scale = readArg('scale', 1);
  const perLength = readArg('queries', 40);
  const keep = process.argv.includes('--keep');
  const work = mkdtempSync(path.join(os.tmpdir(), 'fangzhi-search-bench-'));
  const dataDir = path.join(work, 'data');
  const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

  // --books K: only the first K books (a quick smoke run).
  const corpus = generateScaledCorpus(corpusRoot, scale, path.join(work, 'corpus'), readArg('books', Infinity));
  log(
    `语料：${corpus.books.length} 本，${(corpus.chars / 1e6).toFixed(1)} M 字（UTF-8 ${mb(corpus.textBytes)}），scale ${scale}`,
  );

  // --- ours: ingest through the service ---
  const data = await openBenchData(dataDir, corpus);
  const ingest = await ingestCorpus(corpus, data, (done, total) => {
    if (done % 10 === 0 || done === total) log(`导入 ${done}/${total}`);
  });
  const deps = { db: data.handle.db, clock: systemClock, search: data.search };
  const mismatches = await findIndexMismatches(deps);
  if (mismatches.length > 0) throw new Error(`索引与数据库不一致：${mismatches.join(',')}`);
  log(`导入完成：${fmt(ingest.wallSeconds)} s，CPU ${fmt(ingest.cpuSeconds)} s`);

  // The search texts exactly as indexed: Groonga's input, the query sample and the brute-force reference.
  const stats = await findSectionIdStats(data.handle.db);
  const books = await findBooks(data.handle.db, { publishedOnly: false });
  const docs: GroongaDoc[] = [];
  const random = createRandom(42);
  const queries = new Map<number, Set<string>>(LENGTHS.map((l) => [l, new Set<string>()]));
  const han = /^\p{Script=Han}+$/u;
  let searchChars = 0;
  const textOf = new Map<number, number>();
  for (const s of stats) {
    for (let id = s.min_id; id <= s.max_id; id++) {
      const text = await data.search.index.searchText(id, { fold: true });
      if (text === null) continue;
      docs.push({ id, book: s.book_id, published: true, body: text });
      textOf.set(id, docs.length - 1);
      searchChars += text.length;
    }
  }
  // Queries: substrings at uniformly random positions (frequent words come up as often as they occur).
  for (const length of LENGTHS) {
    const picked = queries.get(length) as Set<string>;
    for (let tries = 0; picked.size < perLength && tries < perLength * 1000; tries++) {
      let at = Math.floor(random() * searchChars);
      const doc = docs.find((d) => (at < d.body.length ? true : ((at -= d.body.length), false))) as GroongaDoc;
      const candidate = [...doc.body.slice(at, at + length * 2)].slice(0, length).join('');
      if ([...candidate].length === length && han.test(candidate)) picked.add(candidate);
    }
  }
  // Brute force for the first 3 queries of each length: occurrences over every search text.
  const brute = new Map<string, number>();
  for (const length of LENGTHS)
    for (const q of [...(queries.get(length) as Set<string>)].slice(0, 3)) {
      let n = 0;
      for (const d of docs) for (let at = d.body.indexOf(q); at >= 0; at = d.body.indexOf(q, at + 1)) n++;
      brute.set(q, n);
    }
  log(
    `检索文本 ${(searchChars / 1e6).toFixed(1)} M 字，${docs.length} 节；样本 ${LENGTHS.map((l) => queries.get(l)?.size).join('/')}`,
  );

  // --- Groonga: static builds ---
  const groongas: { g: Groonga; wall: number; cpu: number }[] = [];
  if (groongaAvailable()) {
    for (const tokenizer of ['TokenUnigram', 'TokenBigram'] as GroongaTokenizer[]) {
      const g = new Groonga(work, tokenizer);
      const started = performance.now();
      await g.createTable();
      await g.load(docs);
      await g.buildIndex();
      const wall = (performance.now() - started) / 1000;
      groongas.push({ g, wall, cpu: g.cpuSeconds() });
      log(`Groonga ${tokenizer}：${fmt(wall)} s`);
    }
  } else log('未安装 groonga（apt-get install groonga-bin），跳过对比。');
  docs.length = 0;

  // --- the server on the same data ---
  const server = await startBenchServer(repoRoot, dataDir, corpus);
  log(`服务已启动：${server.url}`);
  // One warm-up query each, so that no engine's first query pays for opening files.
  await data.search.index.search('之', { filters: { publishedOnly: true }, limit: 20 });
  await fetch(`${server.url}/api/search?q=${encodeURIComponent('之')}`);
  for (const { g } of groongas) await g.search('之');

  type Key = 'ours' | 'http' | 'httpRt' | `g${number}` | `g${number}rt`;
  const lat = new Map<string, number[]>();
  const add = (length: number, key: Key, ms: number) => {
    const k = `${length}:${key}`;
    lat.set(k, [...(lat.get(k) ?? []), ms]);
  };
  const problems: string[] = [];
  let round = 0;
  for (const length of LENGTHS) {
    for (const q of queries.get(length) as Set<string>) {
      const runs: (() => Promise<void>)[] = [];
      let ours: { total: number; sections: number } | null = null;
      let http: TSearchResponse | null = null;
      const gSections: number[] = [];
      runs.push(async () => {
        const t = performance.now();
        const r = await data.search.index.search(q, { filters: { publishedOnly: true }, limit: 20, snippetChars: 40 });
        add(length, 'ours', performance.now() - t);
        ours = r;
      });
      runs.push(async () => {
        const t = performance.now();
        const res = await fetch(`${server.url}/api/search?q=${encodeURIComponent(q)}&pageSize=20`);
        const body = (await res.json()) as TSearchResponse;
        add(length, 'httpRt', performance.now() - t);
        add(length, 'http', body.tookMs);
        http = body;
      });
      groongas.forEach(({ g }, i) =>
        runs.push(async () => {
          const a = await g.search(q);
          add(length, `g${i}`, a.elapsedMs);
          add(length, `g${i}rt`, a.roundTripMs);
          gSections[i] = a.sections;
        }),
      );
      // Rotating order: no engine always goes first (cold) or last (warm).
      for (let i = 0; i < runs.length; i++) await (runs[(i + round) % runs.length] as () => Promise<void>)();
      round++;
      const o = ours as { total: number; sections: number } | null;
      const h = http as TSearchResponse | null;
      if (!o || !h || o.total !== h.total || o.sections !== h.sections)
        problems.push(`「${q}」进程内 ${o?.total}/${o?.sections} ≠ HTTP ${h?.total}/${h?.sections}`);
      if (gSections.length === 2 && gSections[0] !== gSections[1])
        problems.push(`「${q}」Groonga 一元 ${gSections[0]} 节 ≠ 二元 ${gSections[1]} 节`);
      if (o && gSections.length > 0 && gSections[0] !== o.sections)
        problems.push(`「${q}」Groonga ${gSections[0]} 节 ≠ 我们 ${o.sections} 节`);
      const want = brute.get(q);
      if (o && want !== undefined && want !== o.total) problems.push(`「${q}」总数 ${o.total} ≠ 全文扫描 ${want}`);
    }
  }

  // --- memory and disk ---
  const heaps = await (data.search.index as unknown as { workerHeaps?: () => Promise<number[]> }).workerHeaps?.();
  const rss = {
    server: server.rssBytes(),
    serverPeak: server.rssBytes('VmHWM'),
    bench: process.memoryUsage().rss,
    groonga: groongas.map(({ g }) => ({ name: g.tokenizer, rss: g.rssBytes(), peak: g.rssBytes('VmHWM') })),
  };
  const indexFiles = readdirSync(dataDir).filter((n) => n.startsWith('search'));
  const indexBytes = indexFiles.reduce((s, n) => s + statSync(path.join(dataDir, n)).size, 0);
  const dbBytes = readdirSync(dataDir)
    .filter((n) => n.startsWith('fangzhi.sqlite'))
    .reduce((s, n) => s + statSync(path.join(dataDir, n)).size, 0);

  // --- report ---
  const names = ['ours', 'http', 'httpRt', ...groongas.flatMap((_, i) => [`g${i}`, `g${i}rt`])];
  const labels: Record<string, string> = {
    ours: '我们·进程内',
    http: '我们·HTTP 服务端',
    httpRt: '我们·HTTP 往返',
    ...Object.fromEntries(
      groongas.flatMap(({ g }, i) => [
        [`g${i}`, `Groonga ${g.tokenizer === 'TokenUnigram' ? '一元' : '二元'}·elapsed`],
        [`g${i}rt`, `Groonga ${g.tokenizer === 'TokenUnigram' ? '一元' : '二元'}·往返`],
      ]),
    ),
  };
  const lines: string[] = [];
  lines.push(
    `# 检索基准 scale ${scale}（${(corpus.chars / 1e6).toFixed(1)} M 字，${books.length} 本，${stats.reduce((s, x) => s + x.n, 0)} 节）`,
  );
  lines.push('');
  lines.push(
    `${new Date().toISOString()}，${os.cpus().length} 核，负载 ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}（共享机器，比值取同一轮）。每种长度 ${perLength} 个查询，逐个查询轮流执行。`,
  );
  lines.push('');
  lines.push('## 延迟（毫秒，p50 / p99）');
  lines.push('');
  lines.push(`| 字数 | ${names.map((n) => labels[n]).join(' | ')} |`);
  lines.push(`|---|${names.map(() => '---').join('|')}|`);
  for (const length of LENGTHS)
    lines.push(
      `| ${length} | ${names.map((n) => `${fmt(percentile(lat.get(`${length}:${n}`) ?? [], 50), 2)} / ${fmt(percentile(lat.get(`${length}:${n}`) ?? [], 99), 2)}`).join(' | ')} |`,
    );
  if (groongas.length > 0) {
    lines.push('');
    lines.push('## 比值：Groonga 最佳配置的 elapsed ÷ 我们的 HTTP 服务端时间（>1 = 我们更快）');
    lines.push('');
    lines.push('| 字数 | p50 | p99 |');
    lines.push('|---|---|---|');
    for (const length of LENGTHS) {
      const best = (p: number) => Math.min(...groongas.map((_, i) => percentile(lat.get(`${length}:g${i}`) ?? [], p)));
      const ourP = (p: number) => percentile(lat.get(`${length}:http`) ?? [], p);
      lines.push(`| ${length} | ${fmt(best(50) / ourP(50), 2)}× | ${fmt(best(99) / ourP(99), 2)}× |`);
    }
  }
  lines.push('');
  lines.push('## 导入');
  lines.push('');
  lines.push('| 引擎 | 墙钟 s | CPU s | 字/秒 | 字/CPU 秒 |');
  lines.push('|---|---|---|---|---|');
  lines.push(
    `| 我们（ingestBook：数据库行 + 索引） | ${fmt(ingest.wallSeconds)} | ${fmt(ingest.cpuSeconds)} | ${fmt(corpus.chars / ingest.wallSeconds / 1e6, 2)} M | ${fmt(corpus.chars / ingest.cpuSeconds / 1e6, 2)} M |`,
  );
  for (const { g, wall, cpu } of groongas)
    lines.push(
      `| Groonga ${g.tokenizer}（载入 + 静态建索引） | ${fmt(wall)} | ${fmt(cpu)} | ${fmt(searchChars / wall / 1e6, 2)} M | ${fmt(searchChars / cpu / 1e6, 2)} M |`,
    );
  lines.push('');
  lines.push(
    `导入期间事件循环延迟：p99 ${fmt(ingest.loopDelay.p99)} ms，最大 ${fmt(ingest.loopDelay.max)} ms；同样时长空闲时（本机噪声）p99 ${fmt(ingest.loopDelay.idleP99)} ms，最大 ${fmt(ingest.loopDelay.idleMax)} ms。`,
  );
  lines.push('');
  lines.push('## 内存与磁盘');
  lines.push('');
  lines.push('| 进程 | RSS | 峰值 RSS |');
  lines.push('|---|---|---|');
  lines.push(`| 服务（bin/fangzhi serve，含 2 个检索线程） | ${mb(rss.server)} | ${mb(rss.serverPeak)} |`);
  lines.push(`| 基准进程（导入 + 进程内检索，持有全部检索文本） | ${mb(rss.bench)} | — |`);
  for (const g of rss.groonga) lines.push(`| Groonga ${g.name} | ${mb(g.rss)} | ${mb(g.peak)} |`);
  if (heaps) lines.push(`\n检索线程 V8 堆：${heaps.map((h) => mb(h)).join('、')}。`);
  lines.push('');
  lines.push(
    `UTF-8 文本 ${mb(corpus.textBytes)}；我们的索引文件 ${mb(indexBytes)}（${fmt(indexBytes / corpus.textBytes, 2)}×，含章节显示文本一份）；主数据库 ${mb(dbBytes)}；${groongas.map(({ g }) => `Groonga ${g.tokenizer} ${mb(g.diskBytes())}（${fmt(g.diskBytes() / corpus.textBytes, 2)}×，含文本）`).join('；')}。`,
  );
  lines.push('');
  lines.push(
    problems.length === 0
      ? '核对：全部一致（进程内 = HTTP；Groonga 章节数 = 我们；抽查总数 = 全文扫描）。'
      : `核对失败 ${problems.length} 处：\n${problems
          .slice(0, 20)
          .map((p) => `- ${p}`)
          .join('\n')}`,
  );
  const report = lines.join('\n');
  console.log(`\n${report}`);
  const resultsDir = path.join(repoRoot, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `search-scale${scale}-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
  writeFileSync(file, `${report}\n`);
  log(`结果已保存：${path.relative(repoRoot, file)}`);

  await server.stop();
  for (const { g } of groongas) await g.close();
  await data.search.index.close();
  await data.handle.close();
  if (keep) log(`保留数据目录：${dataDir}（bench:load -- --data-dir 可复用）`);
  else rmSync(work, { recursive: true, force: true });
  if (problems.length > 0) process.exit(1);
}

await main();
