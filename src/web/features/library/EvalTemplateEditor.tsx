import { Button, Card, Checkbox, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  EVAL_CATEGORIES,
  EVAL_SOURCE_LABELS,
  EVAL_SOURCES,
  type TEvalTemplate,
  type TEvalTemplateInput,
} from '../../../shared/library.ts';

type Values = TEvalTemplateInput['definition'] & { name: string };

/** 评估标准: indicators by category with scores, must-pass items and computed sources; saving makes a new version. */
export function EvalTemplateEditor({
  base,
  busy,
  onSave,
}: {
  base: TEvalTemplate | null;
  busy: boolean;
  onSave: (body: TEvalTemplateInput) => void;
}) {
  const [form] = Form.useForm<Values>();
  const initial: Values = base
    ? { name: base.name, ...base.definition }
    : {
        name: '资料室评估标准',
        indicators: [
          { key: 'room', category: '保障条件', label: '有独立资料室', maxScore: 20, mustPass: true, source: 'manual' },
        ],
        grades: [
          { name: '优秀', min: 90 },
          { name: '合格', min: 60 },
        ],
        mustPassRatio: 0.6,
      };
  return (
    <Card size="small" title={base ? `修订“${base.name}”（保存为第 ${base.version + 1} 版）` : '新建评估标准'}>
      <Form
        form={form}
        initialValues={initial}
        key={base?.id ?? 'new'}
        onFinish={(v) =>
          onSave({
            name: v.name,
            definition: { indicators: v.indicators, grades: v.grades, mustPassRatio: v.mustPassRatio },
          })
        }
      >
        <Form.Item name="name" label="名称" rules={[{ required: true }]}>
          <Input style={{ maxWidth: 300 }} />
        </Form.Item>
        <Form.List name="indicators">
          {(items, { add, remove }) => (
            <>
              {items.map(({ key, name }) => (
                <Space key={key} wrap align="baseline" style={{ display: 'flex', marginBottom: 4 }}>
                  <Form.Item name={[name, 'category']}>
                    <Select style={{ width: 100 }} options={EVAL_CATEGORIES.map((c) => ({ value: c, label: c }))} />
                  </Form.Item>
                  <Form.Item
                    name={[name, 'key']}
                    rules={[{ required: true, pattern: /^[a-z][a-z0-9_]*$/, message: '小写字母开头' }]}
                  >
                    <Input placeholder="标识" style={{ width: 100 }} />
                  </Form.Item>
                  <Form.Item name={[name, 'label']} rules={[{ required: true, message: '指标内容' }]}>
                    <Input placeholder="指标内容" style={{ width: 240 }} />
                  </Form.Item>
                  <Form.Item name={[name, 'maxScore']} rules={[{ required: true }]}>
                    <InputNumber placeholder="分值" min={1} max={100} style={{ width: 70 }} />
                  </Form.Item>
                  <Form.Item name={[name, 'source']}>
                    <Select
                      style={{ width: 160 }}
                      options={EVAL_SOURCES.map((s) => ({ value: s, label: EVAL_SOURCE_LABELS[s] }))}
                    />
                  </Form.Item>
                  <Form.Item name={[name, 'fullAt']}>
                    <InputNumber placeholder="满分所需值" style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item name={[name, 'mustPass']} valuePropName="checked">
                    <Checkbox>必达项</Checkbox>
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(name)} aria-label="删除指标" />
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ category: '管理', source: 'manual', mustPass: false })}
              >
                添加指标
              </Button>
            </>
          )}
        </Form.List>
        <div style={{ marginTop: 12 }}>
          <Typography.Text strong>等级（总分不低于）</Typography.Text>
        </div>
        <Form.List name="grades">
          {(items, { add, remove }) => (
            <Space wrap>
              {items.map(({ key, name }) => (
                <Space key={key} align="baseline">
                  <Form.Item name={[name, 'name']} rules={[{ required: true }]}>
                    <Input style={{ width: 70 }} />
                  </Form.Item>
                  <Form.Item name={[name, 'min']} rules={[{ required: true }]}>
                    <InputNumber style={{ width: 70 }} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(name)} aria-label="删除等级" />
                </Space>
              ))}
              <Button size="small" type="dashed" onClick={() => add({ name: '', min: 0 })}>
                添加等级
              </Button>
            </Space>
          )}
        </Form.List>
        <Form.Item name="mustPassRatio" label="必达项至少得分比例">
          <InputNumber min={0} max={1} step={0.1} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          保存为新版本
        </Button>
      </Form>
    </Card>
  );
}
