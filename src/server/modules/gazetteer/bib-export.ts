/**
 * A book's bibliographic record as BibTeX, RIS and CSL-JSON, for reference managers (Zotero, EndNote, JabRef). Pure.
 * Hand-written rather than citation-js: one record type (a book), three small well-specified formats, and no need for
 * a dependency of several megabytes.
 */
import type { TBook } from '../../../shared/gazetteer.ts';
import type { TContributor } from '../../../shared/gazetteer-bib.ts';
import { splitResponsibility } from './citation.ts';

export type BibFormat = 'bibtex' | 'ris' | 'csl-json';

interface Person {
  name: string;
  dynasty: string | null;
  role: string | null;
}

/** Contributors from the structured record, else from the compiler field (names only). */
function people(book: TBook): Person[] {
  const listed: TContributor[] = book.bib?.contributors ?? [];
  if (listed.length > 0) return listed.map((c) => ({ name: c.name, dynasty: c.dynasty ?? null, role: c.role ?? null }));
  if (!book.compiler) return [];
  return splitResponsibility(book.compiler).names.map((name) => ({ name, dynasty: null, role: null }));
}

/** Editors (修) versus authors (撰, 纂 …): 修 and 监修 name the official who sponsored the work, the editor in CSL terms. */
function isEditor(p: Person): boolean {
  return p.role !== null && /^(修|監修|监修|主修|主编|编)$/.test(p.role);
}

function year(book: TBook): number | null {
  return book.year ?? book.bib?.printedYear ?? book.bib?.compiledYear ?? null;
}

function bibtexValue(value: string): string {
  return `{${value.replace(/[{}\\]/g, (c) => `\\${c}`)}}`;
}

function bibtex(book: TBook, url: string): string {
  const ps = people(book);
  const authors = ps.filter((p) => !isEditor(p));
  const editors = ps.filter(isEditor);
  const fields: [string, string | number | null | undefined][] = [
    ['title', book.title],
    ['author', authors.map((p) => p.name).join(' and ') || null],
    ['editor', editors.map((p) => p.name).join(' and ') || null],
    ['year', year(book)],
    ['edition', book.edition],
    ['publisher', book.publisher],
    ['address', book.place],
    ['series', book.bib?.series],
    ['volumes', book.bib?.juanCount],
    ['isbn', book.isbn],
    [
      'note',
      [
        book.period,
        book.bib?.holding ? `藏于${book.bib.holding}` : null,
        ps.some((p) => p.dynasty) ? ps.map((p) => `[${p.dynasty ?? ''}]${p.name}${p.role ?? ''}`).join('；') : null,
      ]
        .filter(Boolean)
        .join('；') || null,
    ],
    ['url', url],
    ['langid', 'chinese'],
  ];
  const body = fields
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `  ${k} = ${typeof v === 'number' ? v : bibtexValue(String(v))}`)
    .join(',\n');
  return `@book{${book.sourceId.replace(/[^\w-]/g, '') || `book${book.id}`},\n${body}\n}\n`;
}

function ris(book: TBook, url: string): string {
  const ps = people(book);
  const lines: [string, string | number | null | undefined][] = [
    ['TY', 'BOOK'],
    ['TI', book.title],
    ...ps.filter((p) => !isEditor(p)).map((p): [string, string] => ['AU', p.name]),
    ...ps.filter(isEditor).map((p): [string, string] => ['A2', p.name]),
    ['PY', year(book)],
    ['ET', book.edition],
    ['PB', book.publisher],
    ['CY', book.place],
    ['T3', book.bib?.series],
    ['NV', book.bib?.juanCount],
    ['SN', book.isbn],
    ['N1', [book.period, book.bib?.holding ? `藏于${book.bib.holding}` : null].filter(Boolean).join('；') || null],
    ['UR', url],
    ['LA', 'zh'],
  ];
  const body = lines
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}  - ${String(v).replace(/[\r\n]+/g, ' ')}`);
  return `${[...body, 'ER  - '].join('\r\n')}\r\n`;
}

function cslJson(book: TBook, url: string): string {
  const ps = people(book);
  const y = year(book);
  const item: Record<string, unknown> = {
    id: book.sourceId || `book${book.id}`,
    type: 'book',
    title: book.title,
    author: ps.filter((p) => !isEditor(p)).map((p) => ({ literal: p.name })),
    editor: ps.filter(isEditor).map((p) => ({ literal: p.name })),
    ...(y !== null ? { issued: { 'date-parts': [[y]] } } : {}),
    ...(book.edition ? { edition: book.edition } : {}),
    ...(book.publisher ? { publisher: book.publisher } : {}),
    ...(book.place ? { 'publisher-place': book.place } : {}),
    ...(book.bib?.series ? { 'collection-title': book.bib.series } : {}),
    ...(book.bib?.juanCount ? { 'number-of-volumes': book.bib.juanCount } : {}),
    ...(book.isbn ? { ISBN: book.isbn } : {}),
    ...(book.bib?.holding ? { archive: book.bib.holding } : {}),
    ...(book.period ? { note: book.period } : {}),
    URL: url,
    language: 'zh',
  };
  return `${JSON.stringify([item], null, 2)}\n`;
}

export const BIB_FORMATS: Record<
  BibFormat,
  { extension: string; contentType: string; format: (book: TBook, url: string) => string }
> = {
  bibtex: { extension: 'bib', contentType: 'application/x-bibtex; charset=utf-8', format: bibtex },
  ris: { extension: 'ris', contentType: 'application/x-research-info-systems; charset=utf-8', format: ris },
  'csl-json': {
    extension: 'json',
    contentType: 'application/vnd.citationstyles.csl+json; charset=utf-8',
    format: cslJson,
  },
};
