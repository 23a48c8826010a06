import { z } from 'zod';

/** In-app notifications and the outbound channels (SMTP e-mail, 企业微信 and 钉钉 group robots). */

export const ZNotification = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type TNotification = z.infer<typeof ZNotification>;

export const ZNotificationPage = z.object({ items: z.array(ZNotification), total: z.number(), unread: z.number() });
export type TNotificationPage = z.infer<typeof ZNotificationPage>;

export const ZNotificationQuery = z.object({
  unreadOnly: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const NOTIFICATION_KIND_LABELS: Record<string, string> = {
  chase: '催办',
  escalation: '督办单',
  extension_request: '延期申请',
  extension_decision: '延期审批',
  task_closed: '任务办结',
  report_due: '填报提醒',
  report_overdue: '逾期未报',
  milestone_due: '节点提醒',
  milestone_overdue: '节点逾期',
  deadline_overdue: '任务逾期',
  report_submitted: '进展待审核',
  report_returned: '进展退回',
  report_approved: '进展审核通过',
  chase_answered: '督办回复',
  chase_late_reply: '督办逾期回复',
  closure_requested: '办结申请',
  closure_decision: '办结审核',
  instruction: '领导批示',
  instruction_answered: '批示落实',
};

const ZWebhookUrl = z
  .string()
  .trim()
  .max(1000)
  .refine((v) => v === '' || /^https?:\/\/\S+$/.test(v), { message: '地址应以 http:// 或 https:// 开头' });

/** What an administrator submits. Secrets left out (undefined) keep their stored value; an empty string clears them. */
/** SMS services the platform can send through. */
export const SMS_PROVIDERS = ['aliyun', 'tencent'] as const;
export type TSmsProvider = (typeof SMS_PROVIDERS)[number];
export const SMS_PROVIDER_LABELS: Record<TSmsProvider, string> = { aliyun: '阿里云短信', tencent: '腾讯云短信' };
/** Each provider's API address; the settings page fills it in when the provider changes. */
export const SMS_ENDPOINTS: Record<TSmsProvider, string> = {
  aliyun: 'https://dysmsapi.aliyuncs.com',
  tencent: 'https://sms.tencentcloudapi.com',
};

export const ZNotificationSettingsInput = z.object({
  /** How users reach the platform (e.g. http://10.1.2.3:3000); outbound messages link to it. Empty = no link. */
  siteUrl: ZWebhookUrl.default(''),
  smtp: z.object({
    enabled: z.boolean(),
    host: z.string().trim().max(255),
    port: z.number().int().min(1, '端口应在 1–65535 之间').max(65535, '端口应在 1–65535 之间'),
    secure: z.boolean(),
    user: z.string().trim().max(255),
    password: z.string().max(255).optional(),
    from: z.string().trim().max(255),
  }),
  wecom: z.object({ enabled: z.boolean(), webhookUrl: ZWebhookUrl }),
  dingtalk: z.object({ enabled: z.boolean(), webhookUrl: ZWebhookUrl, secret: z.string().trim().max(255).optional() }),
  /** 阿里云短信 (optional in a request: left out keeps what is stored). */
  sms: z
    .object({
      enabled: z.boolean(),
      endpoint: ZWebhookUrl,
      accessKeyId: z.string().trim().max(255),
      accessKeySecret: z.string().trim().max(255).optional(),
      signName: z.string().trim().max(50, '短信签名不超过 50 个字'),
      templateCode: z
        .string()
        .trim()
        .max(100)
        .refine((v) => v === '' || /^SMS_\d+$/.test(v) || /^\d{1,20}$/.test(v), {
          message: '模板应为阿里云模板CODE（形如 SMS_123456789）或腾讯云模板 ID（数字）',
        }),
      /** Which service sends: 阿里云 (HMAC-SHA1 RPC) or 腾讯云 (TC3-HMAC-SHA256). Left out: 阿里云. */
      provider: z.enum(SMS_PROVIDERS, { error: () => ({ message: '短信服务商应为阿里云或腾讯云' }) }).default('aliyun'),
      /** 腾讯云 only: the SMS application's SdkAppId (1400…) and the region (ap-guangzhou). */
      sdkAppId: z
        .string()
        .trim()
        .refine((v) => v === '' || /^\d{6,20}$/.test(v), { message: 'SdkAppId 应为数字，形如 1400123456' })
        .default(''),
      region: z
        .string()
        .trim()
        .refine((v) => v === '' || /^[a-z]{2}-[a-z]+(-\d+)?$/.test(v), { message: '地域形如 ap-guangzhou' })
        .default(''),
    })
    .optional(),
});
export type TNotificationSettingsInput = z.infer<typeof ZNotificationSettingsInput>;

/** What GET returns: the same, with the password and the 钉钉 signing secret replaced by whether one is set. */
export const ZNotificationSettingsView = z.object({
  siteUrl: z.string(),
  smtp: ZNotificationSettingsInput.shape.smtp.omit({ password: true }).extend({ hasPassword: z.boolean() }),
  wecom: ZNotificationSettingsInput.shape.wecom,
  dingtalk: ZNotificationSettingsInput.shape.dingtalk.omit({ secret: true }).extend({ hasSecret: z.boolean() }),
  sms: ZNotificationSettingsInput.shape.sms.unwrap().omit({ accessKeySecret: true }).extend({ hasSecret: z.boolean() }),
});
export type TNotificationSettingsView = z.infer<typeof ZNotificationSettingsView>;

export const CHANNELS = ['email', 'wecom', 'dingtalk', 'sms'] as const;
export type TChannel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<TChannel, string> = {
  email: '电子邮件',
  wecom: '企业微信机器人',
  dingtalk: '钉钉机器人',
  sms: '短信（阿里云或腾讯云）',
};

export const ZTestMessageRequest = z
  .object({
    channel: z.enum(CHANNELS, { error: () => ({ message: '渠道应为 email、wecom、dingtalk 或 sms' }) }),
    /** E-mail and SMS: the address or mobile number the test message goes to. */
    to: z.string().trim().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.channel === 'email' && v.to && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.to))
      ctx.addIssue({ code: 'custom', path: ['to'], message: '请填写有效的收件邮箱' });
  });
export const ZTestMessageResult = z.object({ channel: z.enum(CHANNELS), ok: z.boolean(), message: z.string() });
export type TTestMessageResult = z.infer<typeof ZTestMessageResult>;

export const ZReminderRunResult = z.object({ date: z.string(), notifications: z.number(), deliveries: z.number() });
export type TReminderRunResult = z.infer<typeof ZReminderRunResult>;
