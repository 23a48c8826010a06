/**
 * A section's note ranges as stored (`book_section.notes_json`): one flat JSON array of integers, the first range's
 * start and length, then each next range's start as a step from the previous start, and its length —
 * `[20,1,25,4,8,4]` for 20–21, 45–49, 53–57. An old gazetteer has a note every few characters, and as objects
 * (`{"start":…,"end":…}`) they took a fifth as much room as the text itself; this takes about a quarter of that.
 */
import type { NoteRange } from './book-model.ts';

export function encodeNotes(notes: readonly NoteRange[]): string {
  const out: number[] = [];
  let previous = 0;
  for (const { start, end } of notes) {
    out.push(start - previous, end - start);
    previous = start;
  }
  return JSON.stringify(out);
}

/** The ranges `encodeNotes` wrote; anything else (a damaged value) gives none rather than wrong ones. */
export function decodeNotes(json: string): NoteRange[] {
  let flat: unknown;
  try {
    flat = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(flat) || flat.length % 2 !== 0 || !flat.every((n) => Number.isInteger(n))) return [];
  const out: NoteRange[] = [];
  let start = 0;
  for (let i = 0; i < flat.length; i += 2) {
    start += flat[i] as number;
    out.push({ start, end: start + (flat[i + 1] as number) });
  }
  return out;
}
