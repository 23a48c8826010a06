/**
 * Every glyph visible: woff2 subsets of an open font that covers the CJK extensions (BabelStone Han from Debian's
 * fonts-babelstone-han, or HanaMin from fonts-hanazono; FANGZHI_EXT_FONT names another file). The font is installed
 * by the system's package manager, never committed; the subset is cut on demand with harfbuzz (subset-font) and kept
 * in a small cache. Without the font the endpoint says so in Chinese and the reader warns instead of showing tofu.
 */
import { existsSync, readFileSync } from 'node:fs';
import { AppError } from '../../../shared/errors.ts';
import { isRareCodePoint, MAX_GLYPHS_PER_REQUEST } from '../../../shared/rare-glyphs.ts';

const CANDIDATES = [
  '/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf',
  '/usr/share/fonts/truetype/hanazono/HanaMinB.ttf',
  '/usr/share/fonts/truetype/hanazono/HanaMinA.ttf',
];

export interface GlyphFont {
  /** The font file in use, or null when none is installed. */
  readonly path: string | null;
  /** A woff2 font holding exactly these characters. */
  subset(chars: string): Promise<Uint8Array>;
}

export function openGlyphFont(explicitPath?: string): GlyphFont {
  const path = explicitPath
    ? existsSync(explicitPath)
      ? explicitPath
      : null
    : (CANDIDATES.find((p) => existsSync(p)) ?? null);
  let font: Buffer | null = null;
  const cache = new Map<string, Uint8Array>();
  return {
    path,
    async subset(chars: string): Promise<Uint8Array> {
      const list = [...new Set(Array.from(chars))];
      if (
        list.length === 0 ||
        list.length > MAX_GLYPHS_PER_REQUEST ||
        !list.every((c) => isRareCodePoint(c.codePointAt(0) as number))
      ) {
        throw new AppError('VALIDATION_FAILED', `chars 应为 1 到 ${MAX_GLYPHS_PER_REQUEST} 个 CJK 扩展区汉字。`);
      }
      if (!path) {
        throw new AppError(
          'NOT_FOUND',
          '服务器没有安装补充字体，罕用字无法显示：请安装 fonts-babelstone-han（Debian）或用 FANGZHI_EXT_FONT 指定字体文件。',
        );
      }
      const key = list.sort().join('');
      const hit = cache.get(key);
      if (hit) return hit;
      font ??= readFileSync(path);
      const { default: subsetFont } = await import('subset-font');
      const bytes = new Uint8Array(await subsetFont(font, key, { targetFormat: 'woff2' }));
      cache.set(key, bytes);
      if (cache.size > 200) cache.delete(cache.keys().next().value as string);
      return bytes;
    },
  };
}
