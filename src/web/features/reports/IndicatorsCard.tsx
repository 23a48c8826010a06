import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Form,
  Grid,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Progress,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { TIndicator, TIndicatorInput, TTaskView } from '../../../shared/reports.ts';
import { errorMessage } from '../../api/client.ts';
import { DateField } from '../../ui/DateField.tsx';
import { useDeleteIndicator, useIndicatorsFromTargets, useSaveIndicator } from './api.ts';

const fmt = (v: number | null, unit: string) => (v === null ? '—' : `${v.toLocaleString('zh-CN')}${unit}`);

/** 指标: quantified targets with the planned value today and the latest approved actual. */
export function IndicatorsCard({ view }: { view: TTaskView }) {
  const phone = !Grid.useBreakpoint().md;
  const { message } = App.useApp();
  const taskId = view.task.id;
  const fromTargets = useIndicatorsFromTargets(taskId);
  const save = useSaveIndicator(taskId);
  const remove = useDeleteIndicator(taskId);
  const [editing, setEditing] = useState<TIndicator | 'new' | null>(null);
  const [form] = Form.useForm<TIndicatorInput>();
  const curve = Form.useWatch('curve', form);
  const canEdit = view.permissions.editRoadmap;
  const numericTargets = view.targets.filter((t) => t.value !== null);

  const open = (i: TIndicator | 'new') => {
    setEditing(i);
    form.setFieldsValue(
      i === 'new'
        ? { name: '', unit: '', targetValue: undefined, baseline: 0, curve: 'linear', points: [] }
        : {
            name: i.name,
            unit: i.unit,
            targetValue: i.targetValue,
            baseline: i.baseline,
            curve: i.curve,
            points: i.points,
            targetId: i.targetId,
          },
    );
  };
  const submit = async () => {
    const values = await form.validateFields();
    try {
      await save.mutateAsync({
        id: editing === 'new' || editing === null ? undefined : editing.id,
        input: { ...values, points: values.points ?? [] },
      });
      message.success('指标已保存');
      setEditing(null);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <Card
      size="small"
      title="量化指标"
      data-testid="indicators-card"
      extra={
        canEdit && (
          <Space>
            {numericTargets.length > 0 && (
              <Button
                onClick={() =>
                  fromTargets
                    .mutateAsync()
                    .then(() => message.success('已按量化指标生成'))
                    .catch((e: unknown) => message.error(errorMessage(e)))
                }
              >
                按量化指标生成
              </Button>
            )}
            <Button icon={<PlusOutlined />} onClick={() => open('new')}>
              添加指标
            </Button>
          </Space>
        )
      }
    >
      <Table<TIndicator>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={view.indicators}
        locale={{
          emptyText: numericTargets.length
            ? '量化指标尚未设定计划，牵头单位可“按量化指标生成”。'
            : '这项任务没有量化指标。',
        }}
        columns={[
          {
            title: '指标',
            dataIndex: 'name',
            // On a phone the row is a card: the name, then target, plan and actual, then the completion bar.
            render: (name: string, i) =>
              phone ? (
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Typography.Text>{name}</Typography.Text>
                  <Typography.Text type="secondary">
                    目标 {fmt(i.targetValue, i.unit)} · 计划 {fmt(i.plannedNow, i.unit)} · 实际 {fmt(i.actual, i.unit)}
                  </Typography.Text>
                  <Progress size="small" percent={rateOf(i)} />
                </Space>
              ) : (
                name
              ),
          },
          {
            title: '目标',
            key: 'target',
            width: 110,
            responsive: ['md'],
            render: (_: unknown, i) => fmt(i.targetValue, i.unit),
          },
          {
            title: '计划',
            key: 'planned',
            width: 140,
            responsive: ['md'],
            render: (_: unknown, i) => (
              <span data-testid="indicator-planned">
                {fmt(i.plannedNow, i.unit)}（{i.curve === 'linear' ? '均匀' : '按节点'}）
              </span>
            ),
          },
          {
            title: '实际（已审核）',
            key: 'actual',
            width: 120,
            responsive: ['md'],
            render: (_: unknown, i) => <span data-testid="indicator-actual">{fmt(i.actual, i.unit)}</span>,
          },
          {
            title: '完成率',
            key: 'rate',
            width: 150,
            responsive: ['md'],
            render: (_: unknown, i) => <Progress size="small" percent={rateOf(i)} />,
          },
          ...(canEdit
            ? [
                {
                  title: '操作',
                  key: 'ops',
                  width: phone ? 64 : 110,
                  render: (_: unknown, i: TIndicator) => (
                    <Space size={4} direction={phone ? 'vertical' : 'horizontal'}>
                      <Button size="small" type="link" onClick={() => open(i)}>
                        编辑
                      </Button>
                      <Popconfirm
                        title={`删除指标“${i.name}”？`}
                        okText="删除"
                        cancelText="取消"
                        onConfirm={() => remove.mutateAsync(i.id).catch((e: unknown) => message.error(errorMessage(e)))}
                      >
                        <Button size="small" type="link" danger>
                          删除
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        title={editing === 'new' ? '添加指标' : '编辑指标'}
        open={editing !== null}
        okText="保存指标"
        cancelText="取消"
        onOk={() => void submit()}
        onCancel={() => setEditing(null)}
        destroyOnHidden
        width={560}
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="targetId" hidden>
            <Input />
          </Form.Item>
          <Form.Item name="name" label="指标名称" rules={[{ required: true, message: '请填写指标名称' }]}>
            <Input placeholder="如：印制年鉴" />
          </Form.Item>
          <Space>
            <Form.Item name="targetValue" label="目标值" rules={[{ required: true, message: '请填写目标值' }]}>
              <InputNumber min={0} />
            </Form.Item>
            <Form.Item name="unit" label="计量单位">
              <Input style={{ width: 90 }} placeholder="册" />
            </Form.Item>
            <Form.Item name="baseline" label="年初基数">
              <InputNumber min={0} />
            </Form.Item>
          </Space>
          <Form.Item name="curve" label="计划曲线">
            <Select
              options={[
                { value: 'linear', label: '均匀推进（年初到完成时限）' },
                { value: 'points', label: '按节点（自定日期和计划值）' },
              ]}
            />
          </Form.Item>
          {curve === 'points' && (
            <Form.List name="points">
              {(fields, { add, remove: drop }) => (
                <>
                  {fields.map((f) => (
                    <Space key={f.key} align="baseline">
                      <Form.Item name={[f.name, 'date']} rules={[{ required: true, message: '日期' }]}>
                        <DateField aria-label="日期" />
                      </Form.Item>
                      <Form.Item name={[f.name, 'value']} rules={[{ required: true, message: '计划值' }]}>
                        <InputNumber min={0} placeholder="计划值" />
                      </Form.Item>
                      <MinusCircleOutlined onClick={() => drop(f.name)} />
                    </Space>
                  ))}
                  <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />}>
                    添加计划节点
                  </Button>
                </>
              )}
            </Form.List>
          )}
        </Form>
      </Modal>
    </Card>
  );
}

function rateOf(i: TIndicator): number {
  return Math.round((((i.actual ?? i.baseline) - i.baseline) / (i.targetValue - i.baseline || 1)) * 100);
}
