import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TAssessmentRules, TQualityScoreInput, TRanking, TRulesResponse } from '../../../shared/assessment.ts';
import { api, downloadFile } from '../../api/client.ts';

const key = (planId: number | null) => ['assessment', planId] as const;

export const useRules = (planId: number | null) =>
  useQuery({
    queryKey: [...key(planId), 'rules'],
    queryFn: () => api.get<TRulesResponse>(`/api/plans/${planId}/assessment/rules`),
    enabled: planId !== null,
  });

export const useRanking = (planId: number | null, date: string | null) =>
  useQuery({
    queryKey: [...key(planId), 'ranking', date],
    queryFn: () => api.get<TRanking>(`/api/plans/${planId}/assessment/ranking${date ? `?date=${date}` : ''}`),
    enabled: planId !== null,
  });

export function useSaveRules(planId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (rules: TAssessmentRules) => api.put<TRulesResponse>(`/api/plans/${planId}/assessment/rules`, rules),
    onSuccess: () => client.invalidateQueries({ queryKey: key(planId) }),
  });
}

export function useSetQuality(planId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ unitId, ...input }: TQualityScoreInput & { unitId: number }) =>
      api.put(`/api/plans/${planId}/assessment/quality/${unitId}`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: [...key(planId), 'ranking'] }),
  });
}

/**
 * Downloads the spreadsheet; its name comes from the server (content-disposition), whose date is the server clock's —
 * never the browser's, which differs from a pinned or the office's date.
 */
export function downloadRanking(planId: number, date: string | null): Promise<void> {
  return downloadFile(
    `/api/plans/${planId}/assessment/ranking.xlsx${date ? `?date=${date}` : ''}`,
    `绩效考评排名${date ? `-${date}` : ''}.xlsx`,
  );
}
