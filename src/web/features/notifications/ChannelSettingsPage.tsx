import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Divider,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import {
  SMS_ENDPOINTS,
  SMS_PROVIDERS,
  SMS_PROVIDER_LABELS,
  type TNotificationSettingsInput,
  type TSmsProvider,
  type TTestMessageResult,
} from '../../../shared/notifications.ts';
import { errorMessage } from '../../api/client.ts';
import { useChannelSettings, useSaveChannelSettings, useSendTestMessage } from './api.ts';

type Values = TNotificationSettingsInput & { testTo?: string; testPhone?: string };

/**
 * 系统管理 → 通知渠道: SMTP e-mail, the 企业微信 and 钉钉 group robots, and the address links point to. The password and
 * the 钉钉 secret are never shown: left empty they are kept; a test message checks each channel with the saved settings.
 */
export function ChannelSettingsPage() {
  const settings = useChannelSettings();
  const save = useSaveChannelSettings();
  const test = useSendTestMessage();
  const [form] = Form.useForm<Values>();
  const provider = (Form.useWatch(['sms', 'provider'], form) as TSmsProvider | undefined) ?? 'aliyun';
  const tencent = provider === 'tencent';
  const [results, setResults] = useState<Record<string, TTestMessageResult | { ok: false; message: string }>>({});

  useEffect(() => {
    if (!settings.data) return;
    const { smtp, dingtalk, sms, ...rest } = settings.data;
    const { hasPassword: _p, ...smtpFields } = smtp;
    const { hasSecret: _s, ...dingFields } = dingtalk;
    const { hasSecret: _k, ...smsFields } = sms;
    form.setFieldsValue({
      ...rest,
      smtp: { ...smtpFields, password: '' },
      dingtalk: { ...dingFields, secret: '' },
      sms: { ...smsFields, accessKeySecret: '' },
    });
  }, [settings.data, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const { testTo: _t, testPhone: _tp, ...input } = v;
    await save.mutateAsync({
      ...input,
      // An empty secret field means "keep what is stored"; it is never sent back to the browser.
      smtp: { ...input.smtp, password: input.smtp.password ? input.smtp.password : undefined },
      dingtalk: { ...input.dingtalk, secret: input.dingtalk.secret ? input.dingtalk.secret : undefined },
      ...(input.sms
        ? { sms: { ...input.sms, accessKeySecret: input.sms.accessKeySecret ? input.sms.accessKeySecret : undefined } }
        : {}),
    });
  };

  const sendTest = async (channel: 'email' | 'wecom' | 'dingtalk' | 'sms') => {
    try {
      const to = form.getFieldValue(channel === 'sms' ? 'testPhone' : 'testTo') as string | undefined;
      const r = await test.mutateAsync(
        channel === 'email' || channel === 'sms' ? { channel, ...(to ? { to } : {}) } : { channel },
      );
      setResults((prev) => ({ ...prev, [channel]: r }));
    } catch (e) {
      setResults((prev) => ({ ...prev, [channel]: { ok: false, message: errorMessage(e) } }));
    }
  };

  const result = (channel: string) => {
    const r = results[channel];
    return r ? (
      <Alert
        style={{ marginTop: 8 }}
        type={r.ok ? 'success' : 'error'}
        message={r.message}
        showIcon
        data-testid={`test-result-${channel}`}
      />
    ) : null;
  };

  return (
    <Card
      title="通知渠道"
      loading={settings.isPending}
      extra={
        <Button type="primary" onClick={() => void submit().catch(() => undefined)} loading={save.isPending}>
          保存设置
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        催办、督办单和填报提醒除站内通知外，还可通过以下渠道发送。每条提醒对每个收件人只发一次。请先保存设置，再发送测试消息。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" style={{ maxWidth: 880 }}>
        <Form.Item
          name="siteUrl"
          label="平台访问地址"
          extra="消息中的“查看详情”链接以此开头，如 http://10.1.2.3:3000；留空则不附链接。"
        >
          <Input placeholder="http://" />
        </Form.Item>

        <Divider orientation="left">电子邮件（SMTP）</Divider>
        <Form.Item name={['smtp', 'enabled']} label="启用邮件" valuePropName="checked">
          <Switch aria-label="启用邮件" />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name={['smtp', 'host']} label="SMTP 服务器">
              <Input placeholder="smtp.example.gov.cn" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name={['smtp', 'port']} label="端口" rules={[{ required: true, message: '请填写端口' }]}>
              <InputNumber aria-label="端口" min={1} max={65535} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name={['smtp', 'secure']} label="SSL/TLS 直连" valuePropName="checked" extra="465 端口通常开启">
              <Switch aria-label="SSL/TLS 直连" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name={['smtp', 'user']} label="用户名">
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name={['smtp', 'password']}
              label="密码"
              extra={settings.data?.smtp.hasPassword ? '已设置；留空则保持不变' : '未设置'}
            >
              <Input.Password
                autoComplete="new-password"
                placeholder={settings.data?.smtp.hasPassword ? '••••••（不变）' : ''}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name={['smtp', 'from']}
              label="发件人"
              rules={[{ type: 'email', message: '发件人应为邮箱地址' }]}
            >
              <Input placeholder="fangzhi@example.gov.cn" />
            </Form.Item>
          </Col>
        </Row>
        <Space align="start">
          <Form.Item name="testTo" label="测试收件邮箱" rules={[{ type: 'email', message: '邮箱地址格式不正确' }]}>
            <Input style={{ width: 280 }} />
          </Form.Item>
          <Form.Item label=" ">
            <Button
              onClick={() => void sendTest('email')}
              loading={test.isPending && test.variables.channel === 'email'}
            >
              发送测试邮件
            </Button>
          </Form.Item>
        </Space>
        {result('email')}

        <Divider orientation="left">企业微信群机器人</Divider>
        <Form.Item name={['wecom', 'enabled']} label="启用企业微信" valuePropName="checked">
          <Switch aria-label="启用企业微信" />
        </Form.Item>
        <Form.Item
          name={['wecom', 'webhookUrl']}
          label="企业微信 Webhook 地址"
          extra="在群设置中添加机器人后获得，形如 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"
        >
          <Input />
        </Form.Item>
        <Button onClick={() => void sendTest('wecom')} loading={test.isPending && test.variables.channel === 'wecom'}>
          发送测试消息（企业微信）
        </Button>
        {result('wecom')}

        <Divider orientation="left">钉钉群机器人</Divider>
        <Form.Item name={['dingtalk', 'enabled']} label="启用钉钉" valuePropName="checked">
          <Switch aria-label="启用钉钉" />
        </Form.Item>
        <Form.Item
          name={['dingtalk', 'webhookUrl']}
          label="钉钉 Webhook 地址"
          extra="形如 https://oapi.dingtalk.com/robot/send?access_token=…"
        >
          <Input />
        </Form.Item>
        <Form.Item
          name={['dingtalk', 'secret']}
          label="加签密钥（选填）"
          extra={
            settings.data?.dingtalk.hasSecret ? '已设置；留空则保持不变' : '机器人安全设置选择“加签”时填写（SEC 开头）'
          }
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button
          onClick={() => void sendTest('dingtalk')}
          loading={test.isPending && test.variables.channel === 'dingtalk'}
        >
          发送测试消息（钉钉）
        </Button>
        {result('dingtalk')}
        <Divider orientation="left">短信（阿里云或腾讯云）</Divider>
        <Typography.Paragraph type="secondary">
          {tencent
            ? '在腾讯云短信控制台创建应用（SdkAppId）、签名和正文模板，模板中用变量 {1} 表示通知标题。'
            : `在阿里云短信服务中申请签名和通知模板，模板中用变量 \${title} 表示通知标题。`}
          （如“待审核：第3项任务2024年6月进展”）。账号的手机号在“用户”中填写。
        </Typography.Paragraph>
        <Form.Item name={['sms', 'enabled']} label="启用短信" valuePropName="checked">
          <Switch aria-label="启用短信" />
        </Form.Item>
        <Form.Item name={['sms', 'provider']} label="服务商">
          <Select
            aria-label="短信服务商"
            data-testid="sms-provider"
            style={{ maxWidth: 200 }}
            options={SMS_PROVIDERS.map((p) => ({ value: p, label: SMS_PROVIDER_LABELS[p] }))}
            // The API address follows the provider unless the administrator typed their own (a proxy, a test server).
            onChange={(p: TSmsProvider) => {
              const current = form.getFieldValue(['sms', 'endpoint']) as string | undefined;
              if (!current || Object.values(SMS_ENDPOINTS).includes(current))
                form.setFieldValue(['sms', 'endpoint'], SMS_ENDPOINTS[p]);
            }}
          />
        </Form.Item>
        <Form.Item name={['sms', 'endpoint']} label="服务地址" extra={`一般为 ${SMS_ENDPOINTS[provider]}`}>
          <Input />
        </Form.Item>
        <Form.Item name={['sms', 'accessKeyId']} label={tencent ? 'SecretId' : 'AccessKey ID'}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name={['sms', 'accessKeySecret']}
          label={tencent ? 'SecretKey' : 'AccessKey Secret'}
          extra={settings.data?.sms.hasSecret ? '已设置；留空则保持不变' : '仅保存在服务器，不会再显示'}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {tencent && (
          <>
            <Form.Item name={['sms', 'sdkAppId']} label="SdkAppId">
              <Input placeholder="1400123456" autoComplete="off" />
            </Form.Item>
            <Form.Item name={['sms', 'region']} label="地域" extra="留空则为 ap-guangzhou">
              <Input placeholder="ap-guangzhou" />
            </Form.Item>
          </>
        )}
        <Form.Item name={['sms', 'signName']} label="短信签名">
          <Input placeholder="如：吉林省方志委" />
        </Form.Item>
        <Form.Item name={['sms', 'templateCode']} label={tencent ? '模板 ID' : '模板CODE'}>
          <Input placeholder={tencent ? '123456' : 'SMS_123456789'} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="testPhone" label="测试手机号" style={{ marginBottom: 0 }}>
            <Input placeholder="13812345678" style={{ width: 160 }} />
          </Form.Item>
          <Button onClick={() => void sendTest('sms')} loading={test.isPending && test.variables.channel === 'sms'}>
            发送测试短信
          </Button>
        </Space>
        {result('sms')}
      </Form>
    </Card>
  );
}
