import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import type {
  TCampaignDetail,
  TCampaignInput,
  TCampaignSummary,
  TEntryForExpert,
  TExpertCandidate,
  TScoreTemplate,
  TSheetMarks,
  TTemplateInput,
} from '../../../shared/evaluation.ts';
import type { TUnit } from '../../../shared/org.ts';
import { api, errorMessage, uploadFile } from '../../api/client.ts';

const KEY = ['evaluation'] as const;

export const useCampaigns = () =>
  useQuery({
    queryKey: [...KEY, 'campaigns'],
    queryFn: () => api.get<TCampaignSummary[]>('/api/evaluation/campaigns'),
  });
export const useCampaign = (id: number) =>
  useQuery({
    queryKey: [...KEY, 'campaign', id],
    queryFn: () => api.get<TCampaignDetail>(`/api/evaluation/campaigns/${id}`),
  });
export const useTemplates = (enabled: boolean) =>
  useQuery({
    queryKey: [...KEY, 'templates'],
    enabled,
    queryFn: () => api.get<TScoreTemplate[]>('/api/evaluation/templates'),
  });
export const useExpertCandidates = (enabled: boolean) =>
  useQuery({
    queryKey: [...KEY, 'expert-candidates'],
    enabled,
    queryFn: () => api.get<TExpertCandidate[]>('/api/evaluation/expert-candidates'),
  });
export const useUnits = (enabled: boolean) =>
  useQuery({ queryKey: ['units'], enabled, queryFn: () => api.get<TUnit[]>('/api/units') });
export const useEntryForScoring = (id: number | null) =>
  useQuery({
    queryKey: [...KEY, 'entry', id],
    enabled: id !== null,
    queryFn: () => api.get<TEntryForExpert>(`/api/evaluation/entries/${id}`),
  });

/** A mutation that reports success or the server's Chinese message and refreshes what is shown. */
export function useEvalMutation<TVars, TResult>(fn: (v: TVars) => Promise<TResult>, success: (r: TResult) => string) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (result) => {
      void message.success(success(result));
      await queryClient.invalidateQueries({ queryKey: KEY });
    },
    onError: (error) => void message.error(errorMessage(error)),
  });
}

export const saveTemplate = (v: { baseId: number | null; body: TTemplateInput }) =>
  v.baseId === null
    ? api.post<TScoreTemplate>('/api/evaluation/templates', v.body)
    : api.put<TScoreTemplate>(`/api/evaluation/templates/${v.baseId}`, v.body);
export const createCampaign = (body: TCampaignInput) => api.post<TCampaignSummary>('/api/evaluation/campaigns', body);
const c = (id: number) => `/api/evaluation/campaigns/${id}`;
export const addGroup = (v: { id: number; name: string; entryKind: string }) =>
  api.post<TCampaignDetail>(`${c(v.id)}/groups`, { name: v.name, entryKind: v.entryKind });
export const addExpert = (v: { id: number; userId: number; regionUnitId: number | null; groupId: number | null }) =>
  api.post<TCampaignDetail>(`${c(v.id)}/experts`, {
    userId: v.userId,
    regionUnitId: v.regionUnitId,
    groupId: v.groupId,
  });
export const assignExperts = (id: number) => api.post<TCampaignDetail>(`${c(id)}/assign`);
export const advanceStage = (v: { id: number; stage: string; noticeFrom?: string; noticeTo?: string }) =>
  api.post<TCampaignDetail>(`${c(v.id)}/stage`, { stage: v.stage, noticeFrom: v.noticeFrom, noticeTo: v.noticeTo });
export const submitEntry = (v: { id: number; form: FormData }) =>
  uploadFile<TCampaignDetail>(`${c(v.id)}/entries`, v.form);
export const setEntryGroup = (v: { entryId: number; groupId: number | null }) =>
  api.patch<TCampaignDetail>(`/api/evaluation/entries/${v.entryId}`, { groupId: v.groupId });
export const saveSheet = (v: { entryId: number; marks: TSheetMarks; submit: boolean }) =>
  api.put<TCampaignDetail>(`/api/evaluation/entries/${v.entryId}/sheet`, { marks: v.marks, submit: v.submit });
export const castVote = (v: { entryId: number; recommend: boolean }) =>
  api.post<TCampaignDetail>(`/api/evaluation/entries/${v.entryId}/vote`, { recommend: v.recommend });
export const cancelCampaign = (v: { id: number; reason: string }) =>
  api.post<TCampaignDetail>(`${c(v.id)}/cancel`, { reason: v.reason });
export const withdrawEntry = (entryId: number) => api.delete<TCampaignDetail>(`/api/evaluation/entries/${entryId}`);
