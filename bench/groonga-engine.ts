/**
 * Groonga (Debian `groonga-bin`) as a benchmark peer: one long-running `groonga` process fed commands on stdin, one
 * JSON answer per line, so query latency excludes process start. It gets the already-folded search text (its own
 * normaliser differs from ours) with TokenBigramSplitSymbolAlphaDigit, and reports matching sections (Groonga has no
 * per-occurrence count).
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createFolder, getDefaultFolder } from '../src/server/modules/gazetteer/search/fold.ts';
import { buildSearchText } from '../src/server/modules/gazetteer/search/search-text.ts';
import type { IndexedSection } from '../src/server/modules/gazetteer/search/search-index.ts';
import type { BenchEngine } from './search-engines.ts';

/** Installs groonga-bin when missing; returns false when it still is not available. */
export function ensureGroonga(): boolean {
  if (spawnSync('groonga', ['--version']).status === 0) return true;
  console.log('未找到 groonga，正在安装 groonga-bin …');
  spawnSync('apt-get', ['install', '-y', 'groonga-bin'], { stdio: 'inherit' });
  return spawnSync('groonga', ['--version']).status === 0;
}

export function createGroongaEngine(
  dir: string,
  variants: [string, string][],
): BenchEngine & { peakRssBytes(): number } {
  const dbPath = path.join(dir, 'groonga', 'db');
  spawnSync('mkdir', ['-p', path.dirname(dbPath)]);
  const child: ChildProcessWithoutNullStreams = spawn('groonga', ['-n', dbPath], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const send = (command: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      waiting.push((line) => {
        const answer = JSON.parse(line) as [[number, number, number, string?], unknown];
        if (answer[0][0] !== 0) reject(new Error(`groonga: ${answer[0][3] ?? 'error'}`));
        else resolve(answer[1]);
      });
      child.stdin.write(`${command}\n`);
    });
  const nHits = (body: unknown): number => (body as [[[number]]])[0][0][0];
  const keys = (body: unknown): number[] =>
    ((body as [[[number], unknown, ...[number, string][]]])[0].slice(2) as [number, string][]).map((r) => r[0]);
  return {
    name: 'Groonga (TokenBigram)',
    async ingest(sections: IndexedSection[]) {
      const folder = variants.length > 0 ? createFolder(variants) : getDefaultFolder();
      await send('table_create Docs TABLE_HASH_KEY UInt32');
      await send('column_create Docs body COLUMN_SCALAR LongText');
      await send('column_create Docs region COLUMN_SCALAR ShortText');
      await send(
        'table_create Terms TABLE_PAT_KEY ShortText --default_tokenizer TokenBigramSplitSymbolAlphaDigit --normalizer NormalizerAuto',
      );
      await send('column_create Terms docs_body COLUMN_INDEX|WITH_POSITION Docs body');
      for (let i = 0; i < sections.length; i += 200) {
        const batch = sections.slice(i, i + 200).map((s) => ({
          _key: s.sectionId,
          body: buildSearchText(s.text, folder).text,
          region: s.facets.region ?? '',
        }));
        await send(`load --table Docs --values ${quoteValue(JSON.stringify(batch))}`);
      }
    },
    async indexBytes() {
      // Everything in the database directory except the stored text column.
      const bodyPath = (await send('object_inspect Docs.body')) as { value?: { id?: number } };
      const bodyId = bodyPath.value?.id;
      let bytes = 0;
      for (const name of readdirSync(path.dirname(dbPath))) {
        if (bodyId !== undefined && name.startsWith(`db.${bodyId.toString(16).toUpperCase().padStart(7, '0')}`))
          continue;
        bytes += statSync(path.join(path.dirname(dbPath), name)).size;
      }
      return bytes;
    },
    async count(query) {
      const body = await send(
        `select Docs --match_columns body --query ${quoteValue(`"${query}"`)} --limit 0 --output_columns _key`,
      );
      return { total: null, sections: nHits(body), shown: [] };
    },
    async top(query, filters) {
      const filter = filters?.regions
        ? ` --filter ${quoteValue(`in_values(region, ${filters.regions.map((r) => JSON.stringify(r)).join(', ')})`)}`
        : '';
      const body = await send(
        `select Docs --match_columns body --query ${quoteValue(`"${query}"`)}${filter} --limit 20 --sort_keys -_score,_key --output_columns '_key, snippet_html(body)' --command_version 2`,
      );
      return { total: null, sections: nHits(body), shown: keys(body) };
    },
    peakRssBytes() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = /VmHWM:\s+(\d+)/.exec(status)?.[1];
        return kb ? Number(kb) * 1024 : 0;
      } catch {
        return 0;
      }
    },
    async close() {
      await send('quit').catch(() => undefined);
      child.kill();
    },
  };
}

/** A value for the groonga command line: single-quoted, backslash-escaped. */
function quoteValue(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
