import { describe, expect, it } from 'vitest';
import { openSearchEngine } from './open-search.ts';

describe('openSearchEngine', () => {
  it('refuses a search cache size that is not a whole number of at least a million characters, naming the variable', async () => {
    for (const value of ['abc', '1000', '-5']) {
      await expect(openSearchEngine(':memory:', [], { env: { FANGZHI_SEARCH_CACHE_CHARS: value } })).rejects.toThrow(
        /FANGZHI_SEARCH_CACHE_CHARS 应为不小于 1000000 的整数/,
      );
    }
  });

  it('refuses a scan limit that is not a whole number of at least a million characters, naming the variable', async () => {
    for (const value of ['10M', '999999']) {
      await expect(openSearchEngine(':memory:', [], { env: { FANGZHI_SEARCH_SCAN_CHARS: value } })).rejects.toThrow(
        /FANGZHI_SEARCH_SCAN_CHARS 应为不小于 1000000 的整数/,
      );
    }
  });

  it('takes the scan limit from the environment: a NEAR of two single characters over a million characters is refused', async () => {
    const section = {
      sectionId: 1,
      bookId: 1,
      text: '山水'.repeat(500_001),
      facets: { type: '县志', region: null, period: null, year: null, title: '测试', published: true },
    };
    const limited = await openSearchEngine(':memory:', [], { env: { FANGZHI_SEARCH_SCAN_CHARS: '1000000' } });
    await limited.indexBook(1, [section]);
    await expect(limited.count('山 NEAR/1 水')).rejects.toThrow(/超过一次检索的上限（100 万字）/);
    await limited.close();
    const unlimited = await openSearchEngine(':memory:', [], { env: {} });
    await unlimited.indexBook(1, [section]);
    expect((await unlimited.count('山 NEAR/1 水')).total).toBe(1_000_002);
    await unlimited.close();
  });

  it('opens with a cache size given in the environment and still finds what it indexed', async () => {
    const index = await openSearchEngine(':memory:', [], { env: { FANGZHI_SEARCH_CACHE_CHARS: '2000000' } });
    await index.indexBook(1, [
      {
        sectionId: 1,
        bookId: 1,
        text: '長白山天池',
        facets: { type: '县志', region: null, period: null, year: null, title: '测试', published: true },
      },
    ]);
    expect((await index.count('天池')).total).toBe(1);
    await index.close();
  });
});
