import { describe, expect, it } from 'vitest';
import { formatCitation, formatResponsibility, splitResponsibility } from './citation.ts';

describe('formatCitation (GB/T 7714-2015)', () => {
  it('cites a juan of an old gazetteer online: et al., unknown imprint, page anchor, access date and URL', () => {
    expect(
      formatCitation({
        number: 1,
        compiler: '阿桂等奉敕撰',
        title: '欽定盛京通志',
        sectionTitle: '卷二十七',
        edition: '文淵閣四庫全書本',
        year: 1779,
        page: '27-1a',
        accessed: '2026-11-24',
        url: 'http://host/library/books/1/sections/27#p-027-1a',
      }),
    ).toBe(
      '[1] 阿桂, 等. 欽定盛京通志: 卷二十七[M/OL]. 文淵閣四庫全書本. [出版地不详]: [出版者不详], 1779: 27-1a[2026-11-24]. http://host/library/books/1/sections/27#p-027-1a.',
    );
  });

  it('puts the reign year in round brackets after the Gregorian year', () => {
    const text = formatCitation({ compiler: '李某', title: '青岚縣志', year: 1705, period: '清康熙四十四年' });
    expect(text).toBe('李某. 青岚縣志[M]. [出版地不详]: [出版者不详], 1705(康熙四十四年).');
  });

  it('cites a modern chronicle with a corporate author, place and publisher; ISBN is not part of the form', () => {
    const text = formatCitation({
      compiler: '青岚县地方志编纂委员会',
      title: '青岚县志(1986—2005)',
      place: '长春',
      publisher: '吉林文史出版社',
      year: 2012,
      page: '125',
      edition: null,
    });
    expect(text).toBe('青岚县地方志编纂委员会. 青岚县志(1986—2005)[M]. 长春: 吉林文史出版社, 2012: 125.');
    expect(text).not.toContain('ISBN');
  });

  it('names at most three persons and then 等; role words are dropped', () => {
    expect(
      formatCitation({
        compiler: '张一、李二、王三、赵四 主编',
        title: '某年鉴',
        year: 2023,
        place: '长春',
        publisher: '某出版社',
      }),
    ).toBe('张一, 李二, 王三, 等. 某年鉴[M]. 长春: 某出版社, 2023.');
    expect(formatCitation({ compiler: '张一, 李二', title: '某志', year: 2020 })).toMatch(/^张一, 李二\. 某志\[M\]/);
  });

  it('starts with the title when nobody is named and marks an unknown year', () => {
    expect(formatCitation({ compiler: null, title: '龍沙紀略', accessed: '2026-01-02', url: 'http://x/y' })).toBe(
      '龍沙紀略[M/OL]. [出版地不详]: [出版者不详], [出版年不详][2026-01-02]. http://x/y.',
    );
  });
});

describe('helpers', () => {
  it('splits responsibility and keeps corporate names whole', () => {
    expect(splitResponsibility('阿桂等奉敕撰')).toEqual({ names: ['阿桂'], etAl: true });
    expect(splitResponsibility('吉林省地方志编纂委员会 编')).toEqual({
      names: ['吉林省地方志编纂委员会'],
      etAl: false,
    });
  });
  it('names contributors with their dynasty when the record has them, else the compiler field', () => {
    const bib = {
      contributors: [
        { name: '阿桂', dynasty: '清' },
        { name: '劉謹之', dynasty: '清' },
      ],
    };
    expect(formatResponsibility(bib, '阿桂等奉敕撰')).toBe('[清]阿桂、[清]劉謹之');
    expect(formatResponsibility({ contributors: [] }, '阿桂等奉敕撰')).toBe('阿桂等奉敕撰');
    expect(
      formatCitation({
        compiler: formatResponsibility(bib, null),
        title: '欽定盛京通志',
        sectionTitle: '卷十四',
        edition: '文淵閣四庫全書本',
        page: '葉2a 行3',
      }),
    ).toBe(
      '[清]阿桂, [清]劉謹之. 欽定盛京通志: 卷十四[M]. 文淵閣四庫全書本. [出版地不详]: [出版者不详], [出版年不详]: 葉2a 行3.',
    );
  });
});
