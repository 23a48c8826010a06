import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import type { TBook, TBookDetail, TBookMetadata, TCitation, TIngestResponse, TKwicRow, TSearchResponse, TSection } from '../../../shared/gazetteer.ts';
import { api, errorMessage, uploadFile } from '../../api/client.ts';

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
  page: number;
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
    page: s.page,
    pageSize: 20,
  };
}

export const useBooks = () => useQuery({ queryKey: BOOKS_KEY, queryFn: () => api.get<TBook[]>('/api/books') });
export const useBook = (id: number) => useQuery({ queryKey: ['book', id], queryFn: () => api.get<TBookDetail>(`/api/books/${id}`) });
export const useSection = (bookId: number, ordinal: number, q: string, fold: boolean) =>
  useQuery({
    queryKey: ['section', bookId, ordinal, q, fold],
    queryFn: () => api.get<TSection>(`/api/books/${bookId}/sections/${ordinal}?${toQueryString({ q, fold })}`),
  });
export const useSearch = (s: SearchState) =>
  useQuery({
    queryKey: ['search', s],
    queryFn: () => api.get<TSearchResponse>(`/api/search?${toQueryString(searchParams(s))}`),
    enabled: s.q.trim() !== '',
    placeholderData: (previous) => previous,
  });
export const useKwic = (s: SearchState, sort: 'left' | 'right', enabled: boolean) =>
  useQuery({
    queryKey: ['kwic', s, sort],
    queryFn: () => {
      const { page: _page, sort: _sort, ...rest } = searchParams(s);
      return api.get<{ rows: TKwicRow[] }>(`/api/search/kwic?${toQueryString({ ...rest, kwicSort: sort, limit: 1000 })}`);
    },
    enabled: enabled && s.q.trim() !== '',
  });

export function fetchCitation(bookId: number, ordinal: number, anchor: string | null): Promise<TCitation> {
  return api.get<TCitation>(`/api/books/${bookId}/sections/${ordinal}/citation?${toQueryString({ anchor })}`);
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
  useBooksMutation(({ id, ...v }: TBookMetadata & { id: number }) => api.patch<TBook>(`/api/books/${id}`, v), '著录信息已保存');
export const usePublishBook = () =>
  useBooksMutation(({ id, published }: { id: number; published: boolean }) => api.post<TBook>(`/api/books/${id}/publish`, { published }), '发布状态已更新');
export const useDeleteBook = () => useBooksMutation((id: number) => api.delete(`/api/books/${id}`), '书目已删除');
