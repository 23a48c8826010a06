import { useEffect } from 'react';
import { Button, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { TTaskInput, TUnitRef } from '../../../shared/workplan.ts';
import type { TUnit } from '../../../shared/org.ts';

interface FormValues {
  number: string;
  text: string;
  lead: string[];
  support: string[];
  targets: TTaskInput['targets'];
  deadline: Dayjs;
  explicit: boolean;
  continuous: boolean;
  leaders: string[];
}

const COMPARATORS = [
  { value: 'eq', label: '等于' },
  { value: 'gte', label: '不少于（≥）' },
  { value: 'lte', label: '不超过（≤）' },
  { value: 'approx', label: '约（≈）' },
  { value: 'range', label: '区间' },
];

/** Maps names back to unit references: a directory name or alias gets its id; anything else stays a name to resolve. */
export function toUnitRefs(names: string[], units: readonly TUnit[], previous: readonly TUnitRef[]): TUnitRef[] {
  return names.map((name) => {
    const unit = units.find((u) => u.name === name || u.aliases.includes(name));
    return { name, unitId: unit?.id ?? previous.find((p) => p.name === name)?.unitId ?? null };
  });
}

/** Edits every field of one task of the preview before anything is saved. */
export function TaskEditor(props: {
  task: TTaskInput | null;
  units: readonly TUnit[];
  onCancel: () => void;
  onSave: (task: TTaskInput) => void;
}) {
  const { task, units, onCancel, onSave } = props;
  const [form] = Form.useForm<FormValues>();
  useEffect(() => {
    if (task) {
      form.setFieldsValue({
        number: task.number,
        text: task.text,
        lead: task.leadUnits.map((u) => u.name),
        support: task.supportUnits.map((u) => u.name),
        targets: task.targets,
        deadline: dayjs(task.deadline.date),
        explicit: task.deadline.explicit,
        continuous: task.deadline.continuous === true,
        leaders: task.leaders,
      });
    }
  }, [task, form]);
  const unitOptions = units.map((u) => ({ value: u.name, label: u.name }));

  const save = async () => {
    if (!task) return;
    const v = await form.validateFields();
    onSave({
      ...task,
      number: v.number.trim(),
      text: v.text.trim(),
      leadUnits: toUnitRefs(v.lead, units, [...task.leadUnits, ...task.supportUnits]),
      supportUnits: toUnitRefs(v.support, units, [...task.leadUnits, ...task.supportUnits]),
      targets: (v.targets ?? []).map((t) => ({
        text: t.text,
        comparator: t.comparator,
        unit: t.unit,
        ...(t.comparator === 'range' ? { min: t.min, max: t.max } : { value: t.value }),
      })),
      leaders: (v.leaders ?? []).map((n) => n.trim()).filter(Boolean),
      deadline: {
        date: v.deadline.format('YYYY-MM-DD'),
        explicit: v.explicit,
        text: v.explicit
          ? task.deadline.explicit
            ? task.deadline.text
            : v.deadline.format('M月D日前')
          : v.continuous
            ? task.deadline.continuous
              ? task.deadline.text
              : '长期坚持'
            : null,
        ...(v.continuous ? { continuous: true } : {}),
      },
    });
  };

  return (
    <Modal
      title={`编辑任务 ${task?.number ?? ''}`}
      open={task !== null}
      onCancel={onCancel}
      onOk={() => void save().catch(() => undefined)}
      okText="确定"
      cancelText="取消"
      width={760}
      style={{ maxWidth: 'calc(100vw - 16px)' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Space align="start" wrap>
          <Form.Item name="number" label="编号" rules={[{ required: true, message: '请填写编号' }]}>
            <Input style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name="deadline" label="完成时限" rules={[{ required: true, message: '请选择完成时限' }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="explicit" label=" " valuePropName="checked">
            <Checkbox>文件明确规定</Checkbox>
          </Form.Item>
          <Form.Item
            name="continuous"
            label=" "
            valuePropName="checked"
            tooltip="长期坚持、持续推进的任务没有单一的完成日期，按年度督办。"
          >
            <Checkbox>长期任务</Checkbox>
          </Form.Item>
        </Space>
        <Form.Item name="text" label="任务内容" rules={[{ required: true, message: '请填写任务内容' }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
        <Form.Item
          name="lead"
          label="牵头单位"
          tooltip="可从组织机构中选择，也可输入文件中的写法（如集合性单位）后回车。"
        >
          <Select mode="tags" options={unitOptions} placeholder="选择或输入单位" />
        </Form.Item>
        <Form.Item name="support" label="配合单位">
          <Select mode="tags" options={unitOptions} placeholder="选择或输入单位" />
        </Form.Item>
        <Form.Item name="leaders" label="责任领导" tooltip="文件写明的责任领导（人名），不是单位。">
          <Select mode="tags" placeholder="输入姓名后回车" open={false} />
        </Form.Item>
        <Form.List name="targets">
          {(fields, { add, remove }) => (
            <Form.Item label="量化指标">
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item name={[field.name, 'text']} rules={[{ required: true, message: '原文' }]}>
                    <Input placeholder="原文，如 2000册" style={{ width: 130 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'comparator']} rules={[{ required: true }]}>
                    <Select options={COMPARATORS} style={{ width: 130 }} />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() =>
                      form.getFieldValue(['targets', field.name, 'comparator']) === 'range' ? (
                        <Space>
                          <Form.Item name={[field.name, 'min']} rules={[{ required: true, message: '下限' }]}>
                            <InputNumber placeholder="下限" />
                          </Form.Item>
                          <Form.Item name={[field.name, 'max']} rules={[{ required: true, message: '上限' }]}>
                            <InputNumber placeholder="上限" />
                          </Form.Item>
                        </Space>
                      ) : (
                        <Form.Item name={[field.name, 'value']} rules={[{ required: true, message: '数值' }]}>
                          <InputNumber placeholder="数值" />
                        </Form.Item>
                      )
                    }
                  </Form.Item>
                  <Form.Item name={[field.name, 'unit']} rules={[{ required: true, message: '单位' }]}>
                    <Input placeholder="单位，如 册" style={{ width: 80 }} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ comparator: 'eq', unit: '' })}>
                添加指标
              </Button>
            </Form.Item>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
