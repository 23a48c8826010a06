import type {
  TChannel,
  TNotificationSettingsInput,
  TNotificationSettingsView,
  TTestMessageResult,
} from '../../../shared/notifications.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { resolveInput, type DeferredInput } from '../../platform/deferred-input.ts';
import { authorize } from '../../platform/policy.ts';
import { sendDingtalk, sendEmail, sendWecom } from './channels.ts';
import { missingSmsSettings, sendSms } from './sms.ts';
import {
  loadNotificationSettings,
  mergeSettings,
  saveNotificationSettings,
  toSettingsView,
} from './notification-settings.ts';

export async function getChannelSettings(deps: { db: Db }, actor: Actor): Promise<TNotificationSettingsView> {
  authorize(actor, 'notification.configure');
  return toSettingsView(await loadNotificationSettings(deps.db));
}

export async function updateChannelSettings(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  values: DeferredInput<TNotificationSettingsInput>,
): Promise<TNotificationSettingsView> {
  authorize(actor, 'notification.configure');
  const input = await resolveInput(values);
  if (input.smtp.enabled && (!input.smtp.host || !input.smtp.from)) {
    throw new AppError('VALIDATION_FAILED', '启用邮件提醒时请填写 SMTP 服务器地址和发件人邮箱。');
  }
  if (input.wecom.enabled && !input.wecom.webhookUrl)
    throw new AppError('VALIDATION_FAILED', '启用企业微信机器人时请填写机器人地址（Webhook）。');
  if (input.dingtalk.enabled && !input.dingtalk.webhookUrl)
    throw new AppError('VALIDATION_FAILED', '启用钉钉机器人时请填写机器人地址（Webhook）。');
  const smsMissing = input.sms?.enabled ? missingSmsSettings(input.sms) : null;
  if (smsMissing) throw new AppError('VALIDATION_FAILED', smsMissing);
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const current = await loadNotificationSettings(trx);
    const next = mergeSettings(current, input);
    await saveNotificationSettings(trx, next, now);
    // The audit log shows what changed, never the secrets themselves.
    await recordAudit(trx, deps.clock, actor, {
      action: 'settings.notifications',
      entityType: 'setting',
      entityId: 'notifications',
      summary: '修改通知渠道设置',
      before: toSettingsView(current),
      after: toSettingsView(next),
    });
    return toSettingsView(next);
  });
}

/** "发送测试消息": sends one message on one channel with the saved settings and says what happened, in Chinese. */
export async function sendTestMessage(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  values: DeferredInput<{ channel: TChannel; to?: string | undefined }>,
): Promise<TTestMessageResult> {
  authorize(actor, 'notification.configure');
  const input = await resolveInput(values);
  const s = await loadNotificationSettings(deps.db);
  const message = {
    title: '方志平台测试消息',
    lines: [
      `这是一条由${actor.displayName}发送的测试消息，收到即说明通知渠道配置正确。`,
      `发送时间：${deps.clock.now().toISOString().replace('T', ' ').slice(0, 19)}（UTC）`,
    ],
    link: s.siteUrl || null,
  };
  try {
    if (input.channel === 'email') {
      if (!input.to) throw new AppError('VALIDATION_FAILED', '请填写接收测试邮件的邮箱地址。');
      await sendEmail(s.smtp, input.to, message);
    } else if (input.channel === 'sms') {
      if (!input.to || !/^1[3-9]\d{9}$/.test(input.to))
        throw new AppError('VALIDATION_FAILED', '请填写接收测试短信的 11 位手机号。');
      await sendSms(s.sms, input.to, message.title, deps.clock.now());
    } else if (input.channel === 'wecom') await sendWecom(s.wecom, message);
    else await sendDingtalk(s.dingtalk, message, deps.clock.now().getTime());
  } catch (error) {
    if (error instanceof AppError) throw error;
    return { channel: input.channel, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const done =
    input.channel === 'email'
      ? `测试邮件已发送至 ${input.to}。`
      : input.channel === 'sms'
        ? `测试短信已发送至 ${input.to}。`
        : '测试消息已发送，请在群里查看。';
  return { channel: input.channel, ok: true, message: done };
}
