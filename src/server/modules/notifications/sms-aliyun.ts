import { createHmac, randomUUID } from 'node:crypto';

/**
 * 阿里云短信 (Dysms, SendSms 2017-05-25) with its RPC request signature: the parameters sorted by name, each name and
 * value percent-encoded per RFC 3986 (space → %20, `*` → %2A, `~` kept), joined with `&`; the string to sign is
 * `GET&%2F&` + the encoded query; the signature is Base64(HMAC-SHA1(AccessKeySecret + "&", string to sign)).
 */

export interface AliyunSmsConfig {
  /** https://dysmsapi.aliyuncs.com/ in production; a loopback server in tests. */
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** 短信签名, as approved in the console (e.g. 吉林省方志委). */
  signName: string;
  /** 模板CODE (SMS_123456789); the template has one variable ${title}. */
  templateCode: string;
}

export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The canonicalized query (sorted, encoded) and its signature. Pure. */
export function signAliyunRpc(
  params: Record<string, string>,
  accessKeySecret: string,
  method = 'GET',
): { query: string; signature: string } {
  const query = Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`)
    .join('&');
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(query)}`;
  const signature = createHmac('sha1', `${accessKeySecret}&`).update(stringToSign).digest('base64');
  return { query, signature };
}

/** Aliyun variable values are limited to 35 characters: the announcement's title, shortened. */
export function smsTitle(title: string): string {
  const chars = Array.from(title);
  return chars.length > 35 ? `${chars.slice(0, 34).join('')}…` : title;
}

/** Sends one SMS; throws an Error with a Chinese message when the service refuses. */
export async function sendAliyunSms(
  config: AliyunSmsConfig,
  phone: string,
  title: string,
  now: Date,
  timeoutMs = 10_000,
): Promise<void> {
  if (!config.endpoint || !config.accessKeyId || !config.accessKeySecret || !config.signName || !config.templateCode) {
    throw new Error('短信未配置完整：请在“通知渠道”中填写阿里云 AccessKey、短信签名和模板CODE。');
  }
  const params: Record<string, string> = {
    AccessKeyId: config.accessKeyId,
    Action: 'SendSms',
    Format: 'JSON',
    PhoneNumbers: phone,
    RegionId: 'cn-hangzhou',
    SignName: config.signName,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: randomUUID(),
    SignatureVersion: '1.0',
    TemplateCode: config.templateCode,
    TemplateParam: JSON.stringify({ title: smsTitle(title) }),
    Timestamp: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Version: '2017-05-25',
  };
  const { query, signature } = signAliyunRpc(params, config.accessKeySecret);
  const url = `${config.endpoint.replace(/\/+$/, '')}/?Signature=${percentEncode(signature)}&${query}`;
  let res: Response;
  try {
    res = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new Error(`短信服务无法连接：${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const body = (await res.json().catch(() => null)) as { Code?: string; Message?: string } | null;
  if (!res.ok || body?.Code !== 'OK') {
    throw new Error(
      `短信发送失败（${body?.Code ?? `HTTP ${res.status}`}）：${body?.Message ?? '短信服务返回了无法识别的结果'}`,
    );
  }
}
