import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for sms.tencentcloudapi.com on loopback that checks TC3-HMAC-SHA256 the way Tencent Cloud does, written
 * from the published algorithm (it does not call the code under test): it rebuilds the canonical request from the
 * headers it actually received and the raw body, derives the signing key from the secret it knows and compares.
 * `+8613900000000` is refused as a bad number.
 */
export interface TencentSmsStub {
  endpoint: string;
  received: { headers: IncomingMessage['headers']; body: Record<string, unknown>; failure: string | null }[];
  close(): Promise<void>;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const mac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s, 'utf8').digest();

function verify(req: IncomingMessage, raw: string, secretId: string, secretKey: string): string | null {
  const auth =
    /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/(\w+)\/tc3_request, SignedHeaders=([a-z;-]+), Signature=([0-9a-f]{64})$/.exec(
      String(req.headers.authorization ?? ''),
    );
  if (!auth) return 'AuthFailure.InvalidAuthorization';
  const [, id, date, service, signed, signature] = auth;
  if (id !== secretId) return 'AuthFailure.SecretIdNotFound';
  const timestamp = Number(req.headers['x-tc-timestamp']);
  if (new Date(timestamp * 1000).toISOString().slice(0, 10) !== date) return 'AuthFailure.SignatureFailure';
  const names = signed!.split(';');
  if (!names.includes('host') || !names.includes('content-type')) return 'AuthFailure.SignatureFailure';
  const headers = names
    .map(
      (n) =>
        `${n}:${String(req.headers[n] ?? '')
          .trim()
          .toLowerCase()}\n`,
    )
    .join('');
  const canonical = `POST\n/\n\n${headers}\n${signed}\n${sha256(raw)}`;
  const toSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/${service}/tc3_request\n${sha256(canonical)}`;
  const key = mac(mac(mac(`TC3${secretKey}`, date!), service!), 'tc3_request');
  return createHmac('sha256', key).update(toSign).digest('hex') === signature ? null : 'AuthFailure.SignatureFailure';
}

export async function startTencentSmsStub(secretId: string, secretKey: string): Promise<TencentSmsStub> {
  const received: TencentSmsStub['received'] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      const failure = verify(req, raw, secretId, secretKey);
      received.push({ headers: req.headers, body, failure });
      if (failure) {
        res.end(JSON.stringify({ Response: { Error: { Code: failure, Message: '签名验证失败' }, RequestId: 'r1' } }));
        return;
      }
      const phone = (body.PhoneNumberSet as string[] | undefined)?.[0] ?? '';
      const code = phone === '+8613900000000' ? 'InvalidParameterValue.IncorrectPhoneNumber' : 'Ok';
      const message = code === 'Ok' ? 'send success' : '手机号格式错误';
      res.end(
        JSON.stringify({
          Response: { SendStatusSet: [{ Code: code, Message: message, PhoneNumber: phone }], RequestId: 'r2' },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
