import { describe, expect, it } from 'vitest';
import { convertToSimplified, foldForMatching, normalizeText } from './normalize-text.ts';

describe('normalizeText', () => {
  it('keeps traditional characters as written; the folded copy is simplified and of the same length', () => {
    const written = normalizeText('1.編纂《年鑑》。(研究室牽頭,資料處配合)');
    expect(written).toBe('1.編纂《年鑑》。（研究室牽頭，資料處配合）');
    expect(foldForMatching(written)).toBe('1.编纂《年鉴》。（研究室牵头，资料处配合）');
    expect(foldForMatching('（辦公室負責）做好檔案數字化工作')).toBe('（办公室负责）做好档案数字化工作');
  });

  it('leaves simplified text with a stray traditional-looking name alone', () => {
    expect(normalizeText('指导乾安县开展工作')).toBe('指导乾安县开展工作');
    expect(convertToSimplified('乾安縣誌編纂工作全面啟動')).toBe('乾安县志编纂工作全面启动');
  });

  it('turns ASCII and full-width forms into one style', () => {
    expect(normalizeText('1. 完成志稿(研究室牵头,办公室配合):６月底前')).toBe(
      '1.完成志稿（研究室牵头，办公室配合）：6月底前',
    );
    expect(normalizeText('增长６．２％左右，收藏1,000册')).toBe('增长6.2%左右，收藏1,000册');
    expect(normalizeText('完成3-5部，3～5场')).toBe('完成3—5部，3—5场');
    expect(normalizeText('开展"方志进校园"活动')).toBe('开展“方志进校园”活动');
  });

  it('removes stray spaces, full-width spaces, BOM and blank lines', () => {
    expect(normalizeText('\ufeff\u3000\u3000一、 依法 治志 工作 \r\n\r\n\r\n　　1．做好 2023 年 工作')).toBe(
      '一、依法治志工作\n1．做好2023年工作',
    );
  });

  it('removes PDF page numbers in their common forms', () => {
    const text = [
      '1.第一项工作。（办公室）',
      '— 3 —',
      '2.第二项工作。（办公室）',
      '- 4 -',
      '第5页',
      '第 6 页 共 9 页',
      '3.第三项工作。（办公室）',
    ].join('\n');
    expect(normalizeText(text)).toBe('1.第一项工作。（办公室）\n2.第二项工作。（办公室）\n3.第三项工作。（办公室）');
  });

  it('removes running headers repeated on every page of a paginated text', () => {
    const page = (n: number, body: string): string[] => ['云川市方志委文件', body, `— ${n} —`];
    const text = [
      ...page(1, '1.第一项工作。（办公室）'),
      ...page(2, '2.第二项工作。（办公室）'),
      ...page(3, '3.第三项工作。（办公室）'),
    ].join('\n');
    expect(normalizeText(text)).toBe('1.第一项工作。（办公室）\n2.第二项工作。（办公室）\n3.第三项工作。（办公室）');
  });

  it('re-joins hard-wrapped lines into their item but not into the next item or a unit line', () => {
    const text = [
      '1.加大方志馆图书收藏力度，计划购买地方志书、年鉴和地',
      '情文献2000册，力争到年底图书馆藏量达到17万册。（方',
      '志馆）',
      '2.组织整理影印旧方志图书，丰富全省地方志工作机构旧方',
      '志资料。',
      '牵头单位：资料处',
    ].join('\n');
    expect(normalizeText(text).split('\n')).toEqual([
      '1.加大方志馆图书收藏力度，计划购买地方志书、年鉴和地情文献2000册，力争到年底图书馆藏量达到17万册。（方志馆）',
      '2.组织整理影印旧方志图书，丰富全省地方志工作机构旧方志资料。',
      '牵头单位：资料处',
    ]);
  });

  it('keeps short lines such as an issuer and a date apart', () => {
    expect(normalizeText('吉林省地方志编纂委员会\n2023年3月21日').split('\n')).toHaveLength(2);
  });

  it('keeps table rows as tab-separated cells, and joins letter-spaced headings', () => {
    expect(normalizeText('序号 \t 工作任务\t牵头单位')).toBe('序号\t工作任务\t牵头单位');
    expect(normalizeText('工\t作\t要\t点')).toBe('工作要点');
  });
});
