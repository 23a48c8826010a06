import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { renderOfficialDocx } from './official-docx.ts';
import { computeDocGrid, formatOfficialDate, signatureIndents } from './official-format.ts';

async function open(bytes: Uint8Array) {
  const zip = await JSZip.loadAsync(bytes);
  const read = async (name: string) => (await zip.file(name)?.async('string')) ?? '';
  return { zip, read };
}

const sample = () =>
  renderOfficialDocx({
    title: '关于某项工作进展情况的通报',
    addressee: '委内各处室、直属事业单位',
    blocks: [
      { kind: 'body', text: '现将有关情况通报如下：' },
      { kind: 'heading1', text: '一、总体进展' },
      { kind: 'heading2', text: '（一）编纂工作' },
      { kind: 'heading3', text: '1.完成某志终审。', follow: '已召开终审会议。' },
    ],
    issuer: '某市地方志编纂委员会',
    date: '2023-07-05',
  });

describe('official .docx (GB/T 9704-2012)', () => {
  it('sets A4 with margins of 37/35/28/26 mm and a 22 × 28 grid', async () => {
    const { read } = await open(await sample());
    const doc = await read('word/document.xml');
    expect(doc).toContain('<w:pgSz w:w="11906" w:h="16838"');
    expect(doc).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(doc).toContain('<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-842"/>');
    const grid = computeDocGrid();
    expect(Math.floor(grid.textHeight / grid.linePitch)).toBe(22);
    // The cell is 16 pt + charSpace/4096 pt; 28 cells fill the line, 29 do not.
    const cell = (16 + grid.charSpace / 4096) * 20;
    expect(28 * cell).toBeLessThanOrEqual(grid.textWidth);
    expect(29 * cell).toBeGreaterThan(grid.textWidth);
  });

  it('names the office fonts and sizes: 2号 title, 3号 body, 黑体 / 楷体 headings', async () => {
    const { read } = await open(await sample());
    const styles = await read('word/styles.xml');
    const style = (id: string) =>
      new RegExp(`<w:style [^>]*w:styleId="${id}">[\\s\\S]*?</w:style>`).exec(styles)?.[0] ?? '';
    expect(style('OfficialTitle')).toContain('w:eastAsia="方正小标宋简体"');
    expect(style('OfficialTitle')).toContain('<w:sz w:val="44"/>');
    expect(style('OfficialTitle')).toContain('<w:jc w:val="center"/>');
    expect(style('OfficialBody')).toContain('w:eastAsia="仿宋_GB2312"');
    expect(style('OfficialBody')).toContain('<w:sz w:val="32"/>');
    expect(style('OfficialBody')).toContain('w:line="579" w:lineRule="exact"');
    expect(style('OfficialHeading1')).toContain('w:eastAsia="黑体"');
    expect(style('OfficialHeading2')).toContain('w:eastAsia="楷体_GB2312"');
    expect(style('OfficialHeading3')).toContain('w:eastAsia="仿宋_GB2312"');
    // The schema's order inside w:pPr: widowControl, snapToGrid, spacing.
    expect(style('OfficialBody')).toMatch(/<w:widowControl w:val="0"\/><w:snapToGrid w:val="0"\/><w:spacing /);
  });

  it('numbers pages "— N —" in 4号宋体, odd pages right and even pages left', async () => {
    const { read } = await open(await sample());
    expect(await read('word/settings.xml')).toContain('<w:evenAndOddHeaders/>');
    const doc = await read('word/document.xml');
    const rels = await read('word/_rels/document.xml.rels');
    const footerFile = (type: string) => {
      const id = new RegExp(`<w:footerReference w:type="${type}" r:id="(rId\\d+)"`).exec(doc)?.[1];
      return `word/${new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)?.[1]}`;
    };
    const odd = await read(footerFile('default'));
    const even = await read(footerFile('even'));
    for (const footer of [odd, even]) {
      expect(footer).toMatch(/— <\/w:t>[\s\S]*PAGE[\s\S]*<w:t xml:space="preserve"> —/);
      expect(footer).toContain('w:eastAsia="宋体"');
      expect(footer).toContain('<w:sz w:val="28"/>');
    }
    expect(odd).toContain('<w:jc w:val="right"/>');
    expect(even).toContain('<w:jc w:val="left"/>');
  });

  it('keeps the order 标题 → 主送 → body → 署名 → 成文日期, with the date in Arabic numerals', async () => {
    const { read } = await open(await sample());
    const text = [...(await read('word/document.xml')).matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
      .map((m) => m[1])
      .join('|');
    expect(text).toBe(
      '关于某项工作进展情况的通报|委内各处室、直属事业单位：|现将有关情况通报如下：|一、总体进展|（一）编纂工作|1.完成某志终审。|已召开终审会议。|某市地方志编纂委员会|2023年7月5日',
    );
  });

  it('writes 成文日期 without leading zeros and places it two characters right of the issuer', () => {
    expect(formatOfficialDate('2023-07-05')).toBe('2023年7月5日');
    expect(formatOfficialDate('2024-12-31')).toBe('2024年12月31日');
    // 10-character issuer, 6-cell date (half-width digits count half): the date starts two characters further right.
    expect(signatureIndents('某市地方志编纂委员会', '2023年7月5日')).toEqual({ issuerRight: 2, dateRight: 4 });
    // A short issuer: the date keeps two characters from the right and the issuer moves left.
    expect(signatureIndents('某办', '2023年12月31日')).toEqual({ issuerRight: 9, dateRight: 2 });
  });
});
