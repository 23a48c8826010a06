import { useState } from 'react';
import { Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tag, TreeSelect, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ROLES, ROLE_LABELS, type TRole } from '../../../shared/auth.ts';
import { LIMITS } from '../../../shared/limits.ts';
import type { TUser } from '../../../shared/users.ts';
import { useMe, hasPermission } from '../../auth/use-me.ts';
import { buildUnitTree, toTreeSelect } from './unit-tree.ts';
import { useCreateUser, useResetPassword, useUnits, useUpdateUser, useUsers } from './api.ts';
import { formatDateTime } from '../../../shared/dates.ts';

const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

interface UserFormValues {
  username: string;
  displayName: string;
  password?: string;
  roles: TRole[];
  unitId?: number | null;
  email?: string | null;
  phone?: string | null;
}

export function UsersPage() {
  const { data: me } = useMe();
  const users = useUsers();
  const units = useUnits();
  const createUser = useCreateUser();
  const updateUser = useUpdateUser();
  const resetPassword = useResetPassword();
  const [editing, setEditing] = useState<TUser | 'new' | null>(null);
  const [resetting, setResetting] = useState<TUser | null>(null);
  const [form] = Form.useForm<UserFormValues>();
  const [pwForm] = Form.useForm<{ password: string }>();
  const canManage = hasPermission(me, 'user.manage');
  const unitTree = toTreeSelect(buildUnitTree(units.data ?? []));

  const openEditor = (user: TUser | 'new') => {
    setEditing(user);
    form.resetFields();
    if (user !== 'new')
      form.setFieldsValue({
        username: user.username,
        displayName: user.displayName,
        roles: user.roles,
        unitId: user.unitId,
        email: user.email ?? '',
        phone: user.phone ?? '',
      });
  };

  const save = async () => {
    const v = await form.validateFields();
    if (editing === 'new') {
      await createUser.mutateAsync({
        username: v.username,
        displayName: v.displayName,
        password: v.password ?? '',
        roles: v.roles,
        unitId: v.unitId ?? null,
        email: v.email?.trim() || null,
        phone: v.phone?.trim() || null,
      });
    } else if (editing) {
      await updateUser.mutateAsync({
        id: editing.id,
        displayName: v.displayName,
        roles: v.roles,
        unitId: v.unitId ?? null,
        email: v.email?.trim() || null,
        phone: v.phone?.trim() || null,
      });
    }
    setEditing(null);
  };

  return (
    <Card
      title="用户"
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => openEditor('new')}>
            新建用户
          </Button>
        )
      }
    >
      <Table<TUser>
        rowKey="id"
        loading={users.isPending}
        dataSource={users.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'displayName' },
          {
            title: '角色',
            dataIndex: 'roles',
            render: (roles: TRole[]) => roles.map((r) => <Tag key={r}>{ROLE_LABELS[r]}</Tag>),
          },
          {
            title: '所属单位',
            dataIndex: 'unitName',
            render: (v: string | null) => v ?? <Typography.Text type="secondary">—</Typography.Text>,
          },
          {
            title: '状态',
            dataIndex: 'isDisabled',
            render: (disabled: boolean, u) =>
              canManage ? (
                <Switch
                  checked={!disabled}
                  checkedChildren="启用"
                  unCheckedChildren="停用"
                  disabled={u.id === me?.id}
                  onChange={(on) => updateUser.mutate({ id: u.id, isDisabled: !on })}
                />
              ) : disabled ? (
                <Tag color="default">已停用</Tag>
              ) : (
                <Tag color="green">启用</Tag>
              ),
          },
          {
            title: '最近登录',
            dataIndex: 'lastLoginAt',
            render: (v: string | null) => (v ? formatDateTime(v) : '从未登录'),
          },
          ...(canManage
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  render: (_: unknown, u: TUser) => (
                    <Space>
                      <Button type="link" size="small" onClick={() => openEditor(u)}>
                        编辑
                      </Button>
                      <Button
                        type="link"
                        size="small"
                        onClick={() => {
                          pwForm.resetFields();
                          setResetting(u);
                        }}
                      >
                        重置密码
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        title={editing === 'new' ? '新建用户' : '编辑用户'}
        open={editing !== null}
        onCancel={() => setEditing(null)}
        onOk={() => void save().catch(() => undefined)}
        okText="保存"
        cancelText="取消"
        confirmLoading={createUser.isPending || updateUser.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ roles: ['unit_staff'] }}>
          <Form.Item
            name="username"
            label="用户名"
            rules={[
              { required: true, message: '请填写用户名' },
              { pattern: /^[A-Za-z0-9_.-]{2,32}$/, message: '2–32 位英文字母、数字、下划线、点或连字符' },
            ]}
          >
            <Input disabled={editing !== 'new'} maxLength={LIMITS.usernameMax} />
          </Form.Item>
          <Form.Item name="displayName" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
            <Input maxLength={LIMITS.displayNameMax} showCount />
          </Form.Item>
          {editing === 'new' && (
            <Form.Item
              name="password"
              label="初始密码"
              rules={[
                { required: true, message: '请设置初始密码' },
                { min: LIMITS.passwordMin, message: `密码至少 ${LIMITS.passwordMin} 位` },
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          )}
          <Form.Item name="roles" label="角色" rules={[{ required: true, message: '请至少选择一个角色' }]}>
            <Select mode="multiple" options={roleOptions} />
          </Form.Item>
          <Form.Item name="unitId" label="所属单位">
            <TreeSelect
              treeData={unitTree}
              allowClear
              showSearch
              treeNodeFilterProp="title"
              placeholder="选择单位"
              treeDefaultExpandAll={false}
            />
          </Form.Item>
          <Form.Item
            name="phone"
            label="手机号"
            extra="启用短信通知后，待办提醒和督办通知会发到这个号码。"
            rules={[{ pattern: /^(1[3-9]\d{9})?$/, message: '手机号应为 11 位数字，以 1 开头' }]}
          >
            <Input inputMode="numeric" maxLength={11} />
          </Form.Item>
          <Form.Item
            name="email"
            label="电子邮箱"
            extra="催办、督办单和填报提醒会发送到这个邮箱（需在“通知渠道”中启用邮件）。"
            rules={[{ type: 'email', message: '邮箱地址格式不正确' }]}
          >
            <Input placeholder="选填，如 zhangsan@example.gov.cn" maxLength={254} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        title={`重置密码：${resetting?.displayName ?? ''}`}
        open={resetting !== null}
        onCancel={() => setResetting(null)}
        okText="重置"
        cancelText="取消"
        confirmLoading={resetPassword.isPending}
        onOk={() =>
          void pwForm
            .validateFields()
            .then((v) => resetPassword.mutateAsync({ id: resetting!.id, password: v.password }))
            .then(() => setResetting(null))
            .catch(() => undefined)
        }
      >
        <Form form={pwForm} layout="vertical">
          <Form.Item
            name="password"
            label="新密码"
            rules={[
              { required: true, message: '请输入新密码' },
              { min: LIMITS.passwordMin, message: `密码至少 ${LIMITS.passwordMin} 位` },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
