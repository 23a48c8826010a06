import { createHash, createHmac } from 'node:crypto';
import { smsTitle } from './sms-aliyun.ts';

/**
 * 腾讯云短信 (SendSms, API 3.0, version 2021-01-11) signed with TC3-HMAC-SHA256:
 *   CanonicalRequest = POST \n / \n (empty query) \n content-type:…\nhost:…\nx-tc-action:sendsms\n \n
 *                      content-type;host;x-tc-action \n hex(SHA256(body))
 *   StringToSign     = TC3-HMAC-SHA256 \n timestamp \n YYYY-MM-DD/sms/tc3_request \n hex(SHA256(CanonicalRequest))
 *   key              = HMAC(HMAC(HMAC("TC3" + SecretKey, date), "sms"), "tc3_request")
 *   Authorization    = TC3-HMAC-SHA256 Credential=SecretId/scope, SignedHeaders=…, Signature=hex(HMAC(key, StringToSign))
 * The date is the UTC day of the timestamp.
 */

export interface TencentSmsConfig {
  /** https://sms.tencentcloudapi.com in production; a loopback server in tests. */
  endpoint: string;
  secretId: string;
  secretKey: string;
  /** 短信 SdkAppId (1400…). */
  sdkAppId: string;
  /** 地域, e.g. ap-guangzhou. */
  region: string;
  /** 签名内容 as approved (e.g. 吉林省方志委). */
  signName: string;
  /** 模板 ID (digits); the template has one variable {1}: the announcement's title. */
  templateId: string;
}

export const TENCENT_SMS_VERSION = '2021-01-11';
const CONTENT_TYPE = 'application/json; charset=utf-8';
const SIGNED_HEADERS = 'content-type;host;x-tc-action';

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

/** The Authorization header of a TC3-HMAC-SHA256 request. Pure. */
export function signTencentTc3(input: {
  secretId: string;
  secretKey: string;
  service: string;
  host: string;
  action: string;
  body: string;
  timestamp: number;
}): { authorization: string; canonicalRequest: string; stringToSign: string } {
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  // Header names and values in lower case, trimmed (the rule of the canonical headers).
  const canonicalHeaders = [
    ['content-type', CONTENT_TYPE],
    ['host', input.host],
    ['x-tc-action', input.action],
  ]
    .map(([k, v]) => `${k}:${v!.trim().toLowerCase()}\n`)
    .join('');
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, SIGNED_HEADERS, sha256Hex(input.body)].join('\n');
  const scope = `${date}/${input.service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(input.timestamp), scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(`TC3${input.secretKey}`, date), input.service), 'tc3_request');
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  return {
    authorization: `TC3-HMAC-SHA256 Credential=${input.secretId}/${scope}, SignedHeaders=${SIGNED_HEADERS}, Signature=${signature}`,
    canonicalRequest,
    stringToSign,
  };
}

/** Mainland numbers go out in E.164 (+86…); a number already written with + is kept. */
export function e164(phone: string): string {
  const p = phone.trim();
  return p.startsWith('+') ? p : `+86${p}`;
}

/** Sends one SMS; throws an Error with a Chinese message when the service refuses. */
export async function sendTencentSms(
  config: TencentSmsConfig,
  phone: string,
  title: string,
  now: Date,
  timeoutMs = 10_000,
): Promise<void> {
  if (
    !config.endpoint ||
    !config.secretId ||
    !config.secretKey ||
    !config.sdkAppId ||
    !config.signName ||
    !config.templateId
  ) {
    throw new Error('短信未配置完整：请在“通知渠道”中填写腾讯云 SecretId/SecretKey、SdkAppId、短信签名和模板 ID。');
  }
  const url = new URL(config.endpoint.replace(/\/+$/, '') + '/');
  const body = JSON.stringify({
    PhoneNumberSet: [e164(phone)],
    SmsSdkAppId: config.sdkAppId,
    SignName: config.signName,
    TemplateId: config.templateId,
    TemplateParamSet: [smsTitle(title)],
  });
  const timestamp = Math.floor(now.getTime() / 1000);
  const { authorization } = signTencentTc3({
    secretId: config.secretId,
    secretKey: config.secretKey,
    service: 'sms',
    host: url.host,
    action: 'SendSms',
    body,
    timestamp,
  });
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        Authorization: authorization,
        'Content-Type': CONTENT_TYPE,
        'X-TC-Action': 'SendSms',
        'X-TC-Version': TENCENT_SMS_VERSION,
        'X-TC-Timestamp': String(timestamp),
        'X-TC-Region': config.region || 'ap-guangzhou',
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new Error(`短信服务无法连接：${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  type Answer = {
    Response?: {
      Error?: { Code?: string; Message?: string };
      SendStatusSet?: { Code?: string; Message?: string; PhoneNumber?: string }[];
    };
  };
  const answer = (await res.json().catch(() => null)) as Answer | null;
  const error = answer?.Response?.Error;
  if (!res.ok || error || !answer?.Response) {
    throw new Error(
      `短信发送失败（${error?.Code ?? `HTTP ${res.status}`}）：${error?.Message ?? '短信服务返回了无法识别的结果'}`,
    );
  }
  const status = answer.Response.SendStatusSet?.[0];
  if (status?.Code !== 'Ok')
    throw new Error(`短信发送失败（${status?.Code ?? '无发送结果'}）：${status?.Message ?? '短信服务未返回发送状态'}`);
}
