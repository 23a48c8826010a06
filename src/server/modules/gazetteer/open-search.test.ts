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
