import { describe, expect, it } from 'vitest';
import { getDefaultFolder } from './fold.ts';
import { buildSearchText, stripLayout } from './search-text.ts';

describe('search text', () => {
  const display = '　　長白\n　　山在縣東 北\n𠀀寧古塔';

  it('drops line breaks and indentation and folds what is left', () => {
    const st = buildSearchText(display, getDefaultFolder());
    expect(st.plain).toBe('長白山在縣東北𠀀寧古塔');
    expect(st.text).toBe(getDefaultFolder().foldText('長白山在縣東北𠀀寧古塔'));
    expect(st.text).toHaveLength(st.plain.length);
  });

  it('maps every search offset back to the same glyph in the display text', () => {
    const st = buildSearchText(display, null);
    for (let i = 0; i < st.plain.length; i++) expect(display[st.toDisplay(i)]).toBe(st.plain[i]);
    expect(st.toDisplay(st.plain.length)).toBe(display.length);
  });

  it('strips query layout the same way', () => {
    expect(stripLayout(' 長白 山\n')).toBe('長白山');
    expect(stripLayout('吉林')).toBe('吉林');
  });
});
