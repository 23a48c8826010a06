/**
 * `npm run bench:load -- [--data-dir DIR | --scale N | --chars 300M] [--books K] [--keep] [--duration S]
 * [--connections C]`: the concurrency goal of issue 15. Starts `bin/fangzhi serve` on a data dir holding the scaled
 * corpus (one kept by `bench:search -- --keep`: DIR is the `data` folder it prints; or one generated and ingested here
 * through `ingestCorpus`, kept with `--keep`), then drives C connections (default 100) of anonymous mixed searches
 * (1–8 characters, sampled from the indexed text, pages 1–3) with autocannon for S seconds (default 30) while a
 * separate client times /api/health every 100 ms and `loop-probe.mjs` measures the server's event-loop delay. Reports
 * throughput, latency, timeouts and errors, /api/health p50/p99/max during the run, the server's event-loop delay, its
 * RSS and the cores it used (CPU seconds ÷ wall seconds). Exit 1 on any timeout or error.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { findSectionIdStats } from '../src/server/modules/gazetteer/gazetteer.repository.ts';
import { createRandom, findCorpusRoot, generateScaledCorpus, parseCharCount } from './search-corpus.ts';
import { ingestCorpus, openBenchData, startBenchServer } from './search-setup.ts';
import { fmt, pollHealth, readArg, readStringArg } from './search-texts.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpusRoot = findCorpusRoot(repoRoot);
const gaiji = { gaijiFile: corpusRoot ? path.join(corpusRoot, 'kr-gaiji', 'charlist.org.txt') : null };
const duration = readArg('duration', 30);
const connections = readArg('connections', 100);
let dataDir = readStringArg('data-dir') ?? '';
const keep = process.argv.includes('--keep');
let work = '';
let size = `--data-dir ${dataDir}`;
if (!dataDir) {
  if (!corpusRoot) {
    console.error('未找到语料目录 ../shared/corpus/kanripo，且未指定 --data-dir。');
    process.exit(2);
  }
  work = mkdtempSync(path.join(os.tmpdir(), 'fangzhi-load-search-'));
  dataDir = path.join(work, 'data');
  const chars = readStringArg('chars');
  size = chars ? `--chars ${chars}` : `--scale ${readArg('scale', 1)}`;
  const corpus = generateScaledCorpus(
    corpusRoot,
    {
      ...(chars ? { chars: parseCharCount(chars) } : { copies: readArg('scale', 1) }),
      ...(readArg('books', 0) ? { maxBooks: readArg('books', 0) } : {}),
    },
    path.join(work, 'corpus'),
  );
  console.log(`语料 ${(corpus.chars / 1e6).toFixed(1)} M 字，${corpus.books.length} 本；导入中…`);
  const data = await openBenchData(dataDir, corpus);
  const ingest = await ingestCorpus(corpus, data);
  await data.search.index.close();
  await data.handle.close();
  rmSync(path.join(work, 'corpus'), { recursive: true, force: true });
  // The same manifest as bench:search -- --keep, so a later bench:search -- --data-dir reports this ingest.
  writeFileSync(
    path.join(work, 'bench-manifest.json'),
    `${JSON.stringify({ createdAt: new Date().toISOString(), size, books: corpus.books.length, chars: corpus.chars, textBytes: corpus.textBytes, gaijiFile: corpus.gaijiFile, generation: corpus.generation, ingest }, null, 2)}\n`,
  );
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

await server.loopDelay(); // start-up and warm-up: not part of the run
const health = pollHealth(server.url, 100);
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
const loop = await server.loopDelay();
const h = await health.stop();
const rss = server.rssBytes();
const peak = server.rssBytes('VmHWM');
await server.stop();
if (work && !keep) rmSync(work, { recursive: true, force: true });
else if (work) console.log(`保留数据目录：${dataDir}`);

const lines = [
  `# 并发检索负载（${size}）：${connections} 个连接，${duration} 秒，匿名混合检索（1–8 字，第 1–3 页）`,
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
  `| /api/health p50 / p99 / 最大（ms，每 100 ms 一次，${h.count} 次，失败 ${h.failures}） | ${fmt(h.p50)} / ${fmt(h.p99)} / ${fmt(h.max)} |`,
  `| 服务事件循环延迟 p50 / p99 / 最大（ms，loop-probe；含 5 ms 采样间隔） | ${fmt(loop.p50)} / ${fmt(loop.p99)} / ${fmt(loop.max)} |`,
  `| 服务进程占用的核数（CPU 秒 ÷ 墙钟秒） | ${cores.toFixed(2)} |`,
  `| 服务 RSS / 峰值 | ${(rss / 1e6).toFixed(0)} MB / ${(peak / 1e6).toFixed(0)} MB |`,
];
const report = lines.join('\n');
console.log(`\n${report}\n（样本检索文本 ${indexedChars} 字）`);
const resultsDir = path.join(repoRoot, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(path.join(resultsDir, `load-search-${new Date().toISOString().replace(/[:.]/g, '-')}.md`), `${report}\n`);
process.exit(result.timeouts > 0 || result.errors > 0 ? 1 : 0);
