/**
 * Pieces of text as the main database stores them (`book_section_piece.deflated`), read back synchronously for tests
 * that inspect a database by hand (production code joins a section's pieces, `joinPieces`).
 */
import { inflatePiece } from '../modules/gazetteer/section-chunks.ts';

/** The text of a stored piece. */
export function decodePiece(stored: Uint8Array): string {
  return inflatePiece(stored).toString('utf16le');
}
