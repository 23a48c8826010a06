import JSZip from 'jszip';
import { AppError } from '../../../../shared/errors.ts';

/**
 * OFD (GB/T 33190, the format government documents are published in) → lines. An OFD is a zip of XML: OFD.xml names
 * the document, its Document.xml lists the pages, each page's Content.xml holds TextObjects (a Boundary box) with
 * TextCode runs (X/Y inside the box). Reading order is page by page, then baseline by baseline, then left to right;
 * a wide gap on one baseline becomes a tab so table cells stay apart.
 */

export const NO_TEXT_LAYER_OFD =
  '该 OFD 文件没有文字层（页面只有图片，可能是扫描件），无法读取文字。请提供带文字的 OFD、PDF 或 Word 原件。';
export const OFD_BROKEN = '该 OFD 文件已损坏或不是有效的 OFD 文件。请重新导出或另存为 PDF、Word 后再上传。';

interface Run {
  x: number;
  y: number;
  width: number;
  size: number;
  text: string;
}

const attr = (tag: string, name: string): string | undefined => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });
}

/** Resolves `BaseLoc`-style paths: absolute from the package root (`/Doc_0/…`) or relative to `base`'s folder. */
function resolvePath(base: string, location: string): string {
  if (location.startsWith('/')) return location.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const piece of location.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.' && piece !== '') parts.push(piece);
  }
  return parts.join('/');
}

function numbers(value: string | undefined): number[] {
  return (value ?? '')
    .trim()
    .split(/\s+/)
    .map(Number)
    .filter((n) => Number.isFinite(n));
}

function runsOfPage(xml: string): Run[] {
  const runs: Run[] = [];
  for (const object of xml.matchAll(/<(?:ofd:)?TextObject\b([^>]*)>([\s\S]*?)<\/(?:ofd:)?TextObject>/g)) {
    const [bx = 0, by = 0, bw = 0] = numbers(attr(object[1] as string, 'Boundary'));
    const size = Number(attr(object[1] as string, 'Size') ?? 3.5) || 3.5;
    const codes = [...(object[2] as string).matchAll(/<(?:ofd:)?TextCode\b([^>]*)>([\s\S]*?)<\/(?:ofd:)?TextCode>/g)];
    for (const code of codes) {
      const text = decodeXml(code[2] as string);
      if (!text.trim()) continue;
      const x = Number(attr(code[1] as string, 'X') ?? 0);
      const y = Number(attr(code[1] as string, 'Y') ?? 0);
      const deltas = numbers(attr(code[1] as string, 'DeltaX')?.replace(/g\s+\d+\s+[\d.]+/g, ''));
      const width =
        codes.length === 1 && bw > 0
          ? bw
          : deltas.length > 0
            ? deltas.reduce((a, b) => a + b, 0) + size
            : [...text].length * size;
      runs.push({ x: bx + x, y: by + y, width, size, text });
    }
  }
  return runs;
}

function runsToLines(runs: Run[]): string[] {
  const lines: { y: number; size: number; runs: Run[] }[] = [];
  for (const run of [...runs].sort((a, b) => a.y - b.y || a.x - b.x)) {
    const line = lines.find((l) => Math.abs(l.y - run.y) <= Math.max(0.5, Math.min(l.size, run.size) * 0.4));
    if (line) line.runs.push(run);
    else lines.push({ y: run.y, size: run.size, runs: [run] });
  }
  return lines
    .sort((a, b) => a.y - b.y)
    .map((line) => {
      let text = '';
      let lastEnd: number | null = null;
      for (const run of line.runs.sort((a, b) => a.x - b.x)) {
        if (lastEnd !== null && run.x - lastEnd > run.size * 2) text += '\t';
        text += run.text;
        lastEnd = run.x + run.width;
      }
      return text;
    });
}

async function readEntry(zip: JSZip, name: string): Promise<string | null> {
  const file = zip.file(name);
  return file ? file.async('string') : null;
}

export async function ofdToText(bytes: Uint8Array): Promise<string> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new AppError('UNPROCESSABLE_DOCUMENT', OFD_BROKEN);
  }
  const ofdXml = await readEntry(zip, 'OFD.xml');
  const docRoot = ofdXml ? /<(?:ofd:)?DocRoot>\s*([^<\s]+)\s*<\/(?:ofd:)?DocRoot>/.exec(ofdXml)?.[1] : undefined;
  if (!docRoot) throw new AppError('UNPROCESSABLE_DOCUMENT', OFD_BROKEN);
  const documentPath = resolvePath('', docRoot);
  const documentXml = await readEntry(zip, documentPath);
  if (!documentXml) throw new AppError('UNPROCESSABLE_DOCUMENT', OFD_BROKEN);
  const pages = [...documentXml.matchAll(/<(?:ofd:)?Page\b[^>]*BaseLoc="([^"]+)"/g)].map((m) =>
    resolvePath(documentPath, m[1] as string),
  );
  const lines: string[] = [];
  let hasImages = false;
  for (const page of pages) {
    const xml = await readEntry(zip, page);
    if (xml === null) continue;
    if (/<(?:ofd:)?ImageObject\b/.test(xml)) hasImages = true;
    for (const line of runsToLines(runsOfPage(xml))) lines.push(line); // not spread: a huge page overflows the stack
  }
  if (lines.join('').trim().length === 0) {
    throw new AppError('UNPROCESSABLE_DOCUMENT', hasImages || pages.length > 0 ? NO_TEXT_LAYER_OFD : OFD_BROKEN);
  }
  return lines.join('\n');
}
