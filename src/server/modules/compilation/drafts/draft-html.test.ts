import { describe, expect, it } from 'vitest';
import { citedCardsByBlock, countChars, htmlToBlocks, htmlToPlainText, sanitizeDraftHtml } from './draft-html.ts';
import { diffTexts } from './diff-versions.ts';
import { imageSize } from './book-docx.ts';

describe('draft HTML', () => {
  it('keeps book structure and drops everything executable or foreign', () => {
    const dirty =
      '<h1 onclick="x()">概况</h1><p style="color:red">全省<b>粮食</b>总产<script>alert(1)</script>量<img src="x" onerror="alert(2)"><img src="data:image/png;base64,iVBORw0KGgo="></p><table><tr><th colspan="2" style="x">指标</th></tr><tr><td>产量</td><td>816亿斤</td></tr></table><iframe src="http://evil"></iframe><a href="javascript:alert(3)">链接</a>';
    const clean = sanitizeDraftHtml(dirty);
    expect(clean).not.toMatch(/script|onclick|onerror|iframe|javascript|style=/);
    expect(clean).toContain('<h2>概况</h2>');
    expect(clean).toContain('<strong>粮食</strong>');
    expect(clean).toContain('<th colspan="2">指标</th>');
    expect(clean).toContain('src="data:image/png;base64,iVBORw0KGgo="');
    expect(clean).not.toContain('src="x"');
    expect(htmlToPlainText(clean)).toBe('概况\n全省粮食总产量\n指标\n产量\t816亿斤\n链接');
  });

  it('keeps Word paste structure: spans dropped, paragraphs and lists kept', () => {
    const word =
      '<p class="MsoNormal"><span lang="ZH-CN" style="font-family:宋体">2023年，全省</span><o:p></o:p></p><ul><li>一项</li><li>二项</li></ul>';
    const blocks = htmlToBlocks(sanitizeDraftHtml(word));
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'paragraph', 'paragraph']);
    expect(blocks[1]).toMatchObject({ list: 'bullet' });
  });

  it('counts characters without whitespace and diffs by character', () => {
    expect(countChars('全省 粮食\n总产')).toBe(6);
    const d = diffTexts('2023年粮食总产量816亿斤。', '2023年全省粮食总产量837.3亿斤。');
    expect(
      d.segments
        .filter((s) => s.op === 'insert')
        .map((s) => s.text)
        .join(''),
    ).toContain('全省');
    expect(d.inserted).toBeGreaterThan(0);
    expect(d.deleted).toBeGreaterThan(0);
  });

  it('reads image sizes from PNG headers', () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAIAAAADCAYAAAC56t6BAAAAEklEQVR4nGP4z8DwHwyBDAYGAHanBPxEqQxvAAAAAElFTkSuQmCC',
      'base64',
    );
    expect(imageSize(png)).toEqual({ width: 2, height: 3 });
  });

  it('keeps card citations (provenance) as a numeric data-card only, out of the text but visible to the diff', () => {
    const clean = sanitizeDraftHtml(
      '<p>设县于1956年。<sup data-card="12" data-x="y" class="c">〔卡12〕</sup><sup data-card="12; drop">1</sup></p>' +
        '<table><tr><td>人口<sup data-card="7">〔卡7〕</sup></td></tr></table><p>无出处。</p>',
    );
    expect(clean).toContain('<sup data-card="12">〔卡12〕</sup>');
    expect(clean).toContain('<sup>1</sup>');
    expect(clean).not.toMatch(/data-x|class=|drop/);
    expect(htmlToPlainText(clean)).toBe('设县于1956年。1\n人口\n无出处。');
    expect(countChars(htmlToPlainText(clean))).toBe(16);
    expect(htmlToPlainText(clean, true)).toBe('设县于1956年。〔卡12〕1\n人口〔卡7〕\n无出处。');
    expect(citedCardsByBlock(clean).map((b) => b.cards)).toEqual([[12], [7], []]);
  });
});
