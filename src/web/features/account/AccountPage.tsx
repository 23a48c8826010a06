import { App, Button, Card, Descriptions, Form, Input, Tag } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { ROLE_LABELS, type TChangePasswordRequest } from '../../../shared/auth.ts';
import { LIMITS } from '../../../shared/limits.ts';
import { api, errorMessage } from '../../api/client.ts';
import { useMe } from '../../auth/use-me.ts';

/** The signed-in user's own account: who they are, and changing their password. */
export function AccountPage() {
  const { data: me } = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<TChangePasswordRequest & { confirm: string }>();
  const change = useMutation({
    mutationFn: (v: TChangePasswordRequest) => api.post('/api/auth/password', v),
    onSuccess: () => {
      form.resetFields();
      void message.success('密码已修改');
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  if (!me) return null;
  return (
    <Card title="我的账号">
      <Descriptions column={1} bordered size="middle" style={{ maxWidth: 640, marginBottom: 32 }}>
        <Descriptions.Item label="用户名">{me.username}</Descriptions.Item>
        <Descriptions.Item label="姓名">{me.displayName}</Descriptions.Item>
        <Descriptions.Item label="角色">
          {me.roles.map((r) => (
            <Tag key={r}>{ROLE_LABELS[r]}</Tag>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label="所属单位">{me.unitName ?? '—'}</Descriptions.Item>
      </Descriptions>
      <Form
        form={form}
        layout="vertical"
        style={{ maxWidth: 400 }}
        onFinish={(v) => change.mutate({ currentPassword: v.currentPassword, newPassword: v.newPassword })}
      >
        <Form.Item name="currentPassword" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label="新密码"
          rules={[
            { required: true, message: '请输入新密码' },
            { min: LIMITS.passwordMin, message: `至少 ${LIMITS.passwordMin} 位` },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="确认新密码"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error('两次输入的密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          修改密码
        </Button>
      </Form>
    </Card>
  );
}
