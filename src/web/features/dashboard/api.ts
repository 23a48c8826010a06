import { useQuery } from '@tanstack/react-query';
import type { TDashboard, TGantt, TGanttGroupBy } from '../../../shared/dashboard.ts';
import { api } from '../../api/client.ts';

export const useDashboard = (planId: number | null, date: string | null) =>
  useQuery({
    queryKey: ['dashboard', planId, date],
    queryFn: () => api.get<TDashboard>(`/api/plans/${planId}/dashboard${date ? `?date=${date}` : ''}`),
    enabled: planId !== null,
  });

export const useGantt = (planId: number | null, groupBy: TGanttGroupBy, date: string | null) =>
  useQuery({
    queryKey: ['gantt', planId, groupBy, date],
    queryFn: () => api.get<TGantt>(`/api/plans/${planId}/gantt?groupBy=${groupBy}${date ? `&date=${date}` : ''}`),
    enabled: planId !== null,
  });
