import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import type { TCurrentUser, TLoginRequest } from '../../shared/auth.ts';
import { api, errorMessage } from '../api/client.ts';
import { ME_KEY } from './use-me.ts';

/** Where to go after signing in: the page the user asked for (a reminder's link), only ever a path on this site. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}

export function LoginPage() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const next = safeNext(search.get('next'));
  const [error, setError] = useState<string | null>(null);
  const login = useMutation({
    mutationFn: (values: TLoginRequest) => api.post<TCurrentUser>('/api/auth/login', values),
    onSuccess: (me) => {
      queryClient.setQueryData(ME_KEY, me);
      void navigate(next, { replace: true });
    },
    onError: (e) => setError(errorMessage(e)),
  });

  return (
    <div className="login-page">
      <Card className="login-card">
        <div className="login-brand">
          <div className="brand-mark">志</div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            方志 · 地方志工作平台
          </Typography.Title>
          <Typography.Text type="secondary">工作要点督办 · 省情数据库</Typography.Text>
        </div>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        <Form<TLoginRequest> layout="vertical" onFinish={(v) => login.mutate(v)} requiredMark={false}>
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
