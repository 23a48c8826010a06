/**
 * `npm run bench:search [-- --scale N --queries Q]`: ingest throughput, index size ÷ text size, peak memory and
 * p50/p90/p99 latency per query length (1, 2, 3, 4, 6, 8) for count, ranked top-20 with snippets and filtered top-20,
 * for our engine and its peers on the same queries in the same run. Fails (exit 1) when any engine's answer differs
 * from the brute-force scan. Prints a markdown table and saves it under bench/results/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getDefaultFolder, createFolder } from '../src/server/modules/gazetteer/search/fold.ts';
import { buildSearchText } from '../src/server/modules/gazetteer/search/search-text.ts';
import type { IndexedSection, SearchFilters } from '../src/server/modules/gazetteer/search/search-index.ts';
import { findCorpusRoot, loadBenchCorpus } from './search-corpus.ts';
import {
  createBruteForceEngine,
  createOurEngine,
  createTrigramEngine,
  type BenchAnswer,
  type BenchEngine,
} from './search-engines.ts';
import { createGroongaEngine, ensureGroonga } from './groonga-engine.ts';
import { formatReport, type EngineReport, type Operation } from './search-report.ts';

const LENGTHS = [1, 2, 3, 4, 6, 8];
const OPERATIONS: Operation[] = ['count', 'top20', 'filtered'];
const FILTERS: SearchFilters = { regions: ['奉天', '直隶', '浙江'] };

function readArg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Queries a reader might type: Han-only substrings at random positions of the folded search text (so frequent words
 * come up as often as they occur in the text), `perLength` distinct ones per length.
 */
function sampleQueries(texts: string[], perLength: number, seed: number): Map<number, string[]> {
  const random = createRandom(seed);
  const totalChars = texts.reduce((s, t) => s + t.length, 0);
  const han = /^\p{Script=Han}+$/u;
  const out = new Map<number, string[]>();
  for (const length of LENGTHS) {
    const picked = new Set<string>();
    for (let tries = 0; picked.size < perLength && tries < perLength * 1000; tries++) {
      let at = Math.floor(random() * totalChars);
      const text = texts.find((t) => (at < t.length ? true : ((at -= t.length), false))) as string;
      const candidate = [...text.slice(at, at + length * 2)].slice(0, length).join('');
      if ([...candidate].length === length && han.test(candidate)) picked.add(candidate);
    }
    out.set(length, [...picked]);
  }
  return out;
}

function sameAnswer(got: BenchAnswer, want: BenchAnswer): boolean {
  return got.sections === want.sections && (got.total === null || got.total === want.total);
}

async function main(): Promise<void> {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const corpusRoot = findCorpusRoot(repoRoot);
  if (!corpusRoot) {
    console.error('未找到语料目录 ../shared/corpus/kanripo：基准测试需要它，请把共享语料放在仓库旁边后重试。');
    process.exit(2);
  }
  const scale = readArg('scale', 1);
  const perLength = readArg('queries', 100);
  const corpus = loadBenchCorpus(corpusRoot, scale);
  const sections: IndexedSection[] = corpus.books.flatMap((b) => b.sections);
  const textBytes = sections.reduce((s, x) => s + Buffer.byteLength(x.text), 0);
  const folder = corpus.variants.length > 0 ? createFolder(corpus.variants) : getDefaultFolder();
  const queries = sampleQueries(
    sections.map((s) => buildSearchText(s.text, folder).text),
    perLength,
    42,
  );
  console.log(
    `语料：${sections.length} 个章节，${corpus.chars} 字（UTF-8 ${(textBytes / 1e6).toFixed(1)} MB），scale ${scale}`,
  );

  const work = mkdtempSync(path.join(os.tmpdir(), 'fangzhi-bench-'));
  const engines: (BenchEngine & { peakRssBytes?: () => number })[] = [
    createBruteForceEngine(corpus.variants),
    createOurEngine(work, corpus.variants),
    createTrigramEngine(work, corpus.variants),
  ];
  if (ensureGroonga()) engines.push(createGroongaEngine(work, corpus.variants));
  else console.log('Groonga 不可用，跳过。');

  const reference = new Map<string, BenchAnswer>();
  const reports: EngineReport[] = [];
  const mismatches: string[] = [];
  for (const engine of engines) {
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    await engine.ingest(sections);
    const ingestSeconds = (performance.now() - started) / 1000;
    const latencies = new Map<string, number[]>();
    for (const length of LENGTHS) {
      for (const query of queries.get(length) ?? []) {
        for (const op of OPERATIONS) {
          const t = performance.now();
          const answer =
            op === 'count'
              ? await engine.count(query)
              : await engine.top(query, op === 'filtered' ? FILTERS : undefined);
          const ms = performance.now() - t;
          const key = `${length}:${op}`;
          latencies.set(key, [...(latencies.get(key) ?? []), ms]);
          const refKey = `${op}:${query}`;
          const want = reference.get(refKey);
          if (!want) reference.set(refKey, answer);
          else if (!sameAnswer(answer, want)) {
            mismatches.push(
              `${engine.name} ${op} 「${query}」: ${JSON.stringify({ total: answer.total, sections: answer.sections })} ≠ 暴力扫描 ${JSON.stringify({ total: want.total, sections: want.sections })}`,
            );
          }
        }
      }
    }
    reports.push({
      name: engine.name,
      ingestCharsPerSecond: corpus.chars / ingestSeconds,
      indexRatio: (await engine.indexBytes()) / textBytes,
      peakRssBytes: engine.peakRssBytes
        ? engine.peakRssBytes()
        : Math.max(0, process.resourceUsage().maxRSS * 1024 - rssBefore),
      latencies,
    });
    await engine.close();
    console.log(`${engine.name}：完成`);
  }
  rmSync(work, { recursive: true, force: true });

  const report = formatReport(reports, LENGTHS, OPERATIONS, {
    sections: sections.length,
    chars: corpus.chars,
    textBytes,
    scale,
    perLength,
    mismatches,
  });
  console.log(report);
  const resultsDir = path.join(repoRoot, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `search-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
  writeFileSync(file, report);
  console.log(`结果已保存：${path.relative(repoRoot, file)}`);
  if (mismatches.length > 0) {
    console.error(`有 ${mismatches.length} 处结果与暴力扫描不一致，基准测试失败。`);
    process.exit(1);
  }
}

await main();
