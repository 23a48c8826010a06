import iconv from 'iconv-lite';

/**
 * Decodes a plain-text file whose encoding nobody declared. Chinese government text files are as often GBK/GB18030
 * as UTF-8, sometimes UTF-16 (Windows "Unicode") and, from Taiwan or Hong Kong sources, Big5.
 */

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5';
}

/** Frequent characters of official documents, in both scripts; the decoding that yields more of them wins. */
const COMMON = new Set(
  '的一是在工作年和中国会为以要发展设建加强推进组织开展全面落实做好单位部门委员办公室资料研究编纂志鉴地方省市县区完成进行管理制度' +
    '國會為發開設組織進展單位門員辦資編纂誌鑑縣區完進們個這與對於說時過還實現點體處務業學條歲幾來們',
);

function scoreCommon(text: string): number {
  let score = 0;
  for (const ch of text) if (COMMON.has(ch)) score++;
  return score - (text.match(/\uFFFD/g)?.length ?? 0) * 5;
}

/** UTF-16 without BOM shows as many zero bytes on one side of each pair. */
function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const sample = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (sample < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = sample / 2;
  if (oddZero > pairs * 0.2 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.2 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', skip: number): string {
  const body = bytes.subarray(skip);
  if (encoding === 'utf-16le') return new TextDecoder('utf-16le').decode(body);
  const swapped = new Uint8Array(body.length - (body.length % 2));
  for (let i = 0; i + 1 < body.length; i += 2) {
    swapped[i] = body[i + 1] as number;
    swapped[i + 1] = body[i] as number;
  }
  return new TextDecoder('utf-16le').decode(swapped);
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder().decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: decodeUtf16(bytes, 'utf-16le', 2), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: decodeUtf16(bytes, 'utf-16be', 2), encoding: 'utf-16be' };
  const utf16 = guessUtf16(bytes);
  if (utf16) return { text: decodeUtf16(bytes, utf16, 0), encoding: utf16 };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: a legacy Chinese code page. GB18030 is a superset of GBK and GB2312; Big5 only wins on evidence.
    const gb = iconv.decode(Buffer.from(bytes), 'gb18030');
    const big5 = iconv.decode(Buffer.from(bytes), 'big5');
    return scoreCommon(big5) > scoreCommon(gb) * 1.2
      ? { text: big5, encoding: 'big5' }
      : { text: gb, encoding: 'gb18030' };
  }
}
