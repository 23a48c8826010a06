import { existsSync, mkdtempSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGaijiTable, readSource } from './read-source.ts';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const sampleTable = path.join(fixtures, 'kanripo/charlist-sample.txt');
const noEnv = {};
const scratch = (): string => mkdtempSync(path.join(tmpdir(), 'fangzhi-ingest-'));

describe('readSource', () => {
  it.each([
    ['plain-utf8.txt', 'text', '青岚县志（1990—2020）'],
    ['plain-gb18030.txt', 'text', '青岚县志（1990—2020）'],
    ['sample.md', 'markdown', '青岚县年鉴（2023）'],
    ['sample.docx', 'docx', '青岚县志'],
    ['sample.epub', 'epub', '云岭市年鉴（2022）'],
    ['sample.pdf', 'pdf', '青岚县志'],
  ])('reads %s as %s', async (name, format, title) => {
    const result = await readSource(name, { cwd: fixtures, env: noEnv });
    expect(result.format).toBe(format);
    expect(result.sourcePath).toBe(path.join(fixtures, name));
    expect(result.book.metadata.title).toBe(title);
    expect(result.book.sections.length).toBeGreaterThan(1);
  });

  it('reads a Kanripo folder as one book, with the glyph table named by option', async () => {
    const { book, format } = await readSource(path.join(fixtures, 'kanripo/KR9z0001'), {
      gaijiFile: sampleTable,
      env: noEnv,
      cwd: tmpdir(),
    });
    expect(format).toBe('kanripo');
    expect(book.metadata.sourceId).toBe('KR9z0001');
    expect(book.sections).toHaveLength(5);
    expect(book.sections[2]?.text).toContain('㵎水');
  });

  it('finds the glyph table through FANGZHI_KR_GAIJI, and without one marks glyphs 〓 once per code', async () => {
    const folder = path.join(fixtures, 'kanripo/KR9z0001');
    const viaEnv = await readSource(folder, { env: { FANGZHI_KR_GAIJI: sampleTable }, cwd: tmpdir() });
    expect(viaEnv.book.sections[2]?.text).toContain('㵎水');
    const without = await readSource(folder, { env: noEnv, cwd: tmpdir(), defaultGaijiFile: null });
    expect(without.book.sections[2]?.text).toContain('〓水');
    expect(without.book.warnings.filter((w) => w.includes('缺字表'))).toHaveLength(3);
  });

  it('reads one juan file alone as a one-juan book', async () => {
    const { book, format } = await readSource(path.join(fixtures, 'kanripo/KR9z0002_003.txt'), { env: noEnv });
    expect(format).toBe('kanripo');
    expect(book.sections.map((s) => s.title)).toEqual(['卷三']);
  });

  it('says in Chinese which file is missing, empty, unsupported or corrupt', async () => {
    const dir = scratch();
    writeFileSync(path.join(dir, '空.txt'), '');
    writeFileSync(path.join(dir, '表.xls'), 'x');
    writeFileSync(path.join(dir, '旧.doc'), 'x');
    writeFileSync(path.join(dir, '坏.docx'), 'not a zip');
    mkdirSync(path.join(dir, '杂项'));
    copyFileSync(path.join(fixtures, 'sample.md'), path.join(dir, '杂项', 'a.md'));
    const expectError = (name: string, code: string, pattern: RegExp) =>
      expect(readSource(name, { cwd: dir, env: noEnv })).rejects.toMatchObject({
        code,
        message: expect.stringMatching(pattern),
      });
    await expectError('无此文件.txt', 'NOT_FOUND', /找不到.*无此文件\.txt/);
    await expectError('空.txt', 'UNPROCESSABLE_DOCUMENT', /空\.txt.*空文件/);
    await expectError('表.xls', 'UNSUPPORTED_FILE', /表\.xls.*\.xls.*可导入/);
    await expectError('旧.doc', 'UNSUPPORTED_FILE', /旧\.doc.*另存为 \.docx/);
    await expectError('坏.docx', 'UNPROCESSABLE_DOCUMENT', /坏\.docx.*已损坏/);
    await expectError('杂项', 'UNSUPPORTED_FILE', /杂项.*没有汉籍リポジトリ格式的卷文件/);
    await expect(
      readSource('x.txt', { gaijiFile: '/no/such/charlist.txt', cwd: fixtures, env: noEnv }).catch((e: unknown) => e),
    ).resolves.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

const repoRoot = path.resolve(import.meta.dirname, '../../../../..');
const corpusTitle = path.resolve(repoRoot, '../shared/corpus/kanripo/KR2k0130');
if (!existsSync(corpusTitle)) console.log('未找到 ../shared 语料，跳过默认缺字表路径的测试。');

describe.skipIf(!existsSync(corpusTitle))('readSource with the shared corpus', () => {
  it('finds the glyph table at ../shared beside the installation by default, whatever the working folder', async () => {
    for (const cwd of [repoRoot, tmpdir()]) {
      const { book } = await readSource(corpusTitle, { cwd, env: noEnv });
      expect(book.metadata.title).toBe('龍沙紀略');
      expect(book.warnings.some((w) => w.includes('未提供缺字表'))).toBe(false);
    }
    // The folding of the index comes from the same table: a command run from another folder folds as the server does.
    const here = await loadGaijiTable({ cwd: repoRoot, env: noEnv });
    const elsewhere = await loadGaijiTable({ cwd: tmpdir(), env: noEnv });
    expect(here).not.toBeNull();
    expect(elsewhere).toEqual(here);
  });
});
