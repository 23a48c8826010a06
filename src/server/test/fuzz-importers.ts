/**
 * Feeds every importer mutated copies of our own fixtures (never text written by others) and classifies what each
 * does: parsed, refused with a clear Chinese error, over a limit, timed out inside its sandbox, crashed (an error that
 * is not a clear Chinese AppError), hung (no answer at all), or wrote part of itself to the database. Used by
 * `npm run fuzz` (bench/fuzz.ts) and, with a small seeded count, by the test suite.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { AppError } from '../../shared/errors.ts';
import { toImportRequest } from '../../shared/workplan-import.ts';
import type { Db } from '../db/database.ts';
import { systemClock } from '../platform/clock.ts';
import { extractTextIsolated, parsePlanIsolated } from '../modules/workplan/extract-isolated.ts';
import { importPlan } from '../modules/workplan/import-plan.ts';
import { countPlansAndTasks } from '../modules/workplan/workplan.repository.ts';
import { countBooksAndSections } from '../modules/gazetteer/gazetteer.repository.ts';
import { countTaskHistory } from '../modules/supervision/task-history.ts';
import { systemActor } from '../platform/auth/actor.ts';
import { buildOfd, buildXlsx } from './plan-files.ts';
import { resolveUnitNames } from '../modules/workplan/preview-plan.ts';
import { readUploadedSourceIsolated } from '../modules/gazetteer/read-book-isolated.ts';
import { ingestBook } from '../modules/gazetteer/ingest-book.ts';
import { findIndexMismatches } from '../modules/gazetteer/index-consistency.ts';
import type { GazetteerSearch } from '../modules/gazetteer/open-search.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const PLAN_FIXTURES = path.resolve(here, '../modules/workplan/fixtures');
const BOOK_FIXTURES = path.resolve(here, '../modules/gazetteer/ingest/fixtures');

export type Importer = 'plan' | 'book';
export type Outcome = 'parsed' | 'clear' | 'overLimit' | 'timeout' | 'crash' | 'hang' | 'partialWrite';

export interface Seed {
  importer: Importer;
  fileName: string;
  bytes: Uint8Array;
}

/** Our fixtures in every format each importer reads (the Kanripo folder zipped as a web upload would be). */
export async function loadSeeds(): Promise<Seed[]> {
  const seeds: Seed[] = [];
  for (const name of [
    'yunchuan-2024-work-points.txt',
    'yunchuan-2024-work-points.docx',
    'yunchuan-2024-work-points.doc',
    'yunchuan-2024-work-points.pdf',
  ]) {
    seeds.push({
      importer: 'plan',
      fileName: name,
      bytes: new Uint8Array(readFileSync(path.join(PLAN_FIXTURES, name))),
    });
  }
  // Issue 9's spreadsheet and OFD readers (SheetJS, JSZip) get the same plan as a task table and as a fixed-layout file.
  const planText = readFileSync(path.join(PLAN_FIXTURES, 'yunchuan-2024-work-points.txt'), 'utf8');
  seeds.push({ importer: 'plan', fileName: 'yunchuan-2024-work-points.xlsx', bytes: await buildXlsx(planText) });
  seeds.push({ importer: 'plan', fileName: 'yunchuan-2024-work-points.ofd', bytes: await buildOfd(planText) });
  for (const name of [
    'plain-utf8.txt',
    'plain-gb18030.txt',
    'sample.md',
    'sample.docx',
    'unstyled.docx',
    'sample.epub',
    'sample.pdf',
  ]) {
    seeds.push({
      importer: 'book',
      fileName: name,
      bytes: new Uint8Array(readFileSync(path.join(BOOK_FIXTURES, name))),
    });
  }
  const folder = path.join(BOOK_FIXTURES, 'kanripo/KR9z0001');
  const zip = new JSZip();
  for (const name of readdirSync(folder)) zip.file(`KR9z0001/${name}`, readFileSync(path.join(folder, name)));
  seeds.push({
    importer: 'book',
    fileName: 'KR9z0001.zip',
    bytes: await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }),
  });
  seeds.push({
    importer: 'book',
    fileName: 'KR9z0002_003.txt',
    bytes: new Uint8Array(readFileSync(path.join(BOOK_FIXTURES, 'kanripo/KR9z0002_003.txt'))),
  });
  return seeds;
}

/** mulberry32: small, fast, seedable. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe, 0x0a, 0x3c, 0x25];

/** One random mutation of the kinds that break parsers: flipped bits, overwritten runs, cuts, repeats, swaps. */
export function mutate(bytes: Uint8Array, random: () => number): { bytes: Uint8Array; how: string } {
  const pick = (n: number) => Math.floor(random() * n);
  const out = new Uint8Array(bytes);
  const kind = pick(7);
  if (kind === 0) {
    const flips = 1 + pick(16);
    for (let i = 0; i < flips; i++) out[pick(out.length)]! ^= 1 << pick(8);
    return { bytes: out, how: `翻转 ${flips} 位` };
  }
  if (kind === 1) {
    const at = pick(out.length);
    const length = 1 + pick(64);
    const value = INTERESTING[pick(INTERESTING.length)]!;
    out.fill(value, at, at + length);
    return { bytes: out, how: `覆盖 ${length} 字节` };
  }
  if (kind === 2) {
    const cut = pick(out.length);
    return { bytes: out.slice(0, cut), how: `截断到 ${cut} 字节` };
  }
  if (kind === 3) {
    const at = pick(out.length);
    const length = 1 + pick(Math.min(4096, out.length - at));
    const times = 1 + pick(8);
    const chunk = out.slice(at, at + length);
    const repeated = new Uint8Array(out.length + chunk.length * times);
    repeated.set(out.subarray(0, at + length));
    for (let i = 1; i <= times; i++) repeated.set(chunk, at + length * i);
    repeated.set(out.subarray(at + length), at + length * (times + 1));
    return { bytes: repeated, how: `重复 ${length} 字节 ${times} 次` };
  }
  if (kind === 4) {
    const a = pick(out.length);
    const b = pick(out.length);
    const length = Math.min(1 + pick(256), out.length - Math.max(a, b));
    const tmp = out.slice(a, a + length);
    out.copyWithin(a, b, b + length);
    out.set(tmp, b);
    return { bytes: out, how: `交换两段 ${length} 字节` };
  }
  if (kind === 5) {
    // Little-endian integers in headers (zip sizes, CFB sector ids, PDF offsets) set to extremes.
    const at = pick(Math.max(1, out.length - 4));
    const value = [0xffffffff, 0x7fffffff, 0, 0xfffffffe, 1][pick(5)]!;
    new DataView(out.buffer).setUint32(at, value, true);
    return { bytes: out, how: `整数 ${value.toString(16)}` };
  }
  const at = pick(out.length);
  const junk = new Uint8Array(1 + pick(512)).map(() => pick(256));
  const grown = new Uint8Array(out.length + junk.length);
  grown.set(out.subarray(0, at));
  grown.set(junk, at);
  grown.set(out.subarray(at), at + junk.length);
  return { bytes: grown, how: `插入 ${junk.length} 字节` };
}

const ENGLISH = /[A-Za-z]{3,}(?:Error|Exception)|Cannot |undefined|is not a function|Unexpected|Invalid |failed to/;

function classifyError(error: unknown): Outcome {
  if (!(error instanceof AppError)) return 'crash';
  if (error.status >= 500 || !/[\u4e00-\u9fff]/.test(error.message) || ENGLISH.test(error.message)) return 'crash';
  if (error.code === 'PAYLOAD_TOO_LARGE') return /内存超过/.test(error.message) ? 'timeout' : 'overLimit';
  if (/秒仍未完成/.test(error.message)) return 'timeout';
  return 'clear';
}

export interface FuzzDeps {
  db: Db;
  search: GazetteerSearch;
}

async function counts(db: Db): Promise<string> {
  const [{ books, sections }, { plans, tasks }] = await Promise.all([
    countBooksAndSections(db),
    countPlansAndTasks(db),
  ]);
  return `${books}/${sections}/${plans}/${tasks}`;
}

/** The importers act as the system, as the CLI's `plan import` and `books add` do. */
const FUZZ_ACTOR = systemActor('fuzz');

let saving: Promise<unknown> = Promise.resolve();

/** Saves run one at a time, so the row counts around a failed save show only what that save did. */
function serialized<T>(work: () => Promise<T>): Promise<T> {
  const next = saving.then(work, work);
  saving = next.catch(() => undefined);
  return next;
}

/** Runs one importer end to end (parse in its sandbox, then save), and says what happened. */
export async function tryImport(
  deps: FuzzDeps,
  seed: Seed,
  bytes: Uint8Array,
  watchdogMs: number,
): Promise<{ outcome: Outcome; detail: string }> {
  const run = async (): Promise<Outcome> => {
    let save: () => Promise<unknown>;
    if (seed.importer === 'plan') {
      const extracted = await extractTextIsolated(bytes, seed.fileName);
      const parse = await parsePlanIsolated(extracted.text, { defaultYear: 2024 });
      const units = resolveUnitNames(
        parse.sections.flatMap((s) => s.tasks.flatMap((t) => [...t.leadUnits, ...t.supportUnits])),
        [],
      );
      save = () =>
        importPlan(
          { db: deps.db, clock: systemClock, taskHistory: countTaskHistory },
          FUZZ_ACTOR,
          toImportRequest(parse, units, true),
          { kind: 'file', fileName: seed.fileName, bytes },
        );
    } else {
      const source = await readUploadedSourceIsolated(seed.fileName, bytes);
      save = () =>
        ingestBook(
          { db: deps.db, clock: systemClock, search: deps.search },
          FUZZ_ACTOR,
          { book: source.book, format: source.format, sourceName: source.sourceName },
          { type: '市县志' },
        );
    }
    return serialized(async (): Promise<Outcome> => {
      const before = await counts(deps.db);
      try {
        await save();
        return 'parsed';
      } catch (error) {
        // A refused save must leave no trace: the same rows, and an index that agrees with them.
        const after = await counts(deps.db);
        if (after !== before || (await findIndexMismatches({ db: deps.db, search: deps.search })).length > 0) {
          throw Object.assign(new Error(`${before} → ${after}`), { partial: true, cause: error });
        }
        throw error;
      }
    });
  };
  let timer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), watchdogMs);
  });
  try {
    return { outcome: await Promise.race([run(), watchdog]), detail: '' };
  } catch (error) {
    const partial = error instanceof Error && (error as Error & { partial?: boolean }).partial === true;
    const detail =
      error instanceof Error
        ? `${error.message}${partial && error.cause instanceof Error ? `: ${error.cause.message}` : ''}`
        : String(error);
    return { outcome: partial ? 'partialWrite' : classifyError(error), detail };
  } finally {
    clearTimeout(timer);
  }
}

export interface FuzzReport {
  rows: Map<string, Record<Outcome | 'tried', number>>;
  examples: { seed: string; how: string; outcome: Outcome; detail: string }[];
}

const OUTCOMES: Outcome[] = ['parsed', 'clear', 'overLimit', 'timeout', 'crash', 'hang', 'partialWrite'];

/** `count` mutated files spread over the seeds, `concurrency` at a time, reproducible from `seed`. */
export async function runFuzz(
  deps: FuzzDeps,
  options: {
    count: number;
    seed: number;
    concurrency?: number;
    watchdogMs?: number;
    onProgress?: (done: number, report: FuzzReport) => void;
  },
): Promise<FuzzReport> {
  const seeds = await loadSeeds();
  const random = createRandom(options.seed);
  const report: FuzzReport = { rows: new Map(), examples: [] };
  const jobs = Array.from({ length: options.count }, (_, i) => {
    const seed = seeds[i % seeds.length]!;
    let { bytes, how } = mutate(seed.bytes, random);
    // Now and then, mutate a mutant: deeper damage.
    if (random() < 0.3) {
      const again = mutate(bytes, random);
      bytes = again.bytes;
      how = `${how}；${again.how}`;
    }
    return { seed, bytes, how };
  });
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      const { outcome, detail } = await tryImport(deps, job.seed, job.bytes, options.watchdogMs ?? 180_000);
      const key = `${job.seed.importer === 'plan' ? '工作要点' : '书籍'} ${job.seed.fileName}`;
      const row =
        report.rows.get(key) ??
        (Object.fromEntries([['tried', 0], ...OUTCOMES.map((o) => [o, 0])]) as Record<Outcome | 'tried', number>);
      row.tried++;
      row[outcome]++;
      report.rows.set(key, row);
      if (
        ['crash', 'hang', 'partialWrite'].includes(outcome) ||
        (outcome === 'timeout' && report.examples.length < 50)
      ) {
        report.examples.push({ seed: job.seed.fileName, how: job.how, outcome, detail: detail.slice(0, 300) });
      }
      options.onProgress?.(++done, report);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 3 }, worker));
  return report;
}

const HEADINGS: [Outcome | 'tried', string][] = [
  ['tried', '尝试'],
  ['parsed', '正常导入'],
  ['clear', '明确报错'],
  ['overLimit', '超出上限'],
  ['timeout', '沙箱超时/超内存'],
  ['crash', '崩溃'],
  ['hang', '卡死'],
  ['partialWrite', '写了一半'],
];

/** The report as a plain-text table (one row per fixture, and a total). */
export function formatReport(report: FuzzReport): string {
  const total = Object.fromEntries(HEADINGS.map(([k]) => [k, 0])) as Record<Outcome | 'tried', number>;
  const lines = [['文件', ...HEADINGS.map(([, h]) => h)].join('\t')];
  for (const [key, row] of [...report.rows].sort()) {
    lines.push([key, ...HEADINGS.map(([k]) => String(row[k]))].join('\t'));
    for (const [k] of HEADINGS) total[k] += row[k];
  }
  lines.push(['合计', ...HEADINGS.map(([k]) => String(total[k]))].join('\t'));
  return lines.join('\n');
}
