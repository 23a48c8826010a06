import type { TIngestResponse } from '../../../shared/gazetteer.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import { authorize } from '../../platform/policy.ts';
import { ingestBook, type IngestOverrides } from './ingest-book.ts';
import type { GazetteerDeps } from './read-books.ts';
import { readUploadedSourceIsolated } from './read-book-isolated.ts';

export interface BookUpload {
  fileName: string;
  bytes: Uint8Array;
  overrides: IngestOverrides;
}

/**
 * A book uploaded on the web. The upload is read (`readUpload`: form, metadata, bytes) only once the actor may manage
 * books, so a refused user costs no parsing and gets 403 whatever they sent.
 */
export async function uploadBook(
  deps: GazetteerDeps,
  actor: Principal,
  readUpload: () => Promise<BookUpload>,
): Promise<TIngestResponse> {
  authorize(actor, 'book.manage');
  const upload = await readUpload();
  const source = await readUploadedSourceIsolated(upload.fileName, upload.bytes);
  return ingestBook(
    deps,
    actor,
    { book: source.book, format: source.format, sourceName: source.sourceName },
    upload.overrides,
  );
}
