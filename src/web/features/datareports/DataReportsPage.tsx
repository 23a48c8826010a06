import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, List, Select, Space, Tag } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { Link, useOutletContext } from 'react-router';
import type { TCurrentUser } from '../../../shared/auth.ts';
import { SUBMISSION_STATUS_LABELS, type TCycle, type TForm } from '../../../shared/datareports.ts';
import { errorMessage } from '../../api/client.ts';
import { hasPermission } from '../../auth/use-me.ts';
import { createCycle, createForm, updateForm, useCycles, useForms } from './api.ts';
import { FormEditor } from './FormEditor.tsx';

export const STATUS_COLOR: Record<string, string> = {
  missing: 'default',
  draft: 'blue',
  submitted: 'orange',
  city_approved: 'cyan',
  accepted: 'green',
  returned: 'red',
};

function useAction<T, R>(fn: (v: T) => Promise<R>, ok: (r: R) => string) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return {
    busy,
    run: async (v: T, after?: (r: R) => void) => {
      setBusy(true);
      try {
        const r = await fn(v);
        void message.success(ok(r));
        await queryClient.invalidateQueries();
        after?.(r);
      } catch (e) {
        void message.error(errorMessage(e));
      } finally {
        setBusy(false);
      }
    },
  };
}

const summary = (c: TCycle) =>
  (['accepted', 'city_approved', 'submitted', 'returned', 'draft', 'missing'] as const)
    .filter((s) => (c.counts[s] ?? 0) > 0)
    .map((s) => (
      <Tag key={s} color={STATUS_COLOR[s]}>
        {SUBMISSION_STATUS_LABELS[s]} {c.counts[s]}
      </Tag>
    ));

/** 资料年报: the cycles (with where every office stands), and for the province the forms and new cycles. */
export function DataReportsPage() {
  const me = useOutletContext<TCurrentUser>();
  const canDefine = hasPermission(me, 'datareport.define');
  const cycles = useCycles();
  const forms = useForms();
  const [editing, setEditing] = useState<TForm | null | 'new'>(null);
  const newCycle = useAction(createCycle, (c) => `已发布“${c.title}”`);
  const saveForm = useAction(
    (v: { id: number | null; body: Parameters<typeof createForm>[0] }) =>
      v.id ? updateForm(v.id, v.body) : createForm(v.body),
    (f) => `已保存表单“${f.name}”`,
  );
  const [cycleForm] = Form.useForm<{ formId: number; year: number; title: string; deadline: dayjs.Dayjs }>();
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title="资料年报">
        <List<TCycle>
          loading={cycles.isPending}
          dataSource={cycles.data}
          locale={{ emptyText: '还没有年报任务' }}
          renderItem={(c) => (
            <List.Item>
              <List.Item.Meta
                title={<Link to={`/datareports/${c.id}`}>{c.title}</Link>}
                description={
                  <>
                    截止 {c.deadline} · {summary(c)}
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
      {canDefine && (
        <Card title="发布年报任务" size="small">
          <Form
            form={cycleForm}
            layout="inline"
            style={{ rowGap: 8 }}
            initialValues={{ year: dayjs().year() - 1 }}
            onFinish={(v) =>
              void newCycle.run(
                { formId: v.formId, year: v.year, title: v.title, deadline: v.deadline.format('YYYY-MM-DD') },
                () => cycleForm.resetFields(['title']),
              )
            }
          >
            <Form.Item name="formId" rules={[{ required: true, message: '请选择表单' }]}>
              <Select
                placeholder="表单"
                style={{ width: 180 }}
                options={(forms.data ?? []).map((f) => ({ value: f.id, label: f.name }))}
              />
            </Form.Item>
            <Form.Item name="year" label="年度">
              <InputNumber style={{ width: 90 }} />
            </Form.Item>
            <Form.Item name="title" rules={[{ required: true, message: '请填写名称' }]}>
              <Input placeholder="如 2023年度地方志资料年报" style={{ width: 240 }} />
            </Form.Item>
            <Form.Item name="deadline" label="截止" rules={[{ required: true, message: '请选择截止日期' }]}>
              <DatePicker />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={newCycle.busy}>
              发布
            </Button>
          </Form>
          <div style={{ marginTop: 12 }}>
            表单：
            {(forms.data ?? []).map((f) => (
              <Button key={f.id} size="small" type="link" onClick={() => setEditing(f)}>
                {f.name}（第 {f.version} 版）
              </Button>
            ))}
            <Button size="small" onClick={() => setEditing('new')}>
              新建表单
            </Button>
          </div>
        </Card>
      )}
      {canDefine && editing !== null && (
        <FormEditor
          form={editing === 'new' ? null : editing}
          busy={saveForm.busy}
          onSave={(body) =>
            void saveForm.run({ id: editing === 'new' ? null : editing.id, body }, () => setEditing(null))
          }
        />
      )}
    </Space>
  );
}

export { useAction };
