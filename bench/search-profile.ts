/**
 * `npm run bench:search-profile -- --data-dir DIR [--queries Q] [--seed S] [--workers W]` (or `node --cpu-prof bin/run-ts
 * bench/search-profile.ts …` for a CPU profile): where the time of a public search goes, in one thread. Opens a
 * DATA_DIR kept by `bench:search --keep` with the engine in this thread (no worker pool; `--workers W` puts it in a
 * pool of W threads as the server runs it, to compare), draws Han queries of 1, 2,
 * 3, 4 and 8 characters from random places of random sections, and runs each through `searchBooks` as an anonymous
 * reader (the public HTTP path without HTTP), twice: cold, then warm. Prints per length the p50 / p99 / max of the count alone (`index.count`), and of the whole search cold and
 * warm. With `--cpu-prof`, the profile shows which functions take that time. `--pause MS` sleeps that long before each
 * timed call, as the interleaved `bench:search` leaves an engine idle between its queries (a thread woken from sleep
 * answers slower than a busy one: its caches went to others meanwhile). `--mixed` searches every query once, cold, all
 * lengths in one shuffled order as `bench:search` does. `--from FILE` runs the queries of FILE instead (one a line, any
 * syntax: combinations too), each counted, then searched cold and warm, and prints each one's times; `--combos K` runs
 * K of each combination (AND, OR, NOT, NEAR) made as `bench:search` makes them, from the terms sampled here.
 */
import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import path from 'node:path';
import { sql } from 'kysely';
import { systemClock } from '../src/server/platform/clock.ts';
import { searchBooks } from '../src/server/modules/gazetteer/search-books.ts';
import { findSectionsWithText } from '../src/server/modules/gazetteer/gazetteer.repository.ts';
import { ZSearchParams } from '../src/shared/gazetteer.ts';
import { createRandom } from './search-corpus.ts';
import { benchEnv } from './search-setup.ts';
import { booleanQueries, fmt, percentile, readArg, readStringArg } from './search-texts.ts';
import { loadConfig } from '../src/server/config.ts';
import { openConfiguredDatabase, openSearchIndex } from '../src/server/main.ts';

const LENGTHS = [1, 2, 3, 4, 8];

async function main(): Promise<void> {
  const dataDir = path.resolve(readStringArg('data-dir') ?? '');
  const perLength = readArg('queries', 30);
  const pauseMs = readArg('pause', 0);
  const pause = () => (pauseMs > 0 ? new Promise((resolve) => setTimeout(resolve, pauseMs)) : Promise.resolve());
  const random = createRandom(readArg('seed', 7));
  const manifest = JSON.parse(readFileSync(path.join(path.dirname(dataDir), 'bench-manifest.json'), 'utf8')) as {
    gaijiFile: string | null;
  };
  const env = benchEnv(dataDir, manifest);
  const config = loadConfig(env, dataDir);
  const handle = await openConfiguredDatabase(config);
  const search = await openSearchIndex(config, { workers: readArg('workers', 0) });
  const db = handle.db;
  const ids = (await sql<{ id: number }>`SELECT id FROM book_section`.execute(db)).rows.map((r) => r.id);
  const han = /^\p{Script=Han}+$/u;
  const queries = new Map<number, string[]>();
  for (const length of LENGTHS) {
    const picked: string[] = [];
    while (picked.length < perLength) {
      const id = ids[Math.floor(random() * ids.length)] as number;
      const [row] = await findSectionsWithText(db, [id]);
      if (!row || row.text.length < 100) continue;
      const at = Math.floor(random() * (row.text.length - length * 2));
      const q = [...row.text.slice(at, at + length * 2)].slice(0, length).join('');
      if ([...q].length === length && han.test(q) && !picked.includes(q)) picked.push(q);
    }
    queries.set(length, picked);
  }
  const deps = { db, clock: systemClock, search };
  const from = readStringArg('from');
  const combos = readArg('combos', 0);
  if (from || combos > 0) {
    const lines = from
      ? readFileSync(from, 'utf8')
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
      : // As bench:search makes its combinations, from the terms sampled here.
        booleanQueries(queries, combos, createRandom(99)).map((b) => b.ours);
    const counts: number[] = [];
    const cold: number[] = [];
    const warm: number[] = [];
    console.log('| query | count ms | cold search ms | warm ms | hits | sections |\n|---|---|---|---|---|---|');
    for (const q of lines) {
      await pause();
      let t = performance.now();
      await search.index.count(q, { fold: true, filters: { publishedOnly: true } });
      counts.push(performance.now() - t);
      let r;
      for (const into of [cold, warm]) {
        await pause();
        t = performance.now();
        r = await searchBooks(deps, null, ZSearchParams.parse({ q }));
        into.push(performance.now() - t);
      }
      const [c, s1, s2] = [counts, cold, warm].map((xs) => fmt(xs[xs.length - 1] as number));
      console.log(`| \`${q}\` | ${c} | ${s1} | ${s2} | ${r?.total} | ${r?.sections} |`);
    }
    const stat = (xs: number[]) => `${fmt(percentile(xs, 50))} / ${fmt(percentile(xs, 99))}`;
    console.log(`p50 / p99: count ${stat(counts)}; cold ${stat(cold)}; warm ${stat(warm)}`);
    await search.index.close();
    await handle.close();
    return;
  }
  const rows: string[] = ['| chars | count p50 / p99 / max | cold search p50 / p99 / max | warm p50 / p99 / max |'];
  rows.push('|---|---|---|---|');
  const notes: string[] = [];
  const stat = (xs: number[]) => `${fmt(percentile(xs, 50))} / ${fmt(percentile(xs, 99))} / ${fmt(Math.max(...xs))}`;
  if (process.argv.includes('--mixed')) {
    // As bench:search orders them: every length mixed in one shuffled order, each query searched once (cold).
    const order = LENGTHS.flatMap((length) => (queries.get(length) ?? []).map((q) => ({ length, q })));
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as (typeof order)[number], order[i] as (typeof order)[number]];
    }
    const cold = new Map<number, number[]>(LENGTHS.map((l) => [l, []]));
    const clean = new Map<number, number[]>(LENGTHS.map((l) => [l, []]));
    // Garbage collections of this thread (with --workers 0, the engine's): a query during which one ran is left out of
    // the last column.
    const collections: { start: number; end: number }[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) collections.push({ start: e.startTime, end: e.startTime + e.duration });
    });
    observer.observe({ entryTypes: ['gc'] });
    const timed: { length: number; start: number; end: number }[] = [];
    for (const { length, q } of order) {
      await pause();
      const start = performance.now();
      await searchBooks(deps, null, ZSearchParams.parse({ q }));
      const end = performance.now();
      cold.get(length)?.push(end - start);
      timed.push({ length, start, end });
    }
    // The observer's entries arrive later, on the event loop.
    await new Promise((resolve) => setTimeout(resolve, 100));
    observer.disconnect();
    let gcMs = 0;
    for (const { length, start, end } of timed) {
      const during = collections.filter((c) => c.end > start && c.start < end);
      for (const c of during) gcMs += Math.min(c.end, end) - Math.max(c.start, start);
      if (during.length === 0) clean.get(length)?.push(end - start);
    }
    console.log(
      ['| chars | cold search, mixed order p50 / p99 / max | without a GC in it (queries) |', '|---|---|---|'].join(
        '\n',
      ),
    );
    for (const length of LENGTHS) {
      const c = clean.get(length) ?? [];
      console.log(`| ${length} | ${stat(cold.get(length) ?? [])} | ${stat(c)} (${c.length}) |`);
    }
    console.log(`GC during queries: ${fmt(gcMs)} ms in all`);
    // The slowest queries searched again: a query slow again is slow by itself, one fast again met a stall.
    const slowest = timed
      .map((t, i) => ({ ...t, q: (order[i] as (typeof order)[number]).q, ms: t.end - t.start }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 8);
    for (const s of slowest) {
      await pause();
      const t = performance.now();
      const r = await searchBooks(deps, null, ZSearchParams.parse({ q: s.q }));
      console.log(
        `slowest: ${s.q} ${fmt(s.ms)} ms, again ${fmt(performance.now() - t)} ms (${r.total} hits, ${r.sections} sections)`,
      );
    }
    await search.index.close();
    await handle.close();
    return;
  }
  for (const length of LENGTHS) {
    const counts: number[] = [];
    const cold: number[] = [];
    const warm: number[] = [];
    const slowest: { q: string; ms: number; total: number; sections: number }[] = [];
    for (const q of queries.get(length) ?? []) {
      await pause();
      let t = performance.now();
      await search.index.count(q, { fold: true, filters: { publishedOnly: true } });
      counts.push(performance.now() - t);
      for (const into of [cold, warm]) {
        await pause();
        t = performance.now();
        const r = await searchBooks(deps, null, ZSearchParams.parse({ q }));
        into.push(performance.now() - t);
        if (into === cold)
          slowest.push({ q, ms: into[into.length - 1] as number, total: r.total, sections: r.sections });
      }
    }
    rows.push(`| ${length} | ${stat(counts)} | ${stat(cold)} | ${stat(warm)} |`);
    slowest.sort((a, b) => b.ms - a.ms);
    notes.push(
      `${length} 字最慢（冷）：` +
        slowest
          .slice(0, 3)
          .map((x) => `${x.q} ${fmt(x.ms)} ms（${x.total} 次，${x.sections} 节）`)
          .join('；'),
    );
  }
  console.log([...rows, '', ...notes].join('\n'));
  await search.index.close();
  await handle.close();
}

await main();
