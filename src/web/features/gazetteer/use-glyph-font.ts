import { useEffect, useState } from 'react';
import { MAX_GLYPHS_PER_REQUEST, rareCharacters } from '../../../shared/rare-glyphs.ts';

export type GlyphFontStatus = 'none' | 'loading' | 'ready' | 'failed';

/**
 * Loads, as the font family `FangzhiExt`, the server's woff2 subset holding exactly the rare characters (CJK extensions)
 * of `text`. Each subset declares its unicode-range, so subsets of several sections and snippets add up. The CSS font
 * stacks put FangzhiExt after the common CJK fonts, so only characters they lack are drawn with it.
 */
export function useGlyphFont(text: string | undefined): { status: GlyphFontStatus; chars: string[] } {
  const [status, setStatus] = useState<GlyphFontStatus>('none');
  const chars = text ? rareCharacters(text).slice(0, MAX_GLYPHS_PER_REQUEST) : [];
  const key = chars.join('');
  useEffect(() => {
    if (!key) {
      setStatus('none');
      return;
    }
    let cancelled = false;
    setStatus('loading');
    const range = Array.from(key)
      .map((c) => `U+${(c.codePointAt(0) as number).toString(16).toUpperCase()}`)
      .join(',');
    const face = new FontFace(
      'FangzhiExt',
      `url(/api/glyphs/font.woff2?chars=${encodeURIComponent(key)}) format("woff2")`,
      { unicodeRange: range, display: 'swap' },
    );
    face
      .load()
      .then((loaded) => {
        document.fonts.add(loaded);
        if (!cancelled) setStatus('ready');
      })
      .catch(() => {
        if (!cancelled) setStatus('failed');
      });
    return () => {
      cancelled = true;
    };
  }, [key]);
  return { status, chars };
}
