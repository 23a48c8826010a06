import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { missingServerFlags, SERVER_NODE_FLAGS } from './node-flags.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('server node flags', () => {
  it('are on bin/fangzhi’s #! line and in npm start', () => {
    const shebang = readFileSync(path.join(root, 'bin/fangzhi'), 'utf8').split('\n')[0] as string;
    const scripts = (
      JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    for (const flag of SERVER_NODE_FLAGS) {
      expect(shebang).toContain(` ${flag}`);
      expect(scripts.start).toContain(`node ${SERVER_NODE_FLAGS.join(' ')} bin/fangzhi serve`);
      // The benchmarks that run the service in their own process (the ingest) run it as the server does.
      for (const name of ['bench:search', 'bench:load', 'bench:search-profile']) expect(scripts[name]).toContain(flag);
    }
  });

  it('finds a flag missing, given on the command line, or given in NODE_OPTIONS', () => {
    expect(missingServerFlags([], '')).toEqual([...SERVER_NODE_FLAGS]);
    expect(missingServerFlags([...SERVER_NODE_FLAGS], '')).toEqual([]);
    expect(missingServerFlags([], `--import x.mjs ${SERVER_NODE_FLAGS.join(' ')}`)).toEqual([]);
    // Another value is the operator's choice, not a missing flag; underscores are V8's other spelling.
    expect(missingServerFlags(['--max-semi-space-size=8'], '')).toEqual([]);
    expect(missingServerFlags(['--max_semi_space_size=4'], '')).toEqual([]);
    expect(missingServerFlags(['--max-old-space-size=4096'], '--inspect')).toEqual([...SERVER_NODE_FLAGS]);
  });
});
