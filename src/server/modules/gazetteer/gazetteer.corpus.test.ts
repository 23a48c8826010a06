/**
 * The 省情数据库 end to end on real gazetteers (../shared, not part of the repository; skipped when absent), through the
 * command line a user would type: ingest, `books text --search-text`, and `search --json`. Every count the search
 * reports must equal a brute-force scan of the printed search text.
 *
 * By default KR2k0040 (欽定盛京通志, the Jilin title) and KR2k0130 are ingested (about 25 s in all). All ten titles
 * (20.9 M characters) take about 95 s, mostly printing and scanning the search texts, too long for `npm test`:
 * run them with `FANGZHI_CORPUS_ALL=1 npx vitest run src/server/modules/gazetteer/gazetteer.corpus.test.ts`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSearchResponse } from '../../../shared/gazetteer.ts';
import { openGazetteerSearch } from './open-search.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const corpus = path.resolve(repoRoot, '../shared/corpus');
const hasCorpus =
  existsSync(path.join(corpus, 'kanripo/KR2k0040')) && existsSync(path.join(corpus, 'kr-gaiji/charlist.org.txt'));
if (!hasCorpus) console.log(`未找到语料 ${corpus}，跳过省情数据库的真实古籍检索测试。`);

const ALL_TITLES = [
  'KR2k0038',
  'KR2k0040',
  'KR2k0041',
  'KR2k0042',
  'KR2k0044',
  'KR2k0046',
  'KR2k0047',
  'KR2k0049',
  'KR2k0052',
  'KR2k0130',
];
const TITLES = process.env.FANGZHI_CORPUS_ALL ? ALL_TITLES : ['KR2k0040', 'KR2k0130'];
const QUERIES = ['長白山', '寧古塔', '吉林', '山', '县志'];

function countOccurrences(text: string, term: string): number {
  let n = 0;
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) n++;
  return n;
}

describe.skipIf(!hasCorpus)('gazetteer database on the Kanseki Repository corpus (CLI)', () => {
  let dataDir: string;
  const cli = (...args: string[]) =>
    execFileSync(path.join(repoRoot, 'bin/fangzhi'), args, {
      cwd: repoRoot,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
  let folded: string[];
  let exact: string[];

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'fangzhi-corpus-'));
    const summary = cli(
      'books',
      'ingest',
      ...TITLES.map((id) => path.join(corpus, 'kanripo', id)),
      '--region',
      '220000',
      '--json',
    );
    const results = JSON.parse(summary) as { ok: boolean; book: { id: number } }[];
    expect(results.every((r) => r.ok)).toBe(true);
    const ids = results.map((r) => String(r.book.id));
    folded = ids.flatMap((id) =>
      cli('books', 'text', id, '--search-text')
        .split('\n')
        .filter((line) => line !== ''),
    );
    exact = ids.flatMap((id) =>
      cli('books', 'text', id, '--search-text', '--no-fold')
        .split('\n')
        .filter((line) => line !== ''),
    );
  }, 900_000);
  afterAll(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(QUERIES)(
    '%s: occurrences and matching sections equal a brute-force scan of --search-text',
    async (query) => {
      const { folder, index } = await openGazetteerSearch({
        path: ':memory:',
        gaijiFile: path.join(corpus, 'kr-gaiji/charlist.org.txt'),
      });
      await index.close();
      const term = folder.foldText(query);
      const expected = folded.reduce((n, line) => n + countOccurrences(line, term), 0);
      const sections = folded.filter((line) => line.includes(term)).length;
      const result = JSON.parse(cli('search', query, '--json', '--limit', '5')) as TSearchResponse;
      console.log(`${query}: ${result.total} 处 / ${result.sections} 节`);
      expect(result.total).toBe(expected);
      expect(result.sections).toBe(sections);
      if (query !== '县志') expect(expected).toBeGreaterThan(0);
    },
    300_000,
  );

  it('folds 寕古塔 (and 寜古塔) into 寧古塔, and the exact-glyph switch keeps them apart', async () => {
    const { folder, index } = await openGazetteerSearch({
      path: ':memory:',
      gaijiFile: path.join(corpus, 'kr-gaiji/charlist.org.txt'),
    });
    await index.close();
    expect(folder.foldText('寕古塔')).toBe(folder.foldText('寧古塔'));
    const variantExact = exact.reduce((n, line) => n + countOccurrences(line, '寕古塔'), 0);
    const plainExact = exact.reduce((n, line) => n + countOccurrences(line, '寧古塔'), 0);
    const all = JSON.parse(cli('search', '寧古塔', '--json', '--limit', '1')) as TSearchResponse;
    const onlyPlain = JSON.parse(cli('search', '寧古塔', '--json', '--limit', '1', '--no-fold')) as TSearchResponse;
    const onlyVariant = JSON.parse(cli('search', '寕古塔', '--json', '--limit', '1', '--no-fold')) as TSearchResponse;
    expect(onlyPlain.total).toBe(plainExact);
    expect(onlyVariant.total).toBe(variantExact);
    expect(all.total).toBeGreaterThanOrEqual(plainExact + variantExact);
    console.log(`寧古塔：折叠 ${all.total} 处；原字形 寧古塔 ${plainExact}、寕古塔 ${variantExact}`);
  }, 300_000);
});
