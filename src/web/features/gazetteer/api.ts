import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import type {
  TBook,
  TBookDetail,
  TBookMetadata,
  TCitation,
  TIngestResponse,
  TKwicRow,
  TSearchResponse,
  TSearchVariants,
  TSection,
} from '../../../shared/gazetteer.ts';
import { api, downloadFile, errorMessage, uploadFile } from '../../api/client.ts';
import type { TBrowseParams, TBrowseResponse, TGlyphList, TParallelResponse } from '../../../shared/gazetteer-bib.ts';

export const BOOKS_KEY = ['books'] as const;

/** Query string from a plain object, leaving out empty values. */
export function toQueryString(params: Record<string, string | number | boolean | undefined | null>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    qs.set(k, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  }
  return qs.toString();
}

export interface SearchState {
  q: string;
  fold: boolean;
  sort: 'relevance' | 'year' | 'title';
  types: string[];
  regions: string[];
  periods: string[];
  books: string[];
  /** Within one 卷 (section ordinal) of the single book in `books`. */
  section: number | null;
  page: number;
  /** Hit list or KWIC concordance, and the KWIC sort: part of the URL so a refresh keeps them. */
  view: 'hits' | 'kwic';
  kwicSort: 'left' | 'right';
}

export function searchParams(s: SearchState): Record<string, string | number | boolean> {
  return {
    q: s.q,
    fold: s.fold,
    sort: s.sort,
    types: s.types.join(','),
    regions: s.regions.join(','),
    periods: s.periods.join(','),
    books: s.books.join(','),
    ...(s.section !== null ? { section: s.section } : {}),
    page: s.page,
    pageSize: 20,
  };
}

export const useBooks = () => useQuery({ queryKey: BOOKS_KEY, queryFn: () => api.get<TBook[]>('/api/books') });
export const useBook = (id: number) =>
  useQuery({ queryKey: ['book', id], queryFn: () => api.get<TBookDetail>(`/api/books/${id}`) });
export const useSection = (bookId: number, ordinal: number, q: string, fold: boolean) =>
  useQuery({
    queryKey: ['section', bookId, ordinal, q, fold],
    queryFn: () => api.get<TSection>(`/api/books/${bookId}/sections/${ordinal}?${toQueryString({ q, fold })}`),
  });
export const useSearch = (s: SearchState) =>
  useQuery({
    queryKey: ['search', { ...s, view: 'hits', kwicSort: 'right' }],
    queryFn: () => api.get<TSearchResponse>(`/api/search?${toQueryString(searchParams(s))}`),
    enabled: s.q.trim() !== '',
    placeholderData: (previous) => previous,
  });
/** The variant panel, asked after the hits (they never wait for it). */
export const useSearchVariants = (s: SearchState) =>
  useQuery({
    queryKey: ['search-variants', { ...s, page: 1, view: 'hits', kwicSort: 'right' }],
    queryFn: () => {
      const { page: _page, sort: _sort, ...rest } = searchParams(s);
      return api.get<TSearchVariants>(`/api/search/variants?${toQueryString(rest)}`);
    },
    enabled: s.q.trim() !== '' && s.fold,
  });

export const useKwic = (s: SearchState, sort: 'left' | 'right', enabled: boolean) =>
  useQuery({
    queryKey: ['kwic', { ...s, view: 'kwic' }, sort],
    queryFn: () => {
      const { page: _page, sort: _sort, ...rest } = searchParams(s);
      return api.get<{ rows: TKwicRow[] }>(
        `/api/search/kwic?${toQueryString({ ...rest, kwicSort: sort, limit: 1000 })}`,
      );
    },
    enabled: enabled && s.q.trim() !== '',
  });

/** The citation of a line (`014-2a.3`) or a page anchor of a section, or of the section itself. */
export function fetchCitation(
  bookId: number,
  ordinal: number,
  at: { line?: string | null; anchor?: string | null },
): Promise<TCitation> {
  return api.get<TCitation>(
    `/api/books/${bookId}/sections/${ordinal}/citation?${toQueryString({ line: at.line, anchor: at.anchor })}`,
  );
}

export const useBookGlyphs = (id: number, enabled: boolean) =>
  useQuery({ queryKey: ['book-glyphs', id], queryFn: () => api.get<TGlyphList>(`/api/books/${id}/glyphs`), enabled });

export const useParallel = (p: { left: number; right: number; ls?: number; rs?: number }, enabled: boolean) =>
  useQuery({
    queryKey: ['parallel', p],
    queryFn: () => api.get<TParallelResponse>(`/api/books/parallel?${toQueryString(p)}`),
    enabled,
    placeholderData: (x) => x,
  });

export const useBrowse = (params: TBrowseParams) =>
  useQuery({
    queryKey: ['browse', params],
    queryFn: () => api.get<TBrowseResponse>(`/api/books/browse?${toQueryString(params)}`),
    placeholderData: (p) => p,
  });

/** Downloads a book's record for reference managers. */
export function downloadBibRecord(
  book: { id: number; title: string },
  format: 'bibtex' | 'ris' | 'csl-json',
): Promise<void> {
  const extension = format === 'bibtex' ? 'bib' : format === 'ris' ? 'ris' : 'json';
  return downloadFile(`/api/books/${book.id}/export?format=${format}`, `${book.title}.${extension}`);
}

/** Uploads a book file (with its form fields), reporting progress; failures carry the server's message. */
export function uploadBook(form: FormData, onProgress: (percent: number) => void): Promise<TIngestResponse> {
  return uploadFile<TIngestResponse>('/api/books', form, onProgress);
}

function useBooksMutation<TVars, TResult>(fn: (v: TVars) => Promise<TResult>, success: string) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: BOOKS_KEY });
      await queryClient.invalidateQueries({ queryKey: ['search'] });
      void message.success(success);
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
}

export const useUpdateBook = () =>
  useBooksMutation(
    ({ id, ...v }: TBookMetadata & { id: number }) => api.patch<TBook>(`/api/books/${id}`, v),
    '著录信息已保存',
  );
export const usePublishBook = () =>
  useBooksMutation(
    ({ id, published }: { id: number; published: boolean }) =>
      api.post<TBook>(`/api/books/${id}/publish`, { published }),
    '发布状态已更新',
  );
export const useDeleteBook = () => useBooksMutation((id: number) => api.delete(`/api/books/${id}`), '书目已删除');
