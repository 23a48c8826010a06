import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percentEncode, sendAliyunSms, signAliyunRpc, type AliyunSmsConfig } from './sms-aliyun.ts';

/**
 * A stand-in for dysmsapi.aliyuncs.com on loopback that checks the signature the way Aliyun does: it recomputes
 * HMAC-SHA1 over the received parameters (all but Signature) with the secret it knows, and refuses a mismatch.
 */
const SECRET = 'testsecret';
let server: Server;
let endpoint = '';
const received: Record<string, string>[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const params = Object.fromEntries(url.searchParams.entries());
    const { Signature, ...rest } = params;
    received.push(params);
    const expected = signAliyunRpc(rest, SECRET).signature;
    res.setHeader('content-type', 'application/json');
    if (Signature !== expected) {
      res.end(
        JSON.stringify({
          Code: 'SignatureDoesNotMatch',
          Message: 'Specified signature is not matched with our calculation.',
        }),
      );
      return;
    }
    if (rest.PhoneNumbers === '13900000000') {
      res.end(JSON.stringify({ Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号' }));
      return;
    }
    res.end(JSON.stringify({ Code: 'OK', Message: 'OK', BizId: '900619746936498440^0' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const config = (over: Partial<AliyunSmsConfig> = {}): AliyunSmsConfig => ({
  endpoint,
  accessKeyId: 'testid',
  accessKeySecret: SECRET,
  signName: '方志平台',
  templateCode: 'SMS_0001',
  ...over,
});

describe('阿里云短信', () => {
  it('encodes per RFC 3986 and signs GET&%2F&<sorted, encoded query> with HMAC-SHA1(secret + "&")', () => {
    expect(percentEncode("a b*c~d!'()")).toBe('a%20b%2Ac~d%21%27%28%29');
    const { query, signature } = signAliyunRpc(
      { Version: '2017-05-25', Action: 'SendSms', SignName: '方志 平台' },
      SECRET,
    );
    expect(query).toBe('Action=SendSms&SignName=%E6%96%B9%E5%BF%97%20%E5%B9%B3%E5%8F%B0&Version=2017-05-25');
    // The string to sign, written out by hand: the query is encoded a second time (so % becomes %25).
    const stringToSign =
      'GET&%2F&Action%3DSendSms%26SignName%3D%25E6%2596%25B9%25E5%25BF%2597%2520%25E5%25B9%25B3%25E5%258F%25B0%26Version%3D2017-05-25';
    expect(signature).toBe(createHmac('sha1', `${SECRET}&`).update(stringToSign).digest('base64'));
  });

  it('sends a signed SendSms request that the signature-checking server accepts', async () => {
    await sendAliyunSms(config(), '13800000000', '待审核：第3项任务2024年6月进展', new Date('2024-07-01T08:00:00Z'));
    const last = received.at(-1)!;
    expect(last).toMatchObject({
      Action: 'SendSms',
      PhoneNumbers: '13800000000',
      SignName: '方志平台',
      TemplateCode: 'SMS_0001',
      Timestamp: '2024-07-01T08:00:00Z',
    });
    expect(JSON.parse(last.TemplateParam!)).toEqual({ title: '待审核：第3项任务2024年6月进展' });
  });

  it('says in Chinese what went wrong: a wrong secret, a refused number, missing settings', async () => {
    await expect(
      sendAliyunSms(config({ accessKeySecret: 'wrong' }), '13800000000', '测试', new Date()),
    ).rejects.toThrow(/短信发送失败（SignatureDoesNotMatch）/);
    await expect(sendAliyunSms(config(), '13900000000', '测试', new Date())).rejects.toThrow(/非法手机号/);
    await expect(sendAliyunSms(config({ templateCode: '' }), '13800000000', '测试', new Date())).rejects.toThrow(
      /短信未配置完整/,
    );
  });
});
