/**
 * Bracket-aware scanning. Unit names nest brackets (`市府办〔市数据局〕`, `各县（市、区）政府`), so splitting on `、`
 * or finding "the parenthesis at the end" must ignore separators and brackets inside an inner pair.
 */

const OPENERS = '（〔【[';
const CLOSERS = '）〕】]';

export interface TextPiece {
  text: string;
  /** Offset of `text` in the string that was split. */
  start: number;
}

/** Splits on any of `separators` at bracket depth 0; pieces are trimmed, empty ones dropped, offsets kept. */
export function splitTopLevel(text: string, separators: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let depth = 0;
  let pieceStart = 0;
  const push = (end: number): void => {
    const raw = text.slice(pieceStart, end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed) pieces.push({ text: trimmed, start: pieceStart + lead });
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (OPENERS.includes(ch)) depth++;
    else if (CLOSERS.includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && separators.includes(ch)) {
      push(i);
      pieceStart = i + 1;
    }
  }
  push(text.length);
  return pieces;
}

export interface ParenGroup {
  /** Offset of the opening `（`. */
  start: number;
  /** Offset just past the closing `）`. */
  end: number;
  /** Text between the outer parentheses. */
  inner: string;
}

const PAIRS: Record<string, string> = { '（': '）', '〔': '〕', '【': '】', '[': ']' };

/**
 * Top-level bracket groups — `（…）`, `〔…〕`, `【…】`, `[…]` — with nested brackets kept inside their outer group.
 * A group closes only on its own closing bracket.
 */
export function findTopLevelGroups(text: string): ParenGroup[] {
  const groups: ParenGroup[] = [];
  let depth = 0;
  let start = -1;
  let closer = '';
  let opener = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (depth === 0 && PAIRS[ch]) {
      opener = ch;
      closer = PAIRS[ch];
      start = i;
      depth = 1;
    } else if (depth > 0 && ch === opener) depth++;
    else if (depth > 0 && ch === closer) {
      depth--;
      if (depth === 0) groups.push({ start, end: i + 1, inner: text.slice(start + 1, i) });
    }
  }
  return groups;
}

/** Removes bracketed parts (`〔市数据局〕`, `（市、区）`) so a name's own ending can be judged. */
export function stripInnerBrackets(text: string): string {
  let previous = '';
  let current = text;
  while (previous !== current) {
    previous = current;
    current = current.replace(/[（〔【[][^（）〔〕【】[\]]*[）〕】\]]/g, '');
  }
  return current;
}
