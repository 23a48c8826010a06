import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TImportPlanRequest,
  TImportPlanResponse,
  TPlanDetail,
  TPlanPreview,
  TPlanSummary,
} from '../../../shared/workplan.ts';
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
export const usePlan = (id: number) =>
  useQuery({ queryKey: [...PLANS_KEY, id], queryFn: () => api.get<TPlanDetail>(`/api/plans/${id}`) });

/** Parses an uploaded or pasted plan without saving; `percent` is the upload's progress while it is being sent. */
export function usePreviewPlan() {
  const [percent, setPercent] = useState<number | null>(null);
  const mutation = useMutation({
    mutationFn: (input: PlanInput) => uploadFile<TPlanPreview>('/api/plans/preview', toForm(input), setPercent),
    onSettled: () => setPercent(null),
  });
  return { ...mutation, percent };
}

/** Saves the confirmed table with the original file; `percent` is the upload's progress while it is being sent. */
export function useImportPlan() {
  const queryClient = useQueryClient();
  const [percent, setPercent] = useState<number | null>(null);
  const mutation = useMutation({
    mutationFn: ({ input, plan }: { input: PlanInput; plan: TImportPlanRequest }) =>
      uploadFile<TImportPlanResponse>('/api/plans', toForm(input, plan), setPercent),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: PLANS_KEY }),
    onSettled: () => setPercent(null),
  });
  return { ...mutation, percent };
}
