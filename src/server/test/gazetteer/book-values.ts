/** Test-only: the row values of a book (`BookValues`), for tests that write book rows without ingesting a source. */
import type { BookValues } from '../../modules/gazetteer/gazetteer.repository.ts';

export function testBookValues(sourceId: string, overrides: Partial<BookValues> = {}): BookValues {
  return {
    source_id: sourceId,
    title: '吉林通志',
    type: '通志',
    region: null,
    year: 1891,
    period: '清',
    edition: null,
    compiler: null,
    publisher: null,
    place: null,
    isbn: null,
    licence: null,
    source_format: 'txt',
    source_name: 'a.txt',
    is_published: 1,
    section_count: 0,
    char_count: 0,
    search_rule: null,
    bib_json: null,
    ...overrides,
  };
}
