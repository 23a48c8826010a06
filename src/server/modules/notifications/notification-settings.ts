import type { TNotificationSettingsInput, TNotificationSettingsView } from '../../../shared/notifications.ts';
import type { Db } from '../../db/database.ts';
import { findSetting, saveSetting } from './notifications.repository.ts';
import type { SmsSettings } from './sms.ts';

/** The stored form (secrets included). Kept in `setting` under one key as JSON. */
export interface NotificationSettings {
  siteUrl: string;
  smtp: { enabled: boolean; host: string; port: number; secure: boolean; user: string; password: string; from: string };
  wecom: { enabled: boolean; webhookUrl: string };
  dingtalk: { enabled: boolean; webhookUrl: string; secret: string };
  /** 阿里云 or 腾讯云 短信: endpoint, key pair, 签名 and the template whose one variable is the title. */
  sms: SmsSettings;
}

export const SETTINGS_KEY = 'notifications';

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  siteUrl: '',
  smtp: { enabled: false, host: '', port: 25, secure: false, user: '', password: '', from: '' },
  wecom: { enabled: false, webhookUrl: '' },
  dingtalk: { enabled: false, webhookUrl: '', secret: '' },
  sms: {
    enabled: false,
    endpoint: 'https://dysmsapi.aliyuncs.com',
    accessKeyId: '',
    accessKeySecret: '',
    signName: '',
    templateCode: '',
    provider: 'aliyun',
    sdkAppId: '',
    region: '',
  },
};

export async function loadNotificationSettings(db: Db): Promise<NotificationSettings> {
  const row = await findSetting(db, SETTINGS_KEY);
  if (!row) return DEFAULT_NOTIFICATION_SETTINGS;
  const stored = JSON.parse(row.value_json) as Partial<NotificationSettings>;
  const d = DEFAULT_NOTIFICATION_SETTINGS;
  return {
    siteUrl: stored.siteUrl ?? d.siteUrl,
    smtp: { ...d.smtp, ...stored.smtp },
    wecom: { ...d.wecom, ...stored.wecom },
    dingtalk: { ...d.dingtalk, ...stored.dingtalk },
    sms: { ...d.sms, ...stored.sms },
  };
}

/** Merges what the administrator submitted into what is stored: an omitted secret keeps its stored value. */
export function mergeSettings(current: NotificationSettings, input: TNotificationSettingsInput): NotificationSettings {
  return {
    siteUrl: input.siteUrl.replace(/\/+$/, ''),
    smtp: { ...input.smtp, password: input.smtp.password ?? current.smtp.password },
    wecom: { ...input.wecom },
    dingtalk: {
      enabled: input.dingtalk.enabled,
      webhookUrl: input.dingtalk.webhookUrl,
      secret: input.dingtalk.secret ?? current.dingtalk.secret,
    },
    sms: input.sms
      ? {
          ...input.sms,
          endpoint: input.sms.endpoint.replace(/\/+$/, ''),
          accessKeySecret: input.sms.accessKeySecret ?? current.sms.accessKeySecret,
        }
      : current.sms,
  };
}

export async function saveNotificationSettings(db: Db, settings: NotificationSettings, now: string): Promise<void> {
  await saveSetting(db, SETTINGS_KEY, JSON.stringify(settings), now);
}

/** What may leave the server: never the SMTP password or the 钉钉 secret, only whether they are set. */
export function toSettingsView(s: NotificationSettings): TNotificationSettingsView {
  const { password, ...smtp } = s.smtp;
  const { secret, ...dingtalk } = s.dingtalk;
  const { accessKeySecret, ...sms } = s.sms;
  return {
    siteUrl: s.siteUrl,
    smtp: { ...smtp, hasPassword: password !== '' },
    wecom: s.wecom,
    dingtalk: { ...dingtalk, hasSecret: secret !== '' },
    sms: { ...sms, hasSecret: accessKeySecret !== '' },
  };
}
