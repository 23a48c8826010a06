/**
 * A book's sections in the encodings they are stored in (`book_section.anchors_json`, `notes_json`, `glyphs_json`),
 * as the parser's child process sends them to the server (ingest-guard.ts).
 *
 * A parsed section's page anchors and note ranges are objects, an old gazetteer's juan has thousands of them, and on
 * the server they lived from the moment the book arrived until it was committed — a second or more, long enough that
 * every scavenge of the receiving thread copied them twice (into the survivor space, then into the old generation).
 * At 303 M characters that made the ingest's scavenges 20–40 ms each. Packed, a section is a few strings: the text is a
 * slice of a part's joined text (in-parts.ts) and each encoding one flat string, so a book in flight is a few objects a
 * section. The server stores the encodings as they came; what it needs of them (the anchors' offsets, for the
 * apparatus) it parses briefly, a section at a time.
 */
import type { ParsedBook, ParsedSection } from './book-model.ts';
import { encodeNotes } from './section-notes.ts';

export interface PackedSection {
  level: number;
  title: string;
  text: string;
  /** `book_section.anchors_json`: `[{offset, id}]` (readers derive the label from the id, `anchorLabel`). */
  anchorsJson: string;
  /** `book_section.notes_json` (`encodeNotes`). */
  notesJson: string;
  /** `book_section.glyphs_json`: `[{offset, code}]`, or null when the section has none. */
  glyphsJson: string | null;
}

export interface PackedBook extends Omit<ParsedBook, 'sections'> {
  sections: PackedSection[];
}

export function isPackedSection(section: ParsedSection | PackedSection): section is PackedSection {
  return typeof (section as Partial<PackedSection>).anchorsJson === 'string';
}

/** The stored encodings of a section (a packed one as it is). */
export function packSection(section: ParsedSection | PackedSection): PackedSection {
  if (isPackedSection(section)) return section;
  const { level, title, text, anchors, notes, glyphs } = section;
  return {
    level,
    title,
    text,
    anchorsJson: JSON.stringify(anchors.map(({ offset, id }) => ({ offset, id }))),
    notesJson: encodeNotes(notes),
    glyphsJson: glyphs && glyphs.length > 0 ? JSON.stringify(glyphs) : null,
  };
}

export function packBook(book: ParsedBook | PackedBook): PackedBook {
  return { ...book, sections: book.sections.map(packSection) };
}

/** The anchors' offsets of a stored `anchors_json` (all the apparatus needs of them). */
export function anchorOffsets(anchorsJson: string): { offset: number }[] {
  return JSON.parse(anchorsJson) as { offset: number }[];
}
