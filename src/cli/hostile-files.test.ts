/** Issue 11 on the command line: `plan parse`/`plan import` and `books ingest` fail fast with clear Chinese errors. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cyclicSectorDoc, zipBomb } from '../server/test/hostile-files.ts';
import { runCli } from '../server/test/run-cli.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-cli-hostile-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const run = (args: string[]) =>
  runCli(args, { env: { DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '', LOG_LEVEL: 'silent' } });
const write = (name: string, bytes: Uint8Array) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
};

describe('bin/fangzhi with hostile files', () => {
  it(
    'plan parse and plan import on a cyclic .doc end with a Chinese error instead of hanging',
    { timeout: 240_000 },
    async () => {
      const doc = write('工作要点.doc', cyclicSectorDoc());
      for (const args of [
        ['plan', 'parse', doc],
        ['plan', 'import', doc, '--create-units'],
      ]) {
        const r = await run(args);
        expect(r.status, r.stderr).toBe(1);
        expect(r.stderr).toMatch(
          /^错误（(PAYLOAD_TOO_LARGE|UNPROCESSABLE_DOCUMENT)）：读取工作要点文件.*(内存超过 256 MB 的上限|超过 30 秒)/,
        );
        expect(r.stderr).not.toMatch(/at |Error:|FATAL/);
      }
    },
  );

  it('books ingest refuses zip bombs naming the limit and saves nothing', { timeout: 120_000 }, async () => {
    const epub = write('年鉴.epub', zipBomb('epub', 400, true));
    const zipFolder = write('KR9z9999.docx', zipBomb('docx', 400));
    const r = await run(['books', 'ingest', epub, zipFolder, '--type', '年鉴']);
    expect(r.status).toBe(1);
    const out = `${r.stdout}${r.stderr}`;
    expect(out).toMatch(/年鉴\.epub.*疑似压缩炸弹/);
    expect(out).toMatch(/KR9z9999\.docx.*(压缩比异常|超过单个文件 64 MB 的上限)/);
    expect((await run(['books', 'list', '--json'])).stdout.trim()).toBe('[]');
  });
});
