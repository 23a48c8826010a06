import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import type {
  TChase,
  TChaseRequest,
  TExtension,
  TExtensionCreate,
  TExtensionDecision,
  TPlanLights,
} from '../../../shared/supervision.ts';
import type {
  TAck,
  TAckReminderResult,
  TAckStatus,
  TTaskStartDate,
  TBatchChaseResult,
  TClosureDecision,
  TClosureRequest,
  TInstruction,
  TOverdueList,
  TTaskLoop,
} from '../../../shared/supervision-loop.ts';
import { api, errorMessage } from '../../api/client.ts';

export const LIGHTS_KEY = ['lights'] as const;
export const EXTENSIONS_KEY = ['extensions'] as const;

export const usePlanLights = (planId: number | null, date: string | null) =>
  useQuery({
    queryKey: [...LIGHTS_KEY, planId, date],
    enabled: planId !== null,
    queryFn: () => api.get<TPlanLights>(`/api/plans/${planId}/lights${date ? `?date=${date}` : ''}`),
  });

export const useChases = (taskId: number | null) =>
  useQuery({
    queryKey: ['chases', taskId],
    enabled: taskId !== null,
    queryFn: () => api.get<TChase[]>(`/api/tasks/${taskId}/chases`),
  });

export const useExtensions = (status?: 'pending' | 'approved' | 'refused', taskId?: number) =>
  useQuery({
    queryKey: [...EXTENSIONS_KEY, status ?? 'all', taskId ?? 'any'],
    queryFn: () => {
      const qs = new URLSearchParams();
      if (status) qs.set('status', status);
      if (taskId) qs.set('taskId', String(taskId));
      return api.get<TExtension[]>(`/api/extensions${qs.size > 0 ? `?${qs.toString()}` : ''}`);
    },
  });

/** A mutation that refreshes the lights, the extensions and the task's timeline, and says what happened in Chinese. */
function useSupervisionMutation<TVars, TResult>(fn: (v: TVars) => Promise<TResult>, success: (r: TResult) => string) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (result) => {
      void message.success(success(result));
      // Other pages (the task page, my tasks, the dashboard) show the same tasks under their own keys.
      await queryClient.invalidateQueries();
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
}

export const useChaseTask = () =>
  useSupervisionMutation(
    ({ taskId, ...body }: TChaseRequest & { taskId: number }) => api.post<TChase>(`/api/tasks/${taskId}/chases`, body),
    (c) => {
      const sent = c.deliveries?.filter((d) => d.status === 'sent').length ?? 0;
      const failed = c.deliveries?.filter((d) => d.status === 'failed').length ?? 0;
      return `已发出${c.levelLabel}，站内通知 ${c.notified ?? 0} 人${sent + failed > 0 ? `，外发消息 ${sent} 条${failed > 0 ? `（${failed} 条发送失败，见日志）` : ''}` : ''}`;
    },
  );

export const useCloseTask = () =>
  useSupervisionMutation(
    ({ taskId, evidence }: { taskId: number; evidence: string }) =>
      api.post(`/api/tasks/${taskId}/close`, { evidence }),
    () => '任务已办结',
  );
export const useReopenTask = () =>
  useSupervisionMutation(
    ({ taskId, reason }: { taskId: number; reason: string }) => api.post(`/api/tasks/${taskId}/reopen`, { reason }),
    () => '任务已重新打开',
  );
export const useRequestExtension = () =>
  useSupervisionMutation(
    ({ taskId, ...body }: TExtensionCreate & { taskId: number }) =>
      api.post<TExtension>(`/api/tasks/${taskId}/extensions`, body),
    () => '延期申请已提交，等待委领导审批',
  );
export const useDecideExtension = () =>
  useSupervisionMutation(
    ({ id, ...body }: TExtensionDecision & { id: number }) =>
      api.post<TExtension>(`/api/extensions/${id}/decision`, body),
    (e) => (e.status === 'approved' ? `已同意延期，完成时限改为 ${e.newDate}` : '已不同意延期'),
  );
export const useAnswerChase = () =>
  useSupervisionMutation(
    ({ id, reply }: { id: number; reply: string }) => api.post<TChase>(`/api/chases/${id}/answer`, { reply }),
    () => '已回复',
  );

// The 督办 loop on one task: 签收, 申请办结, 领导批示 (issue 10).
export const useTaskLoop = (taskId: number) =>
  useQuery({ queryKey: ['task-loop', taskId], queryFn: () => api.get<TTaskLoop>(`/api/tasks/${taskId}/loop`) });
export const useAckTask = () =>
  useSupervisionMutation(
    (taskId: number) => api.post<TAck[]>(`/api/tasks/${taskId}/ack`),
    () => '已签收',
  );
export const useAckChase = () =>
  useSupervisionMutation(
    (id: number) => api.post<TChase>(`/api/chases/${id}/ack`),
    (c) => `已签收${c.docNumber ?? c.levelLabel}`,
  );
export const useRequestClosure = () =>
  useSupervisionMutation(
    ({ taskId, evidence }: { taskId: number; evidence: string }) =>
      api.post<TClosureRequest>(`/api/tasks/${taskId}/closure-requests`, { evidence }),
    () => '办结申请已提交，等待督办员审核',
  );
export const useDecideClosure = () =>
  useSupervisionMutation(
    ({ id, ...body }: TClosureDecision & { id: number }) =>
      api.post<TClosureRequest>(`/api/closure-requests/${id}/decision`, body),
    (r) => (r.status === 'approved' ? '已同意办结，任务已办结' : '已退回办结申请'),
  );
export const useClosureRequests = (status?: 'pending' | 'approved' | 'returned') =>
  useQuery({
    queryKey: ['closure-requests', status ?? 'all'],
    queryFn: () => api.get<TClosureRequest[]>(`/api/closure-requests${status ? `?status=${status}` : ''}`),
  });
export const useWriteInstruction = () =>
  useSupervisionMutation(
    ({ taskId, text }: { taskId: number; text: string }) =>
      api.post<TInstruction>(`/api/tasks/${taskId}/instructions`, { text }),
    () => '批示已发送至责任单位',
  );
export const useAnswerInstruction = () =>
  useSupervisionMutation(
    ({ id, text }: { id: number; text: string }) => api.post<TInstruction>(`/api/instructions/${id}/replies`, { text }),
    () => '已回复落实情况',
  );
export const useAckStatus = (planId: number | null) =>
  useQuery({
    queryKey: ['acks', planId],
    enabled: planId !== null,
    queryFn: () => api.get<TAckStatus>(`/api/plans/${planId}/acks`),
  });
export const useOverdue = (planId: number | null, period: string | null, enabled: boolean) =>
  useQuery({
    queryKey: ['overdue', planId, period],
    enabled: enabled && planId !== null,
    queryFn: () => api.get<TOverdueList>(`/api/plans/${planId}/overdue${period ? `?period=${period}` : ''}`),
  });
export const useChaseOverdue = () =>
  useSupervisionMutation(
    ({ planId, ...body }: { planId: number; period: string; message: string; replyBy: string | null }) =>
      api.post<TBatchChaseResult>(`/api/plans/${planId}/overdue/chase`, body),
    (r) => `已向 ${r.sent} 个逾期未报的任务单位发出催办，站内通知 ${r.notified} 人`,
  );

// Gaps of the loop (issue 10): 催签收 of the units that have not acknowledged; a task's own start date.
export const useRemindAcks = () =>
  useSupervisionMutation(
    ({ planId, taskId }: { planId: number; taskId: number | null }) =>
      api.post<TAckReminderResult>(`/api/plans/${planId}/acks/remind`, { taskId }),
    (r) =>
      r.units === 0
        ? '没有未签收的单位'
        : `已催签收：${r.units} 个未签收单位，站内通知 ${r.notified} 人${r.notified === 0 ? '（今天已催过，不重复通知）' : ''}`,
  );
export const useSetTaskStart = () =>
  useSupervisionMutation(
    ({ taskId, startDate }: { taskId: number; startDate: string | null }) =>
      api.put<TTaskStartDate>(`/api/tasks/${taskId}/start-date`, { startDate }),
    (r) => (r.startDate ? `开始日期已设为 ${r.startDate}` : '已清除开始日期，计划进度自印发之日起计'),
  );
