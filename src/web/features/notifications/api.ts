import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import type {
  TNotificationPage,
  TNotificationSettingsInput,
  TNotificationSettingsView,
  TReminderRunResult,
  TTestMessageResult,
} from '../../../shared/notifications.ts';
import { api, errorMessage } from '../../api/client.ts';

export const NOTIFICATIONS_KEY = ['notifications'] as const;
const SETTINGS_KEY = ['settings', 'notifications'] as const;

/** The user's notifications; the header bell polls the first page each minute for the unread badge. */
export const useNotifications = (page = 1, unreadOnly = false, poll = false) =>
  useQuery({
    queryKey: [...NOTIFICATIONS_KEY, page, unreadOnly],
    queryFn: () =>
      api.get<TNotificationPage>(`/api/notifications?page=${page}&pageSize=20${unreadOnly ? '&unreadOnly=true' : ''}`),
    refetchInterval: poll ? 60_000 : false,
  });

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number | 'all') =>
      id === 'all' ? api.post('/api/notifications/read-all') : api.post(`/api/notifications/${id}/read`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}

export function useRunReminders() {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: () => api.post<TReminderRunResult>('/api/notifications/reminders/run'),
    onSuccess: (r) => {
      void message.success(`已检查 ${r.date} 的提醒：新发站内通知 ${r.notifications} 条，外发消息 ${r.deliveries} 条`);
      return queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
}

export const useChannelSettings = () =>
  useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: () => api.get<TNotificationSettingsView>('/api/settings/notifications'),
  });

export function useSaveChannelSettings() {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: (v: TNotificationSettingsInput) => api.put<TNotificationSettingsView>('/api/settings/notifications', v),
    onSuccess: (saved) => {
      queryClient.setQueryData(SETTINGS_KEY, saved);
      void message.success('通知渠道设置已保存');
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
}

export const useSendTestMessage = () =>
  useMutation({
    mutationFn: (v: { channel: 'email' | 'wecom' | 'dingtalk' | 'sms'; to?: string }) =>
      api.post<TTestMessageResult>('/api/settings/notifications/test', v),
  });
