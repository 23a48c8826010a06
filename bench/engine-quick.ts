// scratch: engine-only quick check (not committed)
import { rmSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { generateScaledCorpus, readGeneratedBook, findCorpusRoot, createRandom } from './search-corpus.ts';
import { PostingEngine } from '../src/server/modules/gazetteer/search/posting-index.ts';
import { stripLayout } from '../src/server/modules/gazetteer/search/search-text.ts';

const scale = Number(process.argv[2] ?? 1);
const dir = `/work/perf/corpus-${scale}`;
const root = findCorpusRoot(path.resolve('.'))!;
const corpus = existsSync(dir + '/done') ? null : generateScaledCorpus(root, scale, dir);
if (corpus) (await import('node:fs')).writeFileSync(dir + '/done', JSON.stringify(corpus));
const c = corpus ?? JSON.parse((await import('node:fs')).readFileSync(dir + '/done', 'utf8'));
const file = `/work/perf/idx-${scale}.sqlite`;
const rebuild = process.argv[3] !== 'keep';
if (rebuild) for (const f of [file, file + '-wal', file + '-shm']) rmSync(f, { force: true });
const texts = new Map<number, string>();
const engine = new PostingEngine({ path: file, extraVariants: c.variants, texts: (ids) => new Map(ids.map((id) => [id, texts.get(id)!])) });
let sid = 1;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let batch: { bookId: number; sections: any[] }[] = [];
let batchChars = 0;
for (const [i, b] of c.books.entries()) {
  const g = readGeneratedBook(b.file);
  const sections = g.book.sections.map((s: any) => {
    const id = sid++;
    texts.set(id, s.text);
    return { sectionId: id, bookId: i + 1, text: s.text, facets: { type: '省志', region: g.region, period: null, year: g.year, title: g.book.metadata.title, published: true } };
  });
  if (!rebuild) continue;
  batch.push({ bookId: i + 1, sections });
  batchChars += b.chars;
  if (batchChars > 8_000_000) { engine.indexBooks(batch); batch = []; batchChars = 0; }
}
if (rebuild && batch.length) engine.indexBooks(batch);
const tb = performance.now();
let merges = 0;
if (rebuild) while (engine.mergeSegments()) merges++;
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
console.log(`chars ${(c.chars / 1e6).toFixed(1)}M textBytes ${(c.textBytes / 1e6).toFixed(0)}MB build ${((tb - t0) / 1000).toFixed(1)}s merge ${merges} total ${wall.toFixed(1)}s cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1)}s  => ${(c.chars / wall / 1e6).toFixed(2)} M/s`);
const size = statSync(file).size + (existsSync(file + '-wal') ? statSync(file + '-wal').size : 0);
console.log(`index ${(size / 1e6).toFixed(0)} MB = ${(size / c.textBytes).toFixed(2)}x text; rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
// queries sampled from texts
const random = createRandom(7);
const all = [...texts.values()];
for (const len of [1, 2, 3, 4, 8]) {
  const qs: string[] = [];
  while (qs.length < 40) {
    const t = stripLayout(all[Math.floor(random() * all.length)]!);
    const at = Math.floor(random() * Math.max(1, t.length - len));
    const q = [...t.slice(at, at + len * 2)].slice(0, len).join('');
    if ([...q].length === len && !/[\p{P}\s]/u.test(q)) qs.push(q);
  }
  const times: number[] = [];
  let totals = 0;
  for (const q of qs) {
    const s = performance.now();
    const r = await engine.search(q, { filters: { publishedOnly: true }, limit: 20, snippetChars: 40 });
    const el = performance.now() - s; times.push(el);
    if (el > 25) { const s2 = performance.now(); await engine.search(q, { filters: { publishedOnly: true }, limit: 20, snippetChars: 40 }); const c1 = performance.now(); await engine.count(q, { filters: { publishedOnly: true } }); console.log('slow', q, el.toFixed(0), 'again', (c1 - s2).toFixed(0), 'count', (performance.now() - c1).toFixed(0), 'total', r.total, 'sections', r.sections); }
    totals += r.total;
  }
  times.sort((a, b) => a - b);
  console.log(`len ${len}: p50 ${times[20]!.toFixed(1)} ms p90 ${times[36]!.toFixed(1)} max ${times[39]!.toFixed(1)}  avg total ${(totals / 40).toFixed(0)}`);
}
await engine.close();
