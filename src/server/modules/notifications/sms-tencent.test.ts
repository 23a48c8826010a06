import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTencentSmsStub, type TencentSmsStub } from '../../test/tencent-sms-server.ts';
import { e164, sendTencentSms, signTencentTc3, type TencentSmsConfig } from './sms-tencent.ts';

const SECRET_ID = 'AKIDtestid';
const SECRET_KEY = 'testsecretkey';
let stub: TencentSmsStub;
let endpoint = '';
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

beforeAll(async () => {
  stub = await startTencentSmsStub(SECRET_ID, SECRET_KEY);
  endpoint = stub.endpoint;
});
afterAll(() => stub.close());

const config = (over: Partial<TencentSmsConfig> = {}): TencentSmsConfig => ({
  endpoint,
  secretId: SECRET_ID,
  secretKey: SECRET_KEY,
  sdkAppId: '1400000001',
  region: 'ap-guangzhou',
  signName: '方志平台',
  templateId: '123456',
  ...over,
});

describe('腾讯云短信 (TC3-HMAC-SHA256)', () => {
  it('builds the canonical request, the scope of the UTC day and the string to sign as published', () => {
    const { canonicalRequest, stringToSign, authorization } = signTencentTc3({
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      service: 'sms',
      host: 'sms.tencentcloudapi.com',
      action: 'SendSms',
      body: '{}',
      // 2024-07-01 23:30 UTC is already 2 July in Beijing; the scope uses the UTC day.
      timestamp: 1719876600,
    });
    expect(canonicalRequest).toBe(
      'POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:sms.tencentcloudapi.com\nx-tc-action:sendsms\n\n' +
        `content-type;host;x-tc-action\n${sha256('{}')}`,
    );
    expect(stringToSign).toBe(`TC3-HMAC-SHA256\n1719876600\n2024-07-01/sms/tc3_request\n${sha256(canonicalRequest)}`);
    expect(authorization).toMatch(
      /^TC3-HMAC-SHA256 Credential=AKIDtestid\/2024-07-01\/sms\/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=[0-9a-f]{64}$/,
    );
    expect(e164('13800000000')).toBe('+8613800000000');
    expect(e164('+85261234567')).toBe('+85261234567');
  });

  it('sends a signed SendSms request that the signature-checking server accepts', async () => {
    await sendTencentSms(config(), '13800000000', '待审核：第3项任务2024年6月进展', new Date('2024-07-01T08:00:00Z'));
    const last = stub.received.at(-1)!;
    expect(last.headers).toMatchObject({
      'x-tc-action': 'SendSms',
      'x-tc-version': '2021-01-11',
      'x-tc-region': 'ap-guangzhou',
      'x-tc-timestamp': String(Date.parse('2024-07-01T08:00:00Z') / 1000),
    });
    expect(last.body).toEqual({
      PhoneNumberSet: ['+8613800000000'],
      SmsSdkAppId: '1400000001',
      SignName: '方志平台',
      TemplateId: '123456',
      TemplateParamSet: ['待审核：第3项任务2024年6月进展'],
    });
  });

  it('says in Chinese what went wrong: a wrong key, a refused number, missing settings', async () => {
    await expect(sendTencentSms(config({ secretKey: 'wrong' }), '13800000000', '测试', new Date())).rejects.toThrow(
      /短信发送失败（AuthFailure.SignatureFailure）/,
    );
    await expect(sendTencentSms(config(), '13900000000', '测试', new Date())).rejects.toThrow(
      /IncorrectPhoneNumber.*手机号格式错误/,
    );
    await expect(sendTencentSms(config({ sdkAppId: '' }), '13800000000', '测试', new Date())).rejects.toThrow(
      /短信未配置完整/,
    );
  });
});
