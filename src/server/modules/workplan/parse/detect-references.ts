import type { TPlaceMention, TPlanReferences } from '../../../../shared/workplan-parse.ts';
import { JILIN_PLACES, type PlaceName } from './jilin-places.ts';

/** Book and document titles (`《…》`, nesting allowed) and Jilin place names, for linking tasks to books and places. */

export interface TitleMention {
  text: string;
  start: number;
  end: number;
}

export function findTitles(text: string): TitleMention[] {
  const titles: TitleMention[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '《') {
      if (depth === 0) start = i;
      depth++;
    } else if (text[i] === '》' && depth > 0) {
      depth--;
      if (depth === 0) titles.push({ text: text.slice(start, i + 1), start, end: i + 1 });
    }
  }
  return titles;
}

/**
 * Blanks out what is inside titles, keeping every offset, so numbers and places in `《吉林年鉴2023》` are not
 * read as targets or deadlines. A parenthesis right after a title (`《吉林年鉴》（2022）`, its edition) is blanked too.
 */
export function maskTitles(text: string): string {
  let masked = text;
  for (const title of findTitles(text)) {
    let end = title.end;
    const edition = /^（[^（）]{1,12}）/.exec(text.slice(end));
    if (edition) end += edition[0].length;
    masked = masked.slice(0, title.start) + '□'.repeat(end - title.start) + masked.slice(end);
  }
  return masked;
}

/** Places by first character, each list longest first, so a scan tries only the few that can start here. */
function indexByFirstChar(places: readonly PlaceName[]): Map<string, PlaceName[]> {
  const index = new Map<string, PlaceName[]>();
  for (const place of places) {
    const first = place.text[0] ?? '';
    index.set(first, [...(index.get(first) ?? []), place]);
  }
  return index;
}

const JILIN_INDEX = indexByFirstChar(JILIN_PLACES);

export function findPlaces(text: string, places: readonly PlaceName[] = JILIN_PLACES): TPlaceMention[] {
  const index = places === JILIN_PLACES ? JILIN_INDEX : indexByFirstChar(places);
  const masked = maskTitles(text);
  const found: TPlaceMention[] = [];
  for (let i = 0; i < masked.length; i++) {
    const place = index.get(masked[i] as string)?.find((p) => masked.startsWith(p.text, i));
    if (!place) continue;
    found.push({
      text: place.text,
      name: place.name,
      code: place.code,
      span: { start: i, end: i + place.text.length },
    });
    i += place.text.length - 1;
  }
  return found;
}

export function detectReferences(text: string): TPlanReferences {
  const titles = [...new Set(findTitles(text).map((t) => t.text))];
  const placeMentions = findPlaces(text);
  const places = [...new Set(placeMentions.map((p) => p.text))];
  return { titles, places, placeMentions };
}
