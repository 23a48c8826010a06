import type { TChannel } from '../../../shared/notifications.ts';
import type { NotificationSettings } from './notification-settings.ts';
import { dingtalkPayload, emailText, signDingtalkUrl, wecomPayload, type OutboundMessage } from './robot-payloads.ts';

/** Network sends over the three outbound channels. Each throws an Error with a Chinese message when the far end refuses. */

const TIMEOUT_MS = 10_000;

export async function sendEmail(
  settings: NotificationSettings['smtp'],
  to: string,
  message: OutboundMessage,
): Promise<void> {
  if (!settings.host || !settings.from) throw new Error('邮件服务器未配置：请在“通知渠道”中填写 SMTP 服务器和发件人。');
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password } } : {}),
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    // Base64 keeps Chinese text intact through relays that mangle 8-bit or long quoted-printable lines.
    await transport.sendMail({
      from: settings.from,
      to,
      subject: message.title,
      text: emailText(message),
      textEncoding: 'base64',
    });
  } catch (error) {
    throw new Error(`邮件发送失败：${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    transport.close();
  }
}

async function postRobot(url: string, body: unknown, name: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new Error(`${name}无法连接：${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const text = await res.text();
  if (!res.ok) throw new Error(`${name}返回 HTTP ${res.status}：${text.slice(0, 200)}`);
  // Both robots answer 200 with {"errcode":0,"errmsg":"ok"}; any other errcode is a refusal (bad key, bad sign, rate limit).
  try {
    const answer = JSON.parse(text) as { errcode?: number; errmsg?: string };
    if (typeof answer.errcode === 'number' && answer.errcode !== 0)
      throw new Error(`${name}拒绝了消息（${answer.errcode}：${answer.errmsg ?? ''}）`);
  } catch (error) {
    if (error instanceof SyntaxError) return;
    throw error;
  }
}

export async function sendWecom(settings: NotificationSettings['wecom'], message: OutboundMessage): Promise<void> {
  if (!settings.webhookUrl) throw new Error('企业微信机器人地址未配置。');
  await postRobot(settings.webhookUrl, wecomPayload(message), '企业微信机器人');
}

export async function sendDingtalk(
  settings: NotificationSettings['dingtalk'],
  message: OutboundMessage,
  nowMs: number,
): Promise<void> {
  if (!settings.webhookUrl) throw new Error('钉钉机器人地址未配置。');
  const url = settings.secret ? signDingtalkUrl(settings.webhookUrl, settings.secret, nowMs) : settings.webhookUrl;
  await postRobot(url, dingtalkPayload(message), '钉钉机器人');
}

/** The channels an administrator has switched on. */
export function enabledChannels(settings: NotificationSettings): TChannel[] {
  const on: TChannel[] = [];
  if (settings.smtp.enabled && settings.smtp.host) on.push('email');
  if (settings.wecom.enabled && settings.wecom.webhookUrl) on.push('wecom');
  if (settings.dingtalk.enabled && settings.dingtalk.webhookUrl) on.push('dingtalk');
  if (settings.sms.enabled && settings.sms.endpoint && settings.sms.accessKeyId) on.push('sms');
  return on;
}
