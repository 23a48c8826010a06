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
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { TMilestone, TMilestoneInput, TTaskView } from '../../../shared/reports.ts';
import { errorMessage } from '../../api/client.ts';
import { DateField } from '../../ui/DateField.tsx';
import { useDeleteMilestone, useReachMilestone, useSaveMilestone } from './api.ts';

/** 节点: the lead unit's roadmap of the task. Editing is offered to whom the server would allow (permissions.editRoadmap). */
export function MilestonesCard({ view }: { view: TTaskView }) {
  const phone = !Grid.useBreakpoint().md;
  const { message } = App.useApp();
  const taskId = view.task.id;
  const save = useSaveMilestone(taskId);
  const remove = useDeleteMilestone(taskId);
  const reach = useReachMilestone(taskId);
  const [editing, setEditing] = useState<TMilestone | 'new' | null>(null);
  const [form] = Form.useForm<TMilestoneInput>();
  const canEdit = view.permissions.editRoadmap;

  const open = (m: TMilestone | 'new') => {
    setEditing(m);
    form.setFieldsValue(
      m === 'new'
        ? { name: '', dueDate: '', deliverable: '', weight: 1 }
        : { name: m.name, dueDate: m.dueDate, deliverable: m.deliverable ?? '', weight: m.weight },
    );
  };
  const submit = async () => {
    const values = await form.validateFields();
    try {
      await save.mutateAsync({ id: editing === 'new' || editing === null ? undefined : editing.id, input: values });
      message.success('节点已保存');
      setEditing(null);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const run = (p: Promise<unknown>, ok: string) =>
    p.then(() => message.success(ok)).catch((e: unknown) => message.error(errorMessage(e)));

  const stateTag = (m: TMilestone) =>
    m.reachedAt ? (
      <Tag color="green">{m.reachedAt} 完成</Tag>
    ) : m.dueDate < view.today ? (
      <Tag color="red">逾期未完成</Tag>
    ) : (
      <Tag>未到期</Tag>
    );

  return (
    <Card
      size="small"
      title="时间表和路线图（节点）"
      data-testid="milestones-card"
      extra={
        canEdit && (
          <Button icon={<PlusOutlined />} onClick={() => open('new')}>
            添加节点
          </Button>
        )
      }
    >
      <Table<TMilestone>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={view.milestones}
        locale={{ emptyText: canEdit ? '尚未分解节点，请点击“添加节点”。' : '牵头单位尚未分解节点。' }}
        columns={[
          {
            title: '节点',
            dataIndex: 'name',
            // On a phone the row is a card: the name, then date, weight and state under it.
            render: (name: string, m) =>
              phone ? (
                <Space direction="vertical" size={2}>
                  <Typography.Text>{name}</Typography.Text>
                  <Space size={4} wrap>
                    <Typography.Text type="secondary">
                      {m.dueDate} · 权重 {m.weight}
                    </Typography.Text>
                    {stateTag(m)}
                  </Space>
                </Space>
              ) : (
                name
              ),
          },
          { title: '完成日期', dataIndex: 'dueDate', width: 110, responsive: ['md'] },
          {
            title: '成果形式',
            dataIndex: 'deliverable',
            width: 140,
            responsive: ['md'],
            render: (v: string | null) => v ?? '—',
          },
          { title: '权重', dataIndex: 'weight', width: 60, responsive: ['md'] },
          {
            title: '状态',
            dataIndex: 'reachedAt',
            width: 130,
            responsive: ['md'],
            render: (_: unknown, m) => stateTag(m),
          },
          ...(canEdit
            ? [
                {
                  title: '操作',
                  key: 'ops',
                  width: phone ? 96 : 190,
                  render: (_: unknown, m: TMilestone) => (
                    <Space size={4} direction={phone ? 'vertical' : 'horizontal'}>
                      <Button size="small" type="link" onClick={() => open(m)}>
                        编辑
                      </Button>
                      <Button
                        size="small"
                        type="link"
                        onClick={() =>
                          void run(
                            reach.mutateAsync({ id: m.id, reached: !m.reachedAt }),
                            m.reachedAt ? '已改为未完成' : '已标记完成',
                          )
                        }
                      >
                        {m.reachedAt ? '改为未完成' : '标记完成'}
                      </Button>
                      <Popconfirm
                        title={`删除节点“${m.name}”？`}
                        okText="删除"
                        cancelText="取消"
                        onConfirm={() => run(remove.mutateAsync(m.id), '节点已删除')}
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
        title={editing === 'new' ? '添加节点' : '编辑节点'}
        open={editing !== null}
        okText="保存节点"
        cancelText="取消"
        confirmLoading={save.isPending}
        onOk={() => void submit()}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="name" label="节点名称" rules={[{ required: true, message: '请填写节点名称' }]}>
            <Input placeholder="如：完成征集方案" maxLength={200} />
          </Form.Item>
          <Form.Item
            name="dueDate"
            label="完成日期"
            rules={[{ required: true, message: '请选择完成日期' }]}
            extra={`应在 ${view.task.planYear} 年内，且不晚于完成时限 ${view.task.deadline}`}
          >
            <DateField aria-label="完成日期" data-testid="milestone-date" defaultPickerValue={view.task.deadline} />
          </Form.Item>
          <Form.Item name="deliverable" label="成果形式">
            <Input placeholder="如：方案文本、出版物、登记台账" maxLength={500} />
          </Form.Item>
          <Form.Item name="weight" label="权重" extra="计划进度按已到期节点的权重之和计算">
            <InputNumber min={0} max={100} step={1} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
