import { describe, expect, it } from 'vitest';
import { formatSourceCitation, isClassified, parseFuzzyDate } from './compilation-sources.ts';

describe('parseFuzzyDate', () => {
  it.each([
    ['1985年', '1985-00-00'],
    ['1985年春', '1985-03-00'],
    ['1985年冬', '1985-12-00'],
    ['1985年3月', '1985-03-00'],
    ['1985年3月上旬', '1985-03-05'],
    ['1985年3月下旬', '1985-03-25'],
    ['1985年3月5日', '1985-03-05'],
    ['１９８５年３月５日', '1985-03-05'],
    ['1985-03-05', '1985-03-05'],
    ['1985.3', '1985-03-00'],
    ['1985年底', '1985-12-00'],
    ['1980年代', '1980-00-00'],
    ['20世纪80年代', '1980-00-00'],
  ])('%s sorts as %s', (raw, sort) => {
    expect(parseFuzzyDate(raw)?.sort).toBe(sort);
  });

  it('refuses what is not a time, and impossible dates', () => {
    for (const raw of ['', '那年冬天', '1985年13月', '1985年2月30日', '清初', '198a年'])
      expect(parseFuzzyDate(raw)).toBeNull();
  });

  it('orders fuzzy times the way a 长编 reads them', () => {
    const times = ['1985年4月', '1985年', '1985年春', '1984年12月31日', '1985年3月上旬'];
    const sorted = [...times].sort((a, b) => (parseFuzzyDate(a)!.sort < parseFuzzyDate(b)!.sort ? -1 : 1));
    expect(sorted).toEqual(['1984年12月31日', '1985年', '1985年春', '1985年3月上旬', '1985年4月']);
  });
});

describe('formatSourceCitation and 密级', () => {
  it('cites each kind with its own fields', () => {
    expect(
      formatSourceCitation({
        kind: 'oral',
        title: '建县亲历',
        fields: { narrator: '王某', interviewedAt: '2023年4月1日' },
      }),
    ).toBe('王某口述，2023年4月1日，《建县亲历》');
    expect(
      formatSourceCitation({
        kind: 'web',
        title: '县情',
        fields: { url: 'https://example.org/', accessedAt: '2023-04-01' },
      }),
    ).toBe('《县情》[EB/OL]. https://example.org/（2023-04-01访问）');
    expect(formatSourceCitation({ kind: 'statistics', title: '统计年鉴', fields: { caliber: '全口径' } })).toBe(
      '《统计年鉴》，统计口径：全口径',
    );
  });

  it('treats 秘密 and above as classified', () => {
    expect(['public', 'internal', 'secret', 'confidential', 'top_secret'].map((c) => isClassified(c as never))).toEqual(
      [false, false, true, true, true],
    );
  });
});
