/**
 * `npm run bench:load -- [--data-dir DIR | --scale N [--books K]] [--duration S] [--connections C]`: the concurrency goal of issue
 * 15. Starts `bin/fangzhi serve` on a data dir holding the scaled corpus (one kept by `bench:search -- --keep`, or one
 * built here through `ingestBook`), then drives C connections (default 100) of anonymous mixed searches (1–8
 * characters, sampled from the indexed text, pages 1–3) with autocannon while a separate client times /api/health
 * every 100 ms. Reports throughput, latency, timeouts and errors, /api/health p50/p99 during the run, the server's RSS
 * and the cores it used (CPU seconds ÷ wall seconds).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { findSectionIdStats } from '../src/server/modules/gazetteer/gazetteer.repository.ts';
import { createRandom, findCorpusRoot, generateScaledCorpus } from './search-corpus.ts';
import { ingestCorpus, openBenchData, startBenchServer } from './search-setup.ts';

function readArg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpusRoot = findCorpusRoot(repoRoot);
const gaiji = { gaijiFile: corpusRoot ? path.join(corpusRoot, 'kr-gaiji', 'charlist.org.txt') : null };
const duration = readArg('duration', 30);
const connections = readArg('connections', 100);
const at = process.argv.indexOf('--data-dir');
let dataDir = at >= 0 ? (process.argv[at + 1] as string) : '';
let work = '';
if (!dataDir) {
  if (!corpusRoot) {
    console.error('未找到语料目录 ../shared/corpus/kanripo，且未指定 --data-dir。');
    process.exit(2);
  }
  work = mkdtempSync(path.join(os.tmpdir(), 'fangzhi-load-search-'));
  dataDir = path.join(work, 'data');
  const corpus = generateScaledCorpus(
    corpusRoot,
    readArg('scale', 1),
    path.join(work, 'corpus'),
    readArg('books', Infinity),
  );
  const data = await openBenchData(dataDir, corpus);
  await ingestCorpus(corpus, data);
  await data.search.index.close();
  await data.handle.close();
}

// Queries sampled from the indexed text (Han only), lengths 1–8.
const data = await openBenchData(dataDir, gaiji);
const stats = await findSectionIdStats(data.handle.db);
const random = createRandom(7);
const paths: string[] = [];
const han = /^\p{Script=Han}+$/u;
let indexedChars = 0;
for (let tries = 0; paths.length < 400 && tries < 100_000; tries++) {
  const s = stats[Math.floor(random() * stats.length)];
  if (!s) break;
  const text = await data.search.index.searchText(s.min_id + Math.floor(random() * s.n), { fold: true });
  if (!text) continue;
  indexedChars += text.length;
  const length = [1, 2, 2, 3, 3, 4, 4, 8][Math.floor(random() * 8)] as number;
  const start = Math.floor(random() * Math.max(1, text.length - length));
  const q = text.slice(start, start + length);
  if (han.test(q)) paths.push(`/api/search?q=${encodeURIComponent(q)}&page=${1 + Math.floor(random() * 3)}`);
}
await data.search.index.close();
await data.handle.close();

const server = await startBenchServer(repoRoot, dataDir, gaiji);
console.log(`服务：${server.url}，${paths.length} 个检索式，${connections} 个连接，${duration} 秒`);
await fetch(`${server.url}${paths[0]}`);

const health: number[] = [];
let healthFailures = 0;
let running = true;
const healthLoop = (async () => {
  while (running) {
    const t = performance.now();
    try {
      const res = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(10_000) });
      await res.text();
      if (res.ok) health.push(performance.now() - t);
      else healthFailures++;
    } catch {
      healthFailures++;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
})();
const cpuBefore = server.cpuSeconds();
const started = performance.now();
let i = 0;
const result = await autocannon({
  url: server.url,
  connections,
  duration,
  requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] as string }) }],
});
const wall = (performance.now() - started) / 1000;
const cores = (server.cpuSeconds() - cpuBefore) / wall;
running = false;
await healthLoop;
const rss = server.rssBytes();
const peak = server.rssBytes('VmHWM');
await server.stop();
if (work) rmSync(work, { recursive: true, force: true });

const lines = [
  `# 并发检索负载：${connections} 个连接，${duration} 秒，匿名混合检索（1–8 字，第 1–3 页）`,
  '',
  `${new Date().toISOString()}，${os.cpus().length} 核，负载 ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')}（共享机器）。数据目录 ${dataDir}。`,
  '',
  '| 指标 | 数值 |',
  '|---|---|',
  `| 吞吐（请求/秒，平均） | ${result.requests.average.toFixed(1)} |`,
  `| 请求总数 | ${result.requests.total} |`,
  `| 延迟 p50 / p99 / 最大（ms） | ${result.latency.p50} / ${result.latency.p99} / ${result.latency.max} |`,
  `| 超时 / 错误 / 非 2xx | ${result.timeouts} / ${result.errors} / ${result.non2xx} |`,
  `| /api/health p50 / p99 / 最大（ms，${health.length} 次，失败 ${healthFailures}） | ${percentile(health, 50).toFixed(1)} / ${percentile(health, 99).toFixed(1)} / ${Math.max(...health).toFixed(1)} |`,
  `| 服务进程占用的核数（CPU 秒 ÷ 墙钟秒） | ${cores.toFixed(2)} |`,
  `| 服务 RSS / 峰值 | ${(rss / 1e6).toFixed(0)} MB / ${(peak / 1e6).toFixed(0)} MB |`,
];
const report = lines.join('\n');
console.log(`\n${report}\n（样本检索文本 ${indexedChars} 字）`);
const resultsDir = path.join(repoRoot, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(path.join(resultsDir, `load-search-${new Date().toISOString().replace(/[:.]/g, '-')}.md`), `${report}\n`);
process.exit(result.timeouts > 0 || result.errors > 0 ? 1 : 0);
