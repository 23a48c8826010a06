import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TAttachment,
  TIndicator,
  TIndicatorInput,
  TMilestone,
  TMilestoneInput,
  TMyTasks,
  TReport,
  TReportDraft,
  TTaskView,
} from '../../../shared/reports.ts';
import type { TSupervisionSettings } from '../../../shared/supervision.ts';
import { api, uploadFile } from '../../api/client.ts';

export const TASK_KEY = ['task'] as const;
export const MY_TASKS_KEY = ['my-tasks'] as const;

export const useTaskView = (id: number) =>
  useQuery({ queryKey: [...TASK_KEY, id], queryFn: () => api.get<TTaskView>(`/api/tasks/${id}`) });
export const useMyTasks = () => useQuery({ queryKey: MY_TASKS_KEY, queryFn: () => api.get<TMyTasks>('/api/my/tasks') });
export const useSupervisionSettings = (planId: number) =>
  useQuery({
    queryKey: ['supervision', planId],
    queryFn: () => api.get<TSupervisionSettings>(`/api/plans/${planId}/supervision`),
  });

/** Every change on the task page refreshes the task view and the unit view. */
function useTaskMutation<V, R>(taskId: number, fn: (v: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: [...TASK_KEY, taskId] });
      await queryClient.invalidateQueries({ queryKey: MY_TASKS_KEY });
    },
  });
}

export const useSaveMilestone = (taskId: number) =>
  useTaskMutation(taskId, ({ id, input }: { id?: number; input: TMilestoneInput }) =>
    id
      ? api.put<TMilestone>(`/api/milestones/${id}`, input)
      : api.post<TMilestone>(`/api/tasks/${taskId}/milestones`, input),
  );
export const useDeleteMilestone = (taskId: number) =>
  useTaskMutation(taskId, (id: number) => api.delete<void>(`/api/milestones/${id}`));
export const useReachMilestone = (taskId: number) =>
  useTaskMutation(taskId, ({ id, reached }: { id: number; reached: boolean }) =>
    api.post<TMilestone>(`/api/milestones/${id}/reached`, { reached }),
  );
export const useSetContinuous = (taskId: number) =>
  useTaskMutation(taskId, (isContinuous: boolean) => api.patch<TTaskView>(`/api/tasks/${taskId}`, { isContinuous }));

export const useIndicatorsFromTargets = (taskId: number) =>
  useTaskMutation(taskId, () => api.post<TIndicator[]>(`/api/tasks/${taskId}/indicators/from-targets`));
export const useSaveIndicator = (taskId: number) =>
  useTaskMutation(taskId, ({ id, input }: { id?: number; input: TIndicatorInput }) =>
    id
      ? api.put<TIndicator>(`/api/indicators/${id}`, input)
      : api.post<TIndicator>(`/api/tasks/${taskId}/indicators`, input),
  );
export const useDeleteIndicator = (taskId: number) =>
  useTaskMutation(taskId, (id: number) => api.delete<void>(`/api/indicators/${id}`));

export const useSaveReport = (taskId: number) =>
  useTaskMutation(taskId, ({ period, draft }: { period: string; draft: TReportDraft }) =>
    api.put<TReport>(`/api/tasks/${taskId}/reports/${period}`, draft),
  );
/** 提交审核: saves the form first, then submits what was saved. */
export const useSubmitReport = (taskId: number) =>
  useTaskMutation(taskId, async ({ period, draft }: { period: string; draft: TReportDraft }) => {
    const saved = await api.put<TReport>(`/api/tasks/${taskId}/reports/${period}`, draft);
    return api.post<TReport>(`/api/reports/${saved.id}/submit`);
  });
export const useDecideReport = (taskId: number) =>
  useTaskMutation(
    taskId,
    ({ id, decision, comment }: { id: number; decision: 'approve' | 'return'; comment: string }) =>
      api.post<TReport>(`/api/reports/${id}/${decision}`, { comment }),
  );
export const useUploadAttachment = (taskId: number) =>
  useTaskMutation(taskId, ({ reportId, file }: { reportId: number; file: File }) => {
    const form = new FormData();
    form.set('file', file);
    return uploadFile<TAttachment>(`/api/reports/${reportId}/attachments`, form);
  });
export const useDeleteAttachment = (taskId: number) =>
  useTaskMutation(taskId, (id: number) => api.delete<void>(`/api/attachments/${id}`));
