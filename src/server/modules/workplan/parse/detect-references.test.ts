import { describe, expect, it } from 'vitest';
import { detectReferences, maskTitles } from './detect-references.ts';
import { JILIN_PLACES } from './jilin-places.ts';

describe('references', () => {
  it('collects titles, nested ones whole', () => {
    expect(detectReferences('贯彻《地方志工作条例》和《关于印发〈实施方案〉的通知》').titles).toEqual([
      '《地方志工作条例》',
      '《关于印发〈实施方案〉的通知》',
    ]);
  });

  it('finds Jilin places by official and short names, longest first', () => {
    const refs = detectReferences('对四平市铁东区、通化县、前郭县、延边州和长白山等地进行指导');
    expect(refs.places).toEqual(['四平市', '铁东区', '通化县', '前郭县', '延边州', '长白山']);
    expect(refs.placeMentions?.find((p) => p.text === '延边州')).toMatchObject({
      name: '延边朝鲜族自治州',
      code: '222400',
    });
    expect(refs.placeMentions?.find((p) => p.text === '长白山')).toMatchObject({ code: null });
  });

  it('does not read places inside titles or 四战四平 as places', () => {
    expect(detectReferences('整理影印《临江县志》，运用“四战四平”等红色资源').places).toEqual([]);
  });

  it('leaves development zones out of the place list and keeps the county-level divisions', () => {
    expect(JILIN_PLACES.some((p) => p.name.includes('开发区'))).toBe(false);
    const countyCodes = new Set(JILIN_PLACES.flatMap((p) => (p.code && !p.code.endsWith('00') ? [p.code] : [])));
    expect(countyCodes.size).toBe(60);
    expect(JILIN_PLACES.filter((p) => p.code?.endsWith('00')).map((p) => p.name)).toHaveLength(10);
  });

  it('masks titles without moving offsets', () => {
    const text = '配送《吉林年鉴》（2022）等';
    expect(maskTitles(text)).toHaveLength(text.length);
    expect(maskTitles(text)).not.toContain('2022');
  });
});
