import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.ts';
import { buildDocumentsWorld, type World, WORLD_TIMEOUT } from '../../test/world.ts';
import { renderOfficialDocx } from './official-docx.ts';
import type { OfficialBlock } from './official-format.ts';
import { convertWithLibreOffice, findSoffice } from './render-with-libreoffice.ts';

/**
 * Renders the exported documents through LibreOffice and reads the PDF back: pages exist, the body is set 28 characters
 * a line and at most 22 lines a page, page numbers alternate sides. Set FANGZHI_KEEP_RENDER=DIR to keep the files.
 * (The .xlsx is read back with exceljs in documents.routes.test.ts; this machine's LibreOffice has no Calc to render it.)
 */
const soffice = findSoffice();
if (!soffice) console.warn('跳过 LibreOffice 渲染测试：未安装 soffice。');

interface PdfLine {
  y: number;
  x: number;
  text: string;
}

async function readPdf(file: string): Promise<PdfLine[][]> {
  const pdf = await getDocument({ data: new Uint8Array(fs.readFileSync(file)), useSystemFonts: false }).promise;
  const pages: PdfLine[][] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    const rows = new Map<number, { x: number; text: string }[]>();
    for (const item of content.items) {
      if (!('str' in item) || item.str === '') continue;
      const y = Math.round(item.transform[5] as number);
      rows.set(y, [...(rows.get(y) ?? []), { x: item.transform[4] as number, text: item.str }]);
    }
    pages.push(
      [...rows.entries()]
        .sort((a, b) => b[0] - a[0])
        .map(([y, items]) => ({
          y,
          x: Math.min(...items.map((i) => i.x)),
          text: items
            .sort((a, b) => a.x - b.x)
            .map((i) => i.text)
            .join(''),
        })),
    );
  }
  await pdf.destroy();
  return pages;
}

/** Width in character cells: half-width letters and digits count half. */
const cells = (text: string) =>
  [...text.replace(/\s/g, '')].reduce((n, ch) => n + (/[\x21-\x7e]/.test(ch) ? 0.5 : 1), 0);

// Generous per-test time: LibreOffice on a busy 2-core machine may wait for another conversion and then start slowly.
describe.skipIf(!soffice)('official documents rendered by LibreOffice', { timeout: 300_000 }, () => {
  let t: TestApp;
  let seeded: World;
  let leader: TestClient;
  const dir = process.env.FANGZHI_KEEP_RENDER ?? fs.mkdtempSync(path.join(os.tmpdir(), 'fz-render-'));

  beforeAll(async () => {
    fs.mkdirSync(dir, { recursive: true });
    t = await createTestApp('sqlite');
    seeded = await buildDocumentsWorld(t);
    leader = await seeded.user('leader', ['leader']);
  }, WORLD_TIMEOUT);
  afterAll(async () => {
    await t.close();
    if (!process.env.FANGZHI_KEEP_RENDER) fs.rmSync(dir, { recursive: true, force: true });
  });

  const exportTo = async (query: string, name: string) => {
    const res = await leader.request('GET', `/api/plans/${seeded.planId}/export?${query}`);
    expect(res.status).toBe(200);
    const file = path.join(dir, name);
    fs.writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
    return file;
  };

  it.each([['kind=summary&period=2024-H1', 'summary.docx', '上半年工作总结']])(
    '%s: pages of 22 lines × 28 characters, numbered — N — on alternating sides',
    async (query, name, title) => {
      const pdf = await convertWithLibreOffice(await exportTo(query, name), dir);
      const pages = await readPdf(pdf);
      expect(pages.length).toBeGreaterThan(1);
      expect(pages[0]!.map((l) => l.text).join('')).toContain(title);

      const numbers = pages.map((lines) => lines.find((l) => /^—\s*\d+\s*—$/.test(l.text.trim())));
      expect(numbers.every(Boolean)).toBe(true);
      numbers.forEach((line, i) => expect(line!.text.replace(/\s/g, '')).toBe(`—${i + 1}—`));
      // Odd pages on the right, even pages on the left (A4 is 595 pt wide).
      expect(numbers[0]!.x).toBeGreaterThan(400);
      expect(numbers[1]!.x).toBeLessThan(200);

      const body = pages.map((lines) => lines.filter((l) => !numbers.includes(l)));
      for (const lines of body) expect(lines.length).toBeLessThanOrEqual(22);
      // A full page (not the last) carries exactly 22 lines.
      // Pages before the last are full: 22 lines, or 21 when a heading moved on to stay with its paragraph (the exact
      // 22 × 28 grid is checked on plain text below).
      for (const lines of body.slice(1, -1)) expect(lines.length).toBeGreaterThanOrEqual(21);
      // A closing punctuation mark may hang past the margin (Word and LibreOffice both allow it), so it is not counted.
      expect(
        Math.max(...body.flat().map((l) => cells(l.text.trim().replace(/[，。；：、！？）》”]$/, '')))),
      ).toBeLessThanOrEqual(28);
    },
  );

  it('sets the bulletin under a red 版头 with its 文号, one compact table whose header repeats, then the paragraphs', async () => {
    const query = `kind=bulletin&period=2024-06&redHeader=1&docNumber=${encodeURIComponent('云志办通[2024]6号')}`;
    const pdf = await convertWithLibreOffice(await exportTo(query, 'bulletin.docx'), dir);
    const pages = await readPdf(pdf);
    const text = (n: number) => pages[n]!.map((l) => l.text.replace(/\s/g, '')).join('\n');
    // 版头: the mark on one line, the 文号 in 六角括号 under it, then the title.
    const first = pages[0]!.map((l) => l.text.replace(/\s/g, ''));
    expect(first[0]).toBe('云川市地方志编纂委员会文件');
    expect(first[1]).toBe('云志办通〔2024〕6号');
    expect(text(0)).toContain('落实情况的通报');
    const numbers = pages.map((lines) => lines.find((l) => /^—\s*\d+\s*—$/.test(l.text.trim())));
    numbers.forEach((line, i) => expect(line!.text.replace(/\s/g, '')).toBe(`—${i + 1}—`));
    // The table's header row is repeated on every page the table runs over; no page ends on the header alone.
    const withTable = pages.map((_, i) => i).filter((i) => text(i).includes('序号任务牵头单位状态完成进度'));
    expect(withTable.length).toBeGreaterThanOrEqual(1);
    for (const i of withTable) expect(text(i)).toMatch(/序号任务牵头单位状态完成进度\n.*\n?.*\d/);
    const all = pages.map((_, i) => text(i)).join('\n');
    for (const heading of [
      '一、总体情况',
      '二、任务进展一览',
      '三、本期变化',
      '四、需加快推进的单位',
      '五、领导批示和延期事项',
    ])
      expect(all).toContain(heading);
    // No prose per task any more: the long 分项进展 part is gone.
    expect(all).not.toContain('分项进展');
  });

  it('sets plain body text exactly 28 characters a line and 22 lines a page', async () => {
    // Our own filler: the ten heavenly stems and twelve earthly branches, repeated; no digits, so no Latin spacing.
    const stems = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥';
    const text = (n: number) => Array.from({ length: n }, (_, i) => stems[i % stems.length]).join('');
    const blocks: OfficialBlock[] = [{ kind: 'body', text: text(26 + 28 + 10) }];
    for (let i = 0; i < 40; i++) blocks.push({ kind: 'body', text: text(12) });
    const file = path.join(dir, 'grid.docx');
    fs.writeFileSync(
      file,
      await renderOfficialDocx({
        title: '版心测试',
        addressee: null,
        blocks,
        issuer: '某某委员会',
        date: '2024-07-05',
      }),
    );
    const pages = await readPdf(await convertWithLibreOffice(file, dir));
    const body = pages.map((lines) => lines.filter((l) => !/^—\s*\d+\s*—$/.test(l.text.trim())));
    // Title, blank line, then the long paragraph: 26 after the two-character indent, a full 28, the rest.
    const long = body[0]!
      .filter((l) => l.text.includes('甲') || l.text.includes('午'))
      .slice(0, 3)
      .map((l) => cells(l.text));
    expect(long).toEqual([26, 28, 10]);
    expect(body[1]!.length).toBe(22);
  });
});
