import { Button, Form, List, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import {
  PROJECT_ROLE_LABELS,
  PROJECT_ROLES,
  type TProjectRole,
  type TProjectView,
} from '../../../shared/compilation.ts';
import { useUnits } from '../admin/api.ts';
import { useAddMember, usePeople, useRemoveMember } from './api.ts';

/** 项目人员: who holds which role; 主编 and 副主编 give and take roles. */
export function MembersPanel({ view }: { view: TProjectView }) {
  const id = view.project.id;
  const manage = view.access.manage;
  const people = usePeople(manage);
  const units = useUnits();
  const add = useAddMember(id);
  const remove = useRemoveMember(id);
  const [form] = Form.useForm<{ userId: number; role: TProjectRole; unitId?: number }>();
  const role = Form.useWatch('role', form);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <List
        dataSource={view.members}
        locale={{ emptyText: '还没有项目人员' }}
        renderItem={(m) => (
          <List.Item
            actions={
              manage
                ? [
                    <Popconfirm
                      key="rm"
                      title={`取消${m.displayName}的${PROJECT_ROLE_LABELS[m.role]}角色？`}
                      okText="取消角色"
                      onConfirm={() => remove.mutate(m.id)}
                    >
                      <Button size="small" danger>
                        取消
                      </Button>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <Space wrap>
              <Tag color="blue">{PROJECT_ROLE_LABELS[m.role]}</Tag>
              <span>{m.displayName}</span>
              {m.unitName && <Typography.Text type="secondary">{m.unitName}</Typography.Text>}
            </Space>
          </List.Item>
        )}
      />
      {manage && (
        <Form
          form={form}
          layout="inline"
          onFinish={(v) =>
            add.mutate(
              { userId: v.userId, role: v.role, unitId: v.unitId ?? null },
              { onSuccess: () => form.resetFields() },
            )
          }
          style={{ rowGap: 8 }}
        >
          <Form.Item name="userId" rules={[{ required: true, message: '请选择人员' }]}>
            <Select
              showSearch
              optionFilterProp="label"
              style={{ minWidth: 200 }}
              placeholder="人员"
              options={(people.data ?? []).map((p) => ({
                value: p.id,
                label: `${p.displayName}${p.unitName ? `（${p.unitName}）` : ''}`,
              }))}
            />
          </Form.Item>
          <Form.Item name="role" rules={[{ required: true, message: '请选择角色' }]}>
            <Select
              style={{ minWidth: 150 }}
              placeholder="角色"
              options={PROJECT_ROLES.map((r) => ({ value: r, label: PROJECT_ROLE_LABELS[r] }))}
            />
          </Form.Item>
          {(role === 'unit_liaison' || role === 'writer') && (
            <Form.Item name="unitId" tooltip="默认为该人员所在单位">
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                style={{ minWidth: 180 }}
                placeholder="代表单位（默认本人单位）"
                options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
              />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" loading={add.isPending}>
            分配角色
          </Button>
        </Form>
      )}
    </Space>
  );
}
