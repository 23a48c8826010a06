/**
 * `npm run bench:load -- [--data-dir DIR | --scale N | --chars 300M [--books K] [--keep] [--work W]] [--duration S]
 * [--connections C] [--groonga-db DB[,DB]]`: the concurrency goal of issue 15. Starts `bin/fangzhi serve` on a data dir
 * holding the scaled corpus (one kept by `bench:search -- --keep`: DIR is the `data` folder it prints; or one generated
 * and ingested here through `ingestCorpus`, kept with `--keep`), then drives C connections (default 100) of anonymous
 * mixed searches (1–8 characters, sampled from the indexed text, pages 1–3) for S seconds (default 30) while a separate
 * client (a worker thread with its own event loop) times /api/health every 100 ms and `loop-probe.mjs` measures the server's event-loop delay. Reports
 * throughput, latency (overall and per length), timeouts and errors, /api/health p50/p99/max during the run, the
 * server's event-loop delay, its RSS and the cores it used (CPU seconds ÷ wall seconds), and the goals met. Then, alone
 * on the machine, the same requests against Groonga's HTTP server (`groonga -s --protocol http`, one thread per core)
 * on each database `bench:search --keep-groonga` left beside the data dir (or given with --groonga-db), its /d/status
 * timed the same way. Exit 1 on any timeout or error of ours.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSectionIdStats } from '../src/server/modules/gazetteer/gazetteer.repository.ts';
import { createRandom, findCorpusRoot, parseCharCount } from './search-corpus.ts';
import {
  describePreload,
  describeWarmup,
  freePort,
  generateCorpusApart,
  ingestCorpus,
  openBenchData,
  runtimeNote,
  startBenchServer,
  type LoopDelay,
} from './search-setup.ts';
import { preloadGroongaDir } from './groonga-engine.ts';
import { fmt, mb, percentile, pollHealth, processRss, readArg, readStringArg } from './search-texts.ts';

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
  const workRoot = readStringArg('work') ?? os.tmpdir();
  mkdirSync(workRoot, { recursive: true });
  work = mkdtempSync(path.join(workRoot, 'fangzhi-load-search-'));
  dataDir = path.join(work, 'data');
  const chars = readStringArg('chars');
  size = chars ? `--chars ${chars}` : `--scale ${readArg('scale', 1)}`;
  const corpus = await generateCorpusApart(
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

// Queries sampled from the indexed text (Han only), lengths 1–8, pages 1–3.
const LOAD_LENGTHS_MIX = [1, 2, 2, 3, 3, 4, 4, 8];
const LOAD_LENGTHS = [...new Set(LOAD_LENGTHS_MIX)];
const data = await openBenchData(dataDir, gaiji);
const stats = await findSectionIdStats(data.handle.db);
const random = createRandom(7);
const sample: { q: string; page: number }[] = [];
const han = /^\p{Script=Han}+$/u;
let indexedChars = 0;
for (let tries = 0; sample.length < 400 && tries < 100_000; tries++) {
  const s = stats[Math.floor(random() * stats.length)];
  if (!s) break;
  const text = await data.search.index.searchText(s.min_id + Math.floor(random() * s.n), { fold: true });
  if (!text) continue;
  indexedChars += text.length;
  const length = LOAD_LENGTHS_MIX[Math.floor(random() * LOAD_LENGTHS_MIX.length)] as number;
  const start = Math.floor(random() * Math.max(1, text.length - length));
  const q = text.slice(start, start + length);
  if (han.test(q)) sample.push({ q, page: 1 + Math.floor(random() * 3) });
}
await data.search.index.close();
await data.handle.close();

interface Target {
  name: string;
  url: string;
  /** The request of one sampled query. */
  path: (s: { q: string; page: number }) => string;
  /** The cheap request timed every 100 ms during the run. */
  healthPath: string;
  cpuSeconds(): number;
  rss(): { rss: number; peak: number };
  loopDelay?: () => Promise<LoopDelay>;
}

/**
 * CPU seconds the whole machine has spent busy (every process, /proc/stat: all but idle and iowait), or null where
 * there is no /proc/stat. The load client shares the machine with the server, so whether both cores were used is read
 * from the machine as a whole beside the server's own share.
 */
function machineBusySeconds(): number | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const ticks = 100; // USER_HZ: 100 on every Linux that Node runs on
    const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
    return (cpu.reduce((a, b) => a + b, 0) - idle) / ticks;
  } catch {
    return null;
  }
}

/**
 * C connections for S seconds against one target (alone on the machine), health timed beside it. The client is the
 * same for every target: C loops, each sending the next sampled query as soon as its previous answer is read (Node's
 * fetch, keep-alive where the server allows it; Groonga's HTTP server closes every connection), 10 s timeout.
 */
async function runLoad(target: Target) {
  await (await fetch(`${target.url}${target.path(sample[0] as { q: string; page: number })}`)).text();
  await target.loopDelay?.(); // start-up and warm-up: not part of the run
  const health = pollHealth(target.url, 100, target.healthPath);
  const cpuBefore = target.cpuSeconds();
  const selfBefore = process.cpuUsage();
  const machineBefore = machineBusySeconds();
  const started = performance.now();
  const deadline = started + duration * 1000;
  const latency: number[] = [];
  const byLength = new Map<number, number[]>();
  let next = 0;
  let timeouts = 0;
  let errors = 0;
  let non2xx = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const s = sample[next++ % sample.length] as { q: string; page: number };
        const t0 = performance.now();
        try {
          const res = await fetch(`${target.url}${target.path(s)}`, { signal: AbortSignal.timeout(10_000) });
          await res.arrayBuffer();
          const ms = performance.now() - t0;
          if (!res.ok) {
            non2xx++;
            continue;
          }
          latency.push(ms);
          const length = [...s.q].length;
          byLength.set(length, [...(byLength.get(length) ?? []), ms]);
        } catch (error) {
          if ((error as Error).name === 'TimeoutError') timeouts++;
          else errors++;
        }
      }
    }),
  );
  const wall = (performance.now() - started) / 1000;
  const cores = (target.cpuSeconds() - cpuBefore) / wall;
  const self = process.cpuUsage(selfBefore);
  const clientCores = (self.user + self.system) / 1e6 / wall;
  const machineAfter = machineBusySeconds();
  const machineCores = machineBefore === null || machineAfter === null ? NaN : (machineAfter - machineBefore) / wall;
  const loop = await target.loopDelay?.();
  const h = await health.stop();
  return {
    name: target.name,
    throughput: latency.length / wall,
    ok: latency.length,
    p50: percentile(latency, 50),
    p99: percentile(latency, 99),
    max: latency.length ? Math.max(...latency) : NaN,
    byLength,
    timeouts,
    errors,
    non2xx,
    cores,
    clientCores,
    machineCores,
    loop,
    health: h,
    ...target.rss(),
  };
}

const runs: Awaited<ReturnType<typeof runLoad>>[] = [];
const server = await startBenchServer(repoRoot, dataDir, gaiji);
console.log(
  `服务：${server.url}，${sample.length} 个检索式，${connections} 个连接，${duration} 秒；` +
    `${describePreload(server.preload, server.startSeconds.preloaded)}，${describeWarmup(server.warmup)}`,
);
runs.push(
  await runLoad({
    name: '我们（bin/fangzhi serve，匿名 GET /api/search）',
    url: server.url,
    path: ({ q, page }) => `/api/search?q=${encodeURIComponent(q)}&page=${page}`,
    healthPath: '/api/health',
    cpuSeconds: () => server.cpuSeconds(),
    rss: () => ({ rss: server.rssBytes(), peak: server.rssBytes('VmHWM') }),
    loopDelay: () => server.loopDelay(),
  }),
);
await server.stop();

// Groonga's HTTP server on a database kept by `bench:search -- --keep-groonga` (beside the data dir), same requests.
const groongaDbs = (readStringArg('groonga-db') ?? '')
  .split(',')
  .filter(Boolean)
  .concat(
    readStringArg('groonga-db')
      ? []
      : ['TokenUnigram', 'TokenBigram']
          .map((t) => path.join(dataDir, '..', `groonga-${t}`, 'db'))
          .filter((f) => existsSync(f)),
  );
for (const db of groongaDbs) {
  // Its files read through the page cache first, as our server reads its own at start (`page-cache.ts`).
  const dir = path.dirname(db);
  const preloaded = await preloadGroongaDir(dir);
  console.log(
    `Groonga ${path.basename(dir)}：预读入页缓存 ${fmt(preloaded.bytes / 1e6)} MB，${fmt((preloaded.ms ?? 0) / 1000)} s`,
  );
  const port = await freePort();
  const threads = os.cpus().length;
  const child = spawn(
    'groonga',
    ['-s', '--protocol', 'http', '--bind-address', '127.0.0.1', '--port', String(port), '-t', String(threads), db],
    {
      stdio: 'ignore',
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 200) {
    if (child.exitCode !== null) throw new Error(`groonga HTTP 服务启动失败（${db}）`);
    const ok = await fetch(`${url}/d/status`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (waited > 120_000) throw new Error(`groonga HTTP 服务未能启动（${db}）`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const pid = child.pid as number;
  runs.push(
    await runLoad({
      name: `Groonga ${path.basename(path.dirname(db)).replace('groonga-', '')}（groonga -s --protocol http -t ${threads}，/d/select）`,
      url,
      path: ({ q, page }) =>
        `/d/select?table=Docs&match_columns=body&query=${encodeURIComponent(`"${q}"`)}&filter=${encodeURIComponent('published == true')}` +
        `&limit=20&offset=${(page - 1) * 20}&sort_keys=-_score,_key&output_columns=${encodeURIComponent('_key,_score,snippet_html(body)')}` +
        `&drilldown=book&drilldown_limit=20`,
      healthPath: '/d/status',
      cpuSeconds: () => {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
        return (Number(fields[11]) + Number(fields[12])) / 100;
      },
      rss: () => processRss(pid),
    }),
  );
  child.kill();
  await new Promise((resolve) => child.once('exit', resolve));
}
if (work && !keep) rmSync(work, { recursive: true, force: true });
else if (work) console.log(`保留数据目录：${dataDir}`);

const row = (label: string, cell: (r: (typeof runs)[number]) => string) =>
  `| ${label} | ${runs.map(cell).join(' | ')} |`;
const lines = [
  `# 并发检索负载（${size}）：${connections} 个连接，${duration} 秒，匿名混合检索（1–8 字，第 1–3 页，每页 20 条）`,
  '',
  `${new Date().toISOString()}，${runtimeNote()}，${os.cpus().length} 核，负载 ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(
      ' / ',
    )}（共享机器）。数据目录 ${dataDir}。${sample.length} 个检索式轮流发出；各服务依次单独运行，压测客户端（本进程，${connections} 个并发循环，Node fetch）与服务在同一台机器上。`,
  '',
  `| 指标 | ${runs.map((r) => r.name).join(' | ')} |`,
  `|---|${runs.map(() => '---').join('|')}|`,
  row('吞吐（成功请求/秒）', (r) => fmt(r.throughput)),
  row('成功请求总数', (r) => String(r.ok)),
  row('延迟 p50 / p99 / 最大（ms，成功请求）', (r) => `${fmt(r.p50, 0)} / ${fmt(r.p99, 0)} / ${fmt(r.max, 0)}`),
  ...LOAD_LENGTHS.map((length) =>
    row(`其中 ${length} 字 p50 / p99（ms）`, (r) => {
      const v = r.byLength.get(length) ?? [];
      return `${fmt(percentile(v, 50), 0)} / ${fmt(percentile(v, 99), 0)}（${v.length} 次）`;
    }),
  ),
  row('超时（10 s）/ 连接错误 / 非 2xx', (r) => `${r.timeouts} / ${r.errors} / ${r.non2xx}`),
  row(
    '健康检查（/api/health；Groonga：/d/status）p50 / p99 / 最大（ms，每 100 ms 一次）',
    (r) =>
      `${fmt(r.health.p50)} / ${fmt(r.health.p99)} / ${fmt(r.health.max)}（${r.health.count} 次，失败 ${r.health.failures}）`,
  ),
  row('服务事件循环延迟 p50 / p99 / 最大（ms，loop-probe；含 5 ms 采样间隔）', (r) =>
    r.loop ? `${fmt(r.loop.p50)} / ${fmt(r.loop.p99)} / ${fmt(r.loop.max)}` : '—',
  ),
  row('服务进程占用的核数（CPU 秒 ÷ 墙钟秒）', (r) => r.cores.toFixed(2)),
  row('压测客户端占用的核数', (r) => r.clientCores.toFixed(2)),
  row('整机忙碌的核数（/proc/stat，所有进程）', (r) => r.machineCores.toFixed(2)),
  row('服务 RSS / 峰值', (r) => `${mb(r.rss)} / ${mb(r.peak)}`),
];
const ours = runs[0] as (typeof runs)[number];
const yes = (ok: boolean) => (ok ? '是' : '**否**');
// The client runs on the same 2 cores: what it takes the server cannot have. Both cores count as used when the server
// has 1.8 of them, or when the machine was saturated and the server had nearly all that the client left.
const twoCores = Math.min(os.cpus().length, 2);
const bothCores =
  ours.cores >= 1.8 || (ours.machineCores >= twoCores - 0.1 && ours.cores >= 0.9 * (twoCores - ours.clientCores));
lines.push(
  '',
  `目标核对（我们）：无超时 ${yes(ours.timeouts === 0 && ours.errors === 0)}（${ours.timeouts} 次超时，${ours.errors} 次连接错误）；` +
    `/api/health p99 ≤ 100 ms ${yes(ours.health.p99 <= 100)}（${fmt(ours.health.p99)} ms）；` +
    `用满两个核（服务 ≥ 1.8 核；或整机 ≥ 1.9 核忙、服务占客户端之外的 ≥ 90 %）${yes(bothCores)}（服务 ${ours.cores.toFixed(2)}，客户端 ${ours.clientCores.toFixed(2)}，整机 ${ours.machineCores.toFixed(2)} 核）；` +
    `事件循环阻塞 ≤ 50 ms ${yes(!ours.loop || ours.loop.max - 5 <= 50)}（最大 ${fmt((ours.loop?.max ?? NaN) - 5)} ms，已减 5 ms 采样间隔）；` +
    `服务 RSS ≤ 2 GB ${yes(ours.peak <= 2e9)}。`,
);
if (groongaDbs.length === 0)
  lines.push(
    '',
    'Groonga：未运行（数据目录旁没有 bench:search -- --keep-groonga 留下的数据库，也未给 --groonga-db）。',
  );
const report = lines.join('\n');
console.log(`\n${report}\n（样本检索文本 ${indexedChars} 字）`);
const resultsDir = path.join(repoRoot, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(path.join(resultsDir, `load-search-${new Date().toISOString().replace(/[:.]/g, '-')}.md`), `${report}\n`);
process.exit(ours.timeouts > 0 || ours.errors > 0 ? 1 : 0);
