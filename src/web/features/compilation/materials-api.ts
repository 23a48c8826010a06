import { useQuery } from '@tanstack/react-query';
import type {
  TContradiction,
  TSourceCompilation,
  TMaterials,
  TParagraphSources,
} from '../../../shared/compilation-sources.ts';
import { api } from '../../api/client.ts';
import { projectKey } from './api.ts';

/** 资料: queries under the project's key, so every project mutation refreshes them. */

/** Card filters: node, subject, words, time range written like a card's time. */
export interface CardFilters {
  nodeId?: number;
  subject?: string;
  q?: string;
  from?: string;
  to?: string;
}

const query = (q: CardFilters) =>
  Object.entries(q)
    .filter(([, v]) => v !== undefined && v !== '' && v !== null)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

export const useMaterials = (projectId: number, q: CardFilters = {}) =>
  useQuery({
    queryKey: [...projectKey(projectId), 'materials', q],
    queryFn: () => api.get<TMaterials>(`/api/compilation/projects/${projectId}/materials?${query(q)}`),
  });

export const useContradictions = (projectId: number) =>
  useQuery({
    queryKey: [...projectKey(projectId), 'contradictions'],
    queryFn: () => api.get<TContradiction[]>(`/api/compilation/projects/${projectId}/contradictions`),
  });

export const useSourceCompilation = (projectId: number, nodeId: number | null) =>
  useQuery({
    queryKey: [...projectKey(projectId), 'source-compilation', nodeId],
    queryFn: () =>
      api.get<TSourceCompilation>(`/api/compilation/projects/${projectId}/nodes/${nodeId}/source-compilation`),
    enabled: nodeId !== null,
  });

export const useProvenance = (projectId: number, nodeId: number) =>
  useQuery({
    queryKey: [...projectKey(projectId), 'provenance', nodeId],
    queryFn: () => api.get<TParagraphSources>(`/api/compilation/projects/${projectId}/nodes/${nodeId}/provenance`),
  });
