import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import type {
  TCopyChange,
  TCopyInput,
  THoldingCounts,
  THoldingCreate,
  THoldingDetail,
  THoldingPage,
  THoldingRecordInput,
  TImportBatch,
  TImportPreview,
  TImportResult,
  TUnionRow,
  TBindingInput,
  TFund,
  TFundInput,
  TLibraryIndicator,
  TOrder,
  TOrderInput,
  TReceiveInput,
  TCoverage,
  TDistribution,
  TDistributionInput,
  TReceiptInput,
  TShipment,
  TEvalAssessment,
  TEvalScores,
  TEvalTemplate,
  TEvalTemplateInput,
  TPrintEventInput,
  TPrintJob,
  TPrintJobInput,
} from '../../../shared/library.ts';
import { api, errorMessage, uploadFile } from '../../api/client.ts';

export const LIBRARY_KEY = ['library'] as const;

export interface HoldingFilter {
  q?: string;
  type?: string;
  unitId?: number;
  page?: number;
  pageSize?: number;
}

export const holdingQueryString = (f: HoldingFilter) => {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '' && v !== null) qs.set(k, String(v));
  return qs.size > 0 ? `?${qs.toString()}` : '';
};

export const useHoldings = (f: HoldingFilter) =>
  useQuery({
    queryKey: [...LIBRARY_KEY, 'holdings', f],
    queryFn: () => api.get<THoldingPage>(`/api/library/holdings${holdingQueryString(f)}`),
  });
export const useHolding = (id: number, enabled = true) =>
  useQuery({
    queryKey: [...LIBRARY_KEY, 'holding', id],
    enabled: enabled && id > 0,
    queryFn: () => api.get<THoldingDetail>(`/api/library/holdings/${id}`),
  });
export const useHoldingCounts = (unitId?: number) =>
  useQuery({
    queryKey: [...LIBRARY_KEY, 'counts', unitId ?? 'all'],
    queryFn: () => api.get<THoldingCounts>(`/api/library/holdings/counts${unitId ? `?unitId=${unitId}` : ''}`),
  });
export const useUnion = (f: HoldingFilter) =>
  useQuery({
    queryKey: [...LIBRARY_KEY, 'union', f],
    queryFn: () =>
      api.get<{ rows: TUnionRow[]; total: number; units: { id: number; name: string }[] }>(
        `/api/library/holdings/union${holdingQueryString(f)}`,
      ),
  });
export const useImportBatches = () =>
  useQuery({ queryKey: [...LIBRARY_KEY, 'imports'], queryFn: () => api.get<TImportBatch[]>('/api/library/imports') });

/** A mutation that refreshes every library view and says what happened in Chinese. */
export function useLibraryMutation<TVars, TResult>(
  fn: (v: TVars) => Promise<TResult>,
  success: (r: TResult) => string,
) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (result) => {
      void message.success(success(result));
      await queryClient.invalidateQueries();
    },
    onError: (error) => void message.error(errorMessage(error)),
  });
}

export const createHolding = (body: THoldingCreate) => api.post<THoldingDetail>('/api/library/holdings', body);
export const updateHolding = (id: number, body: THoldingRecordInput) =>
  api.patch<THoldingDetail>(`/api/library/holdings/${id}`, body);
export const addCopy = (recordId: number, body: TCopyInput) =>
  api.post<THoldingDetail>(`/api/library/holdings/${recordId}/copies`, body);
export const addIssue = (recordId: number, body: { year: number; label: string }) =>
  api.post<THoldingDetail>(`/api/library/holdings/${recordId}/issues`, body);
export const changeCopy = (copyId: number, body: TCopyChange) =>
  api.patch<THoldingDetail>(`/api/library/copies/${copyId}`, body);
export const deleteCopy = (copyId: number) => api.delete<null>(`/api/library/copies/${copyId}`);
export const previewImport = (form: FormData, onProgress?: (p: number) => void) =>
  uploadFile<TImportPreview>('/api/library/imports/preview', form, onProgress);
export const runImport = (form: FormData, onProgress?: (p: number) => void) =>
  uploadFile<TImportResult>('/api/library/imports', form, onProgress);
export const rollbackImport = (id: number) => api.post<TImportBatch>(`/api/library/imports/${id}/rollback`);

// ── 采购 ──
export const useFunds = (year?: number) =>
  useQuery({
    queryKey: [...LIBRARY_KEY, 'funds', year ?? 'all'],
    queryFn: () => api.get<TFund[]>(`/api/library/funds${year ? `?year=${year}` : ''}`),
  });
export const useOrders = (year?: number) =>
  useQuery({
    queryKey: [...LIBRARY_KEY, 'orders', year ?? 'all'],
    queryFn: () => api.get<TOrder[]>(`/api/library/orders${year ? `?year=${year}` : ''}`),
  });
export const useLibraryIndicators = () =>
  useQuery({
    queryKey: [...LIBRARY_KEY, 'indicators'],
    queryFn: () => api.get<TLibraryIndicator[]>('/api/library/indicators'),
  });
export const createFund = (body: TFundInput) => api.post<TFund>('/api/library/funds', body);
export const placeOrder = (body: TOrderInput) => api.post<TOrder>('/api/library/orders', body);
export const receiveOrder = (id: number, body: TReceiveInput) =>
  api.post<TOrder>(`/api/library/orders/${id}/receipts`, body);
export const claimOrder = (id: number, note: string) => api.post<TOrder>(`/api/library/orders/${id}/claims`, { note });
export const bindIndicator = (body: TBindingInput) => api.put<TLibraryIndicator>('/api/library/indicators', body);
export const unbindIndicator = (indicatorId: number) => api.delete<null>(`/api/library/indicators/${indicatorId}`);

// ── 配送 ──
export const useDistributions = () =>
  useQuery({
    queryKey: [...LIBRARY_KEY, 'distributions'],
    queryFn: () => api.get<TDistribution[]>('/api/library/distributions'),
  });
export const useCoverage = () =>
  useQuery({
    queryKey: [...LIBRARY_KEY, 'coverage'],
    queryFn: () => api.get<TCoverage>('/api/library/distributions/coverage'),
  });
export const useMyShipments = () =>
  useQuery({
    queryKey: [...LIBRARY_KEY, 'shipments', 'mine'],
    queryFn: () => api.get<TShipment[]>('/api/library/shipments/mine'),
  });
export const createDistribution = (body: TDistributionInput) =>
  api.post<TDistribution>('/api/library/distributions', body);
export const remindDistribution = (id: number) =>
  api.post<{ reminded: number }>(`/api/library/distributions/${id}/reminders`);
export const answerReceipt = (id: number, body: TReceiptInput) =>
  api.post<TShipment>(`/api/library/shipments/${id}/receipt`, body);

// ── 资料室评估 ──
export const useEvalTemplates = () =>
  useQuery({
    queryKey: [...LIBRARY_KEY, 'eval-templates'],
    queryFn: () => api.get<TEvalTemplate[]>('/api/library/evaluation/templates'),
  });
export const useEvaluations = () =>
  useQuery({
    queryKey: [...LIBRARY_KEY, 'evaluations'],
    queryFn: () => api.get<TEvalAssessment[]>('/api/library/evaluations'),
  });
export const useEvaluation = (id: number) =>
  useQuery({
    queryKey: [...LIBRARY_KEY, 'evaluation', id],
    queryFn: () => api.get<TEvalAssessment>(`/api/library/evaluations/${id}`),
  });
export const saveEvalTemplate = (body: TEvalTemplateInput) =>
  api.post<TEvalTemplate>('/api/library/evaluation/templates', body);
export const startEvaluation = (body: { templateId: number; year: number }) =>
  api.post<TEvalAssessment>('/api/library/evaluations', body);
export const saveSelf = (id: number, scores: TEvalScores, submit: boolean) =>
  api.put<TEvalAssessment>(`/api/library/evaluations/${id}/self`, { scores, submit });
export const reviewEvaluation = (id: number, approve: boolean, comment: string | null) =>
  api.post<TEvalAssessment>(`/api/library/evaluations/${id}/review`, { approve, comment });
export const saveOnsite = (id: number, scores: TEvalScores) =>
  api.put<TEvalAssessment>(`/api/library/evaluations/${id}/onsite`, { scores });
export const uploadPhoto = (id: number, form: FormData) =>
  uploadFile<TEvalAssessment>(`/api/library/evaluations/${id}/photos`, form);
export const gradeEvaluation = (id: number, rectifications: { text: string; deadline: string }[]) =>
  api.post<TEvalAssessment>(`/api/library/evaluations/${id}/grade`, { rectifications });
export const rectificationDone = (id: number, note: string) =>
  api.post<TEvalAssessment>(`/api/library/rectifications/${id}/done`, { note });

// ── 印刷 ──
export const usePrintJobs = (enabled: boolean) =>
  useQuery({
    queryKey: [...LIBRARY_KEY, 'print-jobs'],
    enabled,
    queryFn: () => api.get<TPrintJob[]>('/api/library/print-jobs'),
  });
export const createPrintJob = (body: TPrintJobInput) => api.post<TPrintJob>('/api/library/print-jobs', body);
export const recordPrintEvent = (id: number, body: TPrintEventInput) =>
  api.post<TPrintJob>(`/api/library/print-jobs/${id}/events`, body);
export const pressPrintJob = (id: number) => api.post<TPrintJob>(`/api/library/print-jobs/${id}/press`);
export const acceptPrintJob = (id: number) => api.post<TPrintJob>(`/api/library/print-jobs/${id}/accept`);
export const resolvePrintFinding = (id: number) => api.post<TPrintJob>(`/api/library/print-findings/${id}/resolve`);
