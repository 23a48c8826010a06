import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import type { TUser, TCreateUserRequest, TUpdateUserRequest } from '../../../shared/users.ts';
import type { TUnit, TCreateUnitRequest, TUpdateUnitRequest, TLoadTemplateResponse } from '../../../shared/org.ts';
import type { TAuditPage } from '../../../shared/audit.ts';
import { api, errorMessage } from '../../api/client.ts';

export const USERS_KEY = ['users'] as const;
export const UNITS_KEY = ['units'] as const;

export const useUsers = () => useQuery({ queryKey: USERS_KEY, queryFn: () => api.get<TUser[]>('/api/users') });
export const useUnits = () => useQuery({ queryKey: UNITS_KEY, queryFn: () => api.get<TUnit[]>('/api/units') });
export const useAudit = (params: Record<string, string | number | undefined>) =>
  useQuery({
    queryKey: ['audit', params],
    queryFn: () => {
      const qs = new URLSearchParams(
        Object.entries(params).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])),
      );
      return api.get<TAuditPage>(`/api/audit?${qs.toString()}`);
    },
  });

/** A mutation that refreshes `keys` and shows the server's Chinese message on success or failure. */
function useAdminMutation<TVars, TResult>(
  fn: (v: TVars) => Promise<TResult>,
  keys: readonly (readonly string[])[],
  success: string,
) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all(keys.map((k) => queryClient.invalidateQueries({ queryKey: k })));
      void message.success(success);
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
}

export const useCreateUser = () =>
  useAdminMutation((v: TCreateUserRequest) => api.post<TUser>('/api/users', v), [USERS_KEY], '用户已创建');
export const useUpdateUser = () =>
  useAdminMutation(
    ({ id, ...v }: TUpdateUserRequest & { id: number }) => api.patch<TUser>(`/api/users/${id}`, v),
    [USERS_KEY],
    '已保存',
  );
export const useResetPassword = () =>
  useAdminMutation(
    ({ id, password }: { id: number; password: string }) => api.post(`/api/users/${id}/password`, { password }),
    [],
    '密码已重置，该用户需重新登录',
  );

export const useCreateUnit = () =>
  useAdminMutation((v: TCreateUnitRequest) => api.post<TUnit>('/api/units', v), [UNITS_KEY], '单位已创建');
export const useUpdateUnit = () =>
  useAdminMutation(
    ({ id, ...v }: TUpdateUnitRequest & { id: number }) => api.patch<TUnit>(`/api/units/${id}`, v),
    [UNITS_KEY],
    '已保存',
  );
export const useDeleteUnit = () =>
  useAdminMutation((id: number) => api.delete(`/api/units/${id}`), [UNITS_KEY], '单位已删除');
export const useLoadTemplate = () =>
  useAdminMutation(
    () => api.post<TLoadTemplateResponse>('/api/units/templates/jilin'),
    [UNITS_KEY],
    '已载入吉林省组织机构模板',
  );
