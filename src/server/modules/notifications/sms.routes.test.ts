import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TNotificationSettingsView, TTestMessageResult } from '../../../shared/notifications.ts';
import type { TReport } from '../../../shared/reports.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { buildWorld, type World, WORLD_TIMEOUT } from '../../test/world.ts';
import { signAliyunRpc } from './sms-aliyun.ts';
import { findDeliveries } from './notifications.repository.ts';
import { startTencentSmsStub } from '../../test/tencent-sms-server.ts';

const SECRET = 'office-sms-secret';

describe.each(TEST_DIALECTS)('SMS channel (阿里云, 腾讯云) (%s)', (dialect) => {
  let t: TestApp;
  let w: World;
  let server: Server;
  let endpoint = '';
  const sent: { phone: string; param: string; valid: boolean }[] = [];

  beforeAll(async () => {
    // A loopback stand-in for dysmsapi that recomputes the signature with the secret and refuses a mismatch.
    server = createServer((req, res) => {
      const params = Object.fromEntries(new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.entries());
      const { Signature, ...rest } = params;
      const valid = Signature === signAliyunRpc(rest, SECRET).signature;
      sent.push({ phone: rest.PhoneNumbers ?? '', param: rest.TemplateParam ?? '', valid });
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify(
          valid ? { Code: 'OK', Message: 'OK' } : { Code: 'SignatureDoesNotMatch', Message: '签名不匹配' },
        ),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await createTestApp(dialect);
    w = await buildWorld(t);
    await w.setToday('2024-07-10');
  }, WORLD_TIMEOUT);
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const settings = (over: Record<string, unknown> = {}) => ({
    siteUrl: '',
    smtp: { enabled: false, host: '', port: 25, secure: false, user: '', from: '' },
    wecom: { enabled: false, webhookUrl: '' },
    dingtalk: { enabled: false, webhookUrl: '' },
    sms: {
      enabled: true,
      endpoint,
      accessKeyId: 'LTAI-test',
      accessKeySecret: SECRET,
      signName: '云川方志',
      templateCode: 'SMS_100200',
      ...over,
    },
  });

  it('is configured on 通知渠道 without ever showing the secret, and refuses an incomplete configuration', async () => {
    const incomplete = await w.admin.json<{ message: string }>(
      'PUT',
      '/api/settings/notifications',
      settings({ templateCode: '' }),
    );
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.message).toMatch(/模板CODE/);
    const saved = await w.admin.json<TNotificationSettingsView>('PUT', '/api/settings/notifications', settings());
    expect(saved.body.sms).toEqual({
      enabled: true,
      endpoint,
      accessKeyId: 'LTAI-test',
      signName: '云川方志',
      templateCode: 'SMS_100200',
      provider: 'aliyun',
      sdkAppId: '',
      region: '',
      hasSecret: true,
    });
    expect(JSON.stringify(saved.body)).not.toContain(SECRET);
    const test = await w.admin.json<TTestMessageResult>('POST', '/api/settings/notifications/test', {
      channel: 'sms',
      to: '13812345678',
    });
    expect(test.body).toMatchObject({ ok: true, message: '测试短信已发送至 13812345678。' });
    expect(sent.at(-1)).toMatchObject({ phone: '13812345678', valid: true });
    expect(
      (
        await w.admin.json<{ message: string }>('POST', '/api/settings/notifications/test', {
          channel: 'sms',
          to: '12345',
        })
      ).body.message,
    ).toMatch(/11 位手机号/);
  });

  it('texts the head when a report arrives, at the phone on the account; a bad phone number is refused in Chinese', async () => {
    await w.admin.json('PUT', '/api/settings/notifications', settings());
    const bad = await w.admin.json<{ message: string }>('POST', '/api/users', {
      username: 'badphone',
      displayName: '某人',
      password: 'a-good-password',
      roles: ['unit_head'],
      unitId: w.unitIds['资料科'],
      phone: '12345',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/手机号应为 11 位数字/);
    const created = await w.admin.json<{ id: number; phone: string }>('POST', '/api/users', {
      username: 'zl_head',
      displayName: '资料科负责人',
      password: 'a-good-password',
      roles: ['unit_head'],
      unitId: w.unitIds['资料科'],
      phone: '13900001111',
    });
    expect(created.body.phone).toBe('13900001111');
    const staff = await w.user('zl_staff', ['unit_staff'], '资料科');
    const plan = await w.freshPlan();
    const report = (
      await staff.json<TReport>('PUT', `/api/tasks/${plan.tasks['4']}/reports/2024-06`, {
        progressText: '已征集资料120件。',
        percent: 40,
      })
    ).body;
    const before = sent.length;
    expect((await staff.json('POST', `/api/reports/${report.id}/submit`)).status).toBe(200);
    const texts = sent.slice(before);
    expect(texts).toEqual([
      { phone: '13900001111', param: expect.stringContaining('待审核：第4项任务2024年6月进展'), valid: true },
    ]);
    const deliveries = (await findDeliveries(t.deps.db, { channel: 'sms' }))
      .filter((d) => d.recipient === '13900001111')
      .map((d) => ({ channel: d.channel, recipient: d.recipient, status: d.status }));
    expect(deliveries).toEqual([{ channel: 'sms', recipient: '13900001111', status: 'sent' }]);
  });

  it('sends through 腾讯云 instead when chosen: TC3-signed requests the stand-in verifies, a notice texted once', async () => {
    const stub = await startTencentSmsStub('AKID-office', 'tencent-office-key');
    try {
      const tencent = (over: Record<string, unknown> = {}) =>
        settings({
          provider: 'tencent',
          endpoint: stub.endpoint,
          accessKeyId: 'AKID-office',
          accessKeySecret: 'tencent-office-key',
          sdkAppId: '1400123456',
          region: 'ap-guangzhou',
          templateCode: '2001',
          ...over,
        });
      for (const [over, message] of [
        [{ sdkAppId: '' }, /SdkAppId/],
        [{ templateCode: 'SMS_100200' }, /模板 ID 应为数字/],
        [{ region: 'Guangzhou' }, /地域形如 ap-guangzhou/],
      ] as const) {
        const res = await w.admin.json<{ message: string }>('PUT', '/api/settings/notifications', tencent(over));
        expect(res.status).toBe(400);
        expect(res.body.message).toMatch(message);
      }
      const saved = await w.admin.json<TNotificationSettingsView>('PUT', '/api/settings/notifications', tencent());
      expect(saved.body.sms).toMatchObject({ provider: 'tencent', sdkAppId: '1400123456', hasSecret: true });
      expect(JSON.stringify(saved.body)).not.toContain('tencent-office-key');
      const test = await w.admin.json<TTestMessageResult>('POST', '/api/settings/notifications/test', {
        channel: 'sms',
        to: '13812345678',
      });
      expect(test.body).toMatchObject({ ok: true, message: '测试短信已发送至 13812345678。' });
      expect(stub.received.at(-1)).toMatchObject({
        failure: null,
        body: { PhoneNumberSet: ['+8613812345678'], SmsSdkAppId: '1400123456', TemplateId: '2001' },
      });
      // A stored wrong key: the stand-in refuses the signature and the page says so in Chinese.
      await w.admin.json('PUT', '/api/settings/notifications', tencent({ accessKeySecret: 'wrong-key' }));
      const refused = await w.admin.json<TTestMessageResult>('POST', '/api/settings/notifications/test', {
        channel: 'sms',
        to: '13812345678',
      });
      expect(refused.body).toMatchObject({ ok: false, message: expect.stringMatching(/AuthFailure.SignatureFailure/) });
      await w.admin.json('PUT', '/api/settings/notifications', tencent());
      // A workflow notice reaches the head's phone through 腾讯云.
      const staff = await w.user('zl_staff2', ['unit_staff'], '资料科');
      const plan = await w.freshPlan();
      const report = (
        await staff.json<TReport>('PUT', `/api/tasks/${plan.tasks['4']}/reports/2024-06`, {
          progressText: '已征集资料150件。',
          percent: 45,
        })
      ).body;
      const before = stub.received.length;
      expect((await staff.json('POST', `/api/reports/${report.id}/submit`)).status).toBe(200);
      const texts = stub.received.slice(before);
      expect(texts.map((r) => [r.failure, (r.body.PhoneNumberSet as string[])[0]])).toEqual([[null, '+8613900001111']]);
      expect(String((texts[0]!.body.TemplateParamSet as string[])[0])).toContain('待审核：第4项任务2024年6月进展');
    } finally {
      await stub.close();
    }
  });
});
