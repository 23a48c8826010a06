/**
 * Parse speed of the Kanripo ingester on the whole shared corpus (../shared/corpus/kanripo): reading files is timed
 * apart from parsing. Run: `node bin/run-ts bench/ingest.bench.ts`.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseKanripoBook } from '../src/server/modules/gazetteer/ingest/kanripo.ts';
import { parseGaijiTable } from '../src/server/modules/gazetteer/ingest/kr-gaiji.ts';

const corpus = path.resolve(import.meta.dirname, '../../shared/corpus');
if (!existsSync(path.join(corpus, 'kanripo'))) {
  console.log(`未找到语料 ${corpus}，跳过。`);
  process.exit(0);
}
const gaiji = parseGaijiTable(readFileSync(path.join(corpus, 'kr-gaiji/charlist.org.txt'), 'utf8'));
const titles = readdirSync(path.join(corpus, 'kanripo'))
  .sort()
  .map((id) => {
    const dir = path.join(corpus, 'kanripo', id);
    const files = readdirSync(dir)
      .filter((name) => name.endsWith('.txt'))
      .map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }));
    return { id, files, readme: readFileSync(path.join(dir, 'Readme.org'), 'utf8') };
  });
const chars = titles.reduce((n, t) => n + t.files.reduce((m, f) => m + f.text.length, 0), 0);
const fileCount = titles.reduce((n, t) => n + t.files.length, 0);
const runs: number[] = [];
for (let run = 0; run < 5; run += 1) {
  const start = performance.now();
  for (const title of titles) parseKanripoBook(title.files, { gaiji, readme: title.readme });
  runs.push(performance.now() - start);
}
const best = Math.min(...runs);
const median = [...runs].sort((a, b) => a - b)[2] ?? best;
console.log(`${titles.length} titles, ${fileCount} files, ${(chars / 1e6).toFixed(1)} M chars`);
console.log(
  `parse: best ${best.toFixed(0)} ms (${(chars / best / 1000).toFixed(1)} M chars/s), median ${median.toFixed(0)} ms`,
);
