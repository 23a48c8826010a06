import { describe, expect, it } from 'vitest';
import { splitLines } from './classify-lines.ts';
import { parseDocumentDate, parseNotice } from './parse-notice.ts';

describe('parseDocumentDate', () => {
  it('reads arabic and Chinese-numeral dates', () => {
    expect(parseDocumentDate('2023年3月21日')).toBe('2023-03-21');
    expect(parseDocumentDate('2023 年 3 月 21 日')).toBe('2023-03-21');
    expect(parseDocumentDate('二〇二三年十二月三十一日')).toBe('2023-12-31');
    expect(parseDocumentDate('2023年13月1日')).toBeNull();
    expect(parseDocumentDate('2023年3月21日印发')).toBeNull();
  });
});

describe('parseNotice', () => {
  it('returns null without a notice title', () => {
    expect(parseNotice(splitLines('各处室：\n请认真落实。'))).toBeNull();
  });

  it('keeps 、 inside an addressee when commas separate them, and splits on 、 when there are no commas', () => {
    const withCommas = parseNotice(
      splitLines('关于印发工作要点的通知\n各市（州）、长白山管委会，各县（市、区）方志办：\n正文。'),
    );
    expect(withCommas?.addressees).toEqual(['各市（州）、长白山管委会', '各县（市、区）方志办']);
    const withPauses = parseNotice(splitLines('关于印发工作要点的通知\n办公室、研究室、资料处：\n正文。'));
    expect(withPauses?.addressees).toEqual(['办公室', '研究室', '资料处']);
  });
});
