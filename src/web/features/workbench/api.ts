import { useQuery } from '@tanstack/react-query';
import type { TTodo } from '../../../shared/supervision-loop.ts';
import { api } from '../../api/client.ts';

/** The signed-in person's 待办 and 已办; refreshed every minute and whenever a mutation invalidates the queries. */
export const useTodo = (enabled = true) =>
  useQuery({ queryKey: ['my-todo'], enabled, refetchInterval: 60_000, queryFn: () => api.get<TTodo>('/api/my/todo') });
