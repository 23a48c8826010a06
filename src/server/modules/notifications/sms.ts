import type { TSmsProvider } from '../../../shared/notifications.ts';
import { sendAliyunSms } from './sms-aliyun.ts';
import { sendTencentSms } from './sms-tencent.ts';

/** The stored SMS settings: one provider at a time; the key pair is 阿里云 AccessKey or 腾讯云 SecretId/SecretKey. */
export interface SmsSettings {
  enabled: boolean;
  provider: TSmsProvider;
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  /** 阿里云 模板CODE (SMS_…) or 腾讯云 模板 ID (digits). */
  templateCode: string;
  /** 腾讯云 only. */
  sdkAppId: string;
  region: string;
}

/** What is missing for the chosen provider, in Chinese; null when complete. Pure. */
export function missingSmsSettings(s: Omit<SmsSettings, 'accessKeySecret' | 'enabled'>): string | null {
  if (s.provider === 'tencent') {
    if (!s.endpoint || !s.accessKeyId || !s.sdkAppId || !s.signName || !s.templateCode)
      return '启用腾讯云短信时请填写服务地址、SecretId、SdkAppId、短信签名和模板 ID。';
    if (!/^\d+$/.test(s.templateCode)) return '腾讯云短信的模板 ID 应为数字（在短信控制台“正文模板管理”中查看）。';
    return null;
  }
  if (!s.endpoint || !s.accessKeyId || !s.signName || !s.templateCode)
    return '启用短信时请填写服务地址、AccessKey ID、短信签名和模板CODE。';
  if (!/^SMS_\d+$/.test(s.templateCode)) return '阿里云短信的模板CODE 形如 SMS_123456789。';
  return null;
}

/** Sends one SMS through the configured provider; throws an Error with a Chinese message when it refuses. */
export function sendSms(s: SmsSettings, phone: string, title: string, now: Date): Promise<void> {
  if (s.provider === 'tencent')
    return sendTencentSms(
      {
        endpoint: s.endpoint,
        secretId: s.accessKeyId,
        secretKey: s.accessKeySecret,
        sdkAppId: s.sdkAppId,
        region: s.region,
        signName: s.signName,
        templateId: s.templateCode,
      },
      phone,
      title,
      now,
    );
  return sendAliyunSms(s, phone, title, now);
}
