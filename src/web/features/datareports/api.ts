import { useQuery } from '@tanstack/react-query';
import type {
  TCycle,
  TCycleDetail,
  TCycleInput,
  TForm,
  TFormInput,
  TReview,
  TRollup,
  TSaveSubmission,
  TSubmission,
  TTrend,
} from '../../../shared/datareports.ts';
import { api, uploadFile } from '../../api/client.ts';

export const DATAREPORTS_KEY = ['datareports'] as const;
export const useForms = () =>
  useQuery({ queryKey: [...DATAREPORTS_KEY, 'forms'], queryFn: () => api.get<TForm[]>('/api/datareports/forms') });
export const useCycles = () =>
  useQuery({ queryKey: [...DATAREPORTS_KEY, 'cycles'], queryFn: () => api.get<TCycle[]>('/api/datareports/cycles') });
export const useCycle = (id: number) =>
  useQuery({
    queryKey: [...DATAREPORTS_KEY, 'cycle', id],
    queryFn: () => api.get<TCycleDetail>(`/api/datareports/cycles/${id}`),
  });
export const useMySubmission = (id: number, enabled: boolean) =>
  useQuery({
    queryKey: [...DATAREPORTS_KEY, 'mine', id],
    enabled,
    queryFn: () => api.get<TSubmission>(`/api/datareports/cycles/${id}/mine`),
  });
export const useRollup = (id: number) =>
  useQuery({
    queryKey: [...DATAREPORTS_KEY, 'rollup', id],
    queryFn: () => api.get<TRollup>(`/api/datareports/cycles/${id}/rollup`),
  });
export const useTrend = (formId: number, field: string | null) =>
  useQuery({
    queryKey: [...DATAREPORTS_KEY, 'trend', formId, field],
    enabled: field !== null,
    queryFn: () => api.get<TTrend>(`/api/datareports/trend?formId=${formId}&field=${field}`),
  });

export const createForm = (body: TFormInput) => api.post<TForm>('/api/datareports/forms', body);
export const updateForm = (id: number, body: TFormInput) => api.patch<TForm>(`/api/datareports/forms/${id}`, body);
export const createCycle = (body: TCycleInput) => api.post<TCycle>('/api/datareports/cycles', body);
export const saveMine = (id: number, body: TSaveSubmission) =>
  api.put<TSubmission>(`/api/datareports/cycles/${id}/mine`, body);
export const uploadMine = (id: number, form: FormData) =>
  uploadFile<TSubmission>(`/api/datareports/cycles/${id}/mine/upload`, form);
export const submitMine = (id: number) => api.post<TSubmission>(`/api/datareports/cycles/${id}/mine/submit`);
export const review = (id: number, body: TReview) =>
  api.post<TSubmission>(`/api/datareports/submissions/${id}/review`, body);
