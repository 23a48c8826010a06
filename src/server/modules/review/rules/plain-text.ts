/** Pure: the reading text of a sanitised draft (HTML blocks → lines). Passages are offsets into this text. */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|h[1-6]|li|tr|div|blockquote|table|figcaption)>/gi, '\n')
    .replace(/<\/t[dh]>/gi, '\t')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
      if (code.startsWith('#x') || code.startsWith('#X')) return String.fromCodePoint(parseInt(code.slice(2), 16));
      if (code.startsWith('#')) return String.fromCodePoint(Number(code.slice(1)));
      return ENTITIES[code.toLowerCase()] ?? whole;
    })
    .replace(/\t\n/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export interface Anchor {
  anchor_kind: string;
  ordinal: number | null;
  anchor_title: string | null;
  start_offset: number | null;
  end_offset: number | null;
  quote: string | null;
}

/**
 * Moves an anchor of an earlier version's text onto a later version (an opinion carried over to the next round): the
 * item with the same title, the same quoted passage in it (the occurrence nearest the old offset); a passage that is
 * gone falls back to its item, an item that is gone to the whole book. Pure.
 */
export function reanchor(
  a: Anchor,
  items: readonly { ordinal: number; number: string | null; title: string; text: string }[],
): Anchor {
  const own: Anchor = {
    anchor_kind: a.anchor_kind,
    ordinal: a.ordinal,
    anchor_title: a.anchor_title,
    start_offset: a.start_offset,
    end_offset: a.end_offset,
    quote: a.quote,
  };
  return moved(own, items);
}

function moved(
  a: Anchor,
  items: readonly { ordinal: number; number: string | null; title: string; text: string }[],
): Anchor {
  if (a.anchor_kind === 'book' || a.anchor_title === null) return a;
  const item = items.find((i) => [i.number, i.title].filter(Boolean).join(' ') === a.anchor_title);
  if (!item)
    return {
      anchor_kind: 'book',
      ordinal: null,
      anchor_title: null,
      start_offset: null,
      end_offset: null,
      quote: null,
    };
  const node = { ...a, anchor_kind: 'node', ordinal: item.ordinal, start_offset: null, end_offset: null, quote: null };
  if (a.anchor_kind !== 'passage' || !a.quote) return node;
  let best = -1;
  for (let at = item.text.indexOf(a.quote); at >= 0; at = item.text.indexOf(a.quote, at + 1))
    if (best < 0 || Math.abs(at - (a.start_offset ?? 0)) < Math.abs(best - (a.start_offset ?? 0))) best = at;
  if (best < 0) return node;
  return { ...a, ordinal: item.ordinal, start_offset: best, end_offset: best + a.quote.length };
}
