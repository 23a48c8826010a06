/**
 * Parse time of the Jilin 2023 reference plan (../shared/samples), which must stay well under 100 ms. The first run
 * (module warm-up, JIT) is reported apart from steady-state runs. Run: `node bin/run-ts bench/plan-parse.bench.ts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { normalizeText } from '../src/server/modules/workplan/parse/normalize-text.ts';
import { parsePlan } from '../src/server/modules/workplan/parse/parse-plan.ts';

const samplePath = path.resolve(import.meta.dirname, '../../shared/samples/jilin-fangzhi-2023-work-points.txt');
if (!existsSync(samplePath)) {
  console.log(`未找到参考文档 ${samplePath}，跳过。`);
  process.exit(0);
}
const text = readFileSync(samplePath, 'utf8');

function time(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

function summarize(
  label: string,
  runs: number[],
): { step: string; runs: number; 'median ms': string; 'p95 ms': string; 'max ms': string } {
  const sorted = [...runs].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return {
    step: label,
    runs: runs.length,
    'median ms': at(0.5).toFixed(2),
    'p95 ms': at(0.95).toFixed(2),
    'max ms': (sorted.at(-1) ?? NaN).toFixed(2),
  };
}

const first = time(() => parsePlan(text));
const parseRuns = Array.from({ length: 50 }, () => time(() => parsePlan(text)));
const normalizeRuns = Array.from({ length: 50 }, () => time(() => normalizeText(text)));
const result = parsePlan(text);
const tasks = result.sections.reduce((n, s) => n + s.tasks.length, 0);

console.log(`参考文档：${text.length} 字符，${result.sections.length} 个部分，${tasks} 项任务`);
console.table([
  { step: 'parsePlan (first run)', runs: 1, 'median ms': first.toFixed(2), 'p95 ms': '', 'max ms': '' },
  summarize('parsePlan', parseRuns),
  summarize('normalizeText only', normalizeRuns),
]);
