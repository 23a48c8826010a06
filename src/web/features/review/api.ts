import { App } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TOpinion, TReviewPerson, TRound, TRoundView, TTextItem } from '../../../shared/review.ts';
import { api, errorMessage } from '../../api/client.ts';

export const ROUNDS_KEY = ['review', 'rounds'] as const;
export const roundKey = (id: number) => ['review', 'round', id] as const;

export const useRounds = () =>
  useQuery({ queryKey: ROUNDS_KEY, queryFn: () => api.get<TRound[]>('/api/review/rounds') });
export const useRound = (id: number) =>
  useQuery({ queryKey: roundKey(id), queryFn: () => api.get<TRoundView>(`/api/review/rounds/${id}`) });
export const useRoundText = (id: number) =>
  useQuery({
    queryKey: [...roundKey(id), 'text'],
    queryFn: () => api.get<TTextItem[]>(`/api/review/rounds/${id}/text`),
    staleTime: Infinity,
  });
export const useOpinions = (id: number) =>
  useQuery({
    queryKey: [...roundKey(id), 'opinions'],
    queryFn: () => api.get<TOpinion[]>(`/api/review/rounds/${id}/opinions`),
  });
export const useReviewPeople = (enabled: boolean) =>
  useQuery({
    queryKey: ['review', 'people'],
    queryFn: () => api.get<TReviewPerson[]>('/api/review/people'),
    enabled,
  });

/** A mutation that refreshes the round (and the list) and says what happened, or what went wrong, in Chinese. */
export function useRoundMutation<TVars, TResult>(
  roundId: number | null,
  fn: (v: TVars) => Promise<TResult>,
  success: string | null,
) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      if (roundId !== null) await queryClient.invalidateQueries({ queryKey: roundKey(roundId) });
      await queryClient.invalidateQueries({ queryKey: ROUNDS_KEY });
      if (success) void message.success(success);
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
}
