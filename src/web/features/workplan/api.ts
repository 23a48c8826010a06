import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TImportPlanRequest, TImportPlanResponse, TPlanDetail, TPlanPreview, TPlanSummary } from '../../../shared/workplan.ts';
import { api, uploadFile } from '../../api/client.ts';

export const PLANS_KEY = ['plans'] as const;

export type PlanInput = { kind: 'file'; file: File } | { kind: 'text'; text: string };

function toForm(input: PlanInput, plan?: TImportPlanRequest): FormData {
  const form = new FormData();
  if (input.kind === 'file') form.set('file', input.file);
  else form.set('text', input.text);
  if (plan) form.set('plan', JSON.stringify(plan));
  return form;
}

export const usePlans = () => useQuery({ queryKey: PLANS_KEY, queryFn: () => api.get<TPlanSummary[]>('/api/plans') });
export const usePlan = (id: number) => useQuery({ queryKey: [...PLANS_KEY, id], queryFn: () => api.get<TPlanDetail>(`/api/plans/${id}`) });

export const usePreviewPlan = () =>
  useMutation({ mutationFn: (input: PlanInput) => uploadFile<TPlanPreview>('/api/plans/preview', toForm(input)) });

export function useImportPlan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ input, plan }: { input: PlanInput; plan: TImportPlanRequest }) =>
      uploadFile<TImportPlanResponse>('/api/plans', toForm(input, plan)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: PLANS_KEY }),
  });
}
