import { Button, Card, Checkbox, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  COMPARE_OPS,
  FIELD_TYPE_LABELS,
  FIELD_TYPES,
  type TForm,
  type TFormInput,
} from '../../../shared/datareports.ts';

type FieldRow = {
  key: string;
  label: string;
  section?: string;
  type: string;
  unit?: string;
  required: boolean;
  min?: number;
  max?: number;
  options?: string;
  sum: boolean;
};
type Values = {
  name: string;
  fields: FieldRow[];
  checks: { left: string; op: string; right: string[]; message: string }[];
  yoy: { field: string; maxChangePercent: number }[];
};

function toValues(f: TForm | null): Values {
  if (!f)
    return {
      name: '地方志资料年报',
      fields: [
        { key: 'books_total', label: '馆藏资料总量', type: 'integer', unit: '册', required: true, min: 0, sum: true },
      ],
      checks: [],
      yoy: [],
    };
  return {
    name: f.name,
    fields: f.definition.fields.map((x) => ({
      key: x.key,
      label: x.label,
      section: x.section ?? undefined,
      type: x.type,
      unit: x.unit ?? undefined,
      required: x.required,
      min: x.min ?? undefined,
      max: x.max ?? undefined,
      options: x.options.join('、'),
      sum: x.sum,
    })),
    checks: f.definition.checks.map((c) => ({ ...c })),
    yoy: f.definition.yearOverYear.map((y) => ({ ...y })),
  };
}

/** The form as data: fields (type, unit, range, options), cross-field checks and year-over-year limits, edited here. */
export function FormEditor({
  form,
  busy,
  onSave,
}: {
  form: TForm | null;
  busy: boolean;
  onSave: (body: TFormInput) => void;
}) {
  const [f] = Form.useForm<Values>();
  const fields = Form.useWatch('fields', f) ?? [];
  const numeric = fields
    .filter((x) => x && (x.type === 'integer' || x.type === 'number'))
    .map((x) => ({ value: x.key, label: x.label || x.key }));
  const save = (v: Values) =>
    onSave({
      name: v.name,
      definition: {
        fields: v.fields.map((x) => ({
          key: x.key,
          label: x.label,
          section: x.section || null,
          type: x.type as (typeof FIELD_TYPES)[number],
          unit: x.unit || null,
          required: x.required,
          min: x.min ?? null,
          max: x.max ?? null,
          options: x.options ? x.options.split(/[、,，\s]+/).filter(Boolean) : [],
          sum: x.sum,
        })),
        checks: (v.checks ?? []).map((c) => ({
          left: c.left,
          op: c.op as (typeof COMPARE_OPS)[number],
          right: c.right,
          message: c.message,
        })),
        yearOverYear: v.yoy ?? [],
      },
    });
  return (
    <Card size="small" title={form ? `修改表单：${form.name}（第 ${form.version} 版）` : '新建年报表单'}>
      <Form form={f} initialValues={toValues(form)} onFinish={save} key={form?.id ?? 'new'}>
        <Form.Item name="name" label="表单名称" rules={[{ required: true }]}>
          <Input style={{ maxWidth: 320 }} />
        </Form.Item>
        <Typography.Text strong>指标</Typography.Text>
        <Form.List name="fields">
          {(items, { add, remove }) => (
            <>
              {items.map(({ key, name }) => (
                <Space key={key} wrap align="baseline" style={{ display: 'flex', marginBottom: 4 }}>
                  <Form.Item
                    name={[name, 'key']}
                    rules={[{ required: true, pattern: /^[a-z][a-z0-9_]*$/, message: '小写字母开头' }]}
                  >
                    <Input placeholder="标识 books_total" style={{ width: 130 }} />
                  </Form.Item>
                  <Form.Item name={[name, 'label']} rules={[{ required: true, message: '名称' }]}>
                    <Input placeholder="指标名称" style={{ width: 170 }} />
                  </Form.Item>
                  <Form.Item name={[name, 'section']}>
                    <Input placeholder="分组" style={{ width: 80 }} />
                  </Form.Item>
                  <Form.Item name={[name, 'type']}>
                    <Select
                      style={{ width: 80 }}
                      options={FIELD_TYPES.map((t) => ({ value: t, label: FIELD_TYPE_LABELS[t] }))}
                    />
                  </Form.Item>
                  <Form.Item name={[name, 'unit']}>
                    <Input placeholder="单位" style={{ width: 70 }} />
                  </Form.Item>
                  <Form.Item name={[name, 'min']}>
                    <InputNumber placeholder="最小" style={{ width: 80 }} />
                  </Form.Item>
                  <Form.Item name={[name, 'max']}>
                    <InputNumber placeholder="最大" style={{ width: 80 }} />
                  </Form.Item>
                  <Form.Item name={[name, 'options']}>
                    <Input placeholder="选项：是、否" style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item name={[name, 'required']} valuePropName="checked">
                    <Checkbox>必填</Checkbox>
                  </Form.Item>
                  <Form.Item name={[name, 'sum']} valuePropName="checked">
                    <Checkbox>汇总</Checkbox>
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(name)} aria-label="删除指标" />
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ type: 'integer', required: true, sum: true })}
              >
                添加指标
              </Button>
            </>
          )}
        </Form.List>
        <div style={{ marginTop: 12 }}>
          <Typography.Text strong>表内校验（左边 比较 右边各项之和）</Typography.Text>
        </div>
        <Form.List name="checks">
          {(items, { add, remove }) => (
            <>
              {items.map(({ key, name }) => (
                <Space key={key} wrap align="baseline" style={{ display: 'flex', marginBottom: 4 }}>
                  <Form.Item name={[name, 'left']} rules={[{ required: true }]}>
                    <Select style={{ width: 150 }} options={numeric} />
                  </Form.Item>
                  <Form.Item name={[name, 'op']} rules={[{ required: true }]}>
                    <Select style={{ width: 70 }} options={COMPARE_OPS.map((o) => ({ value: o, label: o }))} />
                  </Form.Item>
                  <Form.Item name={[name, 'right']} rules={[{ required: true }]}>
                    <Select mode="multiple" style={{ minWidth: 200 }} options={numeric} />
                  </Form.Item>
                  <Form.Item name={[name, 'message']} rules={[{ required: true, message: '提示' }]}>
                    <Input placeholder="不通过时的提示" style={{ width: 220 }} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(name)} aria-label="删除校验" />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ op: '<=' })}>
                添加表内校验
              </Button>
            </>
          )}
        </Form.List>
        <div style={{ marginTop: 12 }}>
          <Typography.Text strong>同比校验（变化超过比例须填写说明）</Typography.Text>
        </div>
        <Form.List name="yoy">
          {(items, { add, remove }) => (
            <>
              {items.map(({ key, name }) => (
                <Space key={key} align="baseline" style={{ display: 'flex', marginBottom: 4 }}>
                  <Form.Item name={[name, 'field']} rules={[{ required: true }]}>
                    <Select style={{ width: 170 }} options={numeric} />
                  </Form.Item>
                  <Form.Item name={[name, 'maxChangePercent']} rules={[{ required: true }]}>
                    <InputNumber min={1} addonAfter="%" style={{ width: 120 }} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(name)} aria-label="删除同比校验" />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ maxChangePercent: 50 })}>
                添加同比校验
              </Button>
            </>
          )}
        </Form.List>
        <div style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={busy}>
            保存表单
          </Button>
        </div>
      </Form>
    </Card>
  );
}
