import { useQuery } from '@tanstack/react-query';
import { AppError } from '../../shared/errors.ts';
import type { TCurrentUser } from '../../shared/auth.ts';
import { api } from '../api/client.ts';

export const ME_KEY = ['me'] as const;

/** The signed-in user, or null when there is no session. */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async (): Promise<TCurrentUser | null> => {
      try {
        return await api.get<TCurrentUser>('/api/auth/me');
      } catch (error) {
        if (error instanceof AppError && error.code === 'UNAUTHENTICATED') return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function hasPermission(me: TCurrentUser | null | undefined, permission: string): boolean {
  return !!me?.permissions.includes(permission);
}
