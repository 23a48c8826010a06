import { useEffect } from 'react';
import { DatePicker, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { CHASE_LEVEL_LABELS, type TTaskLight } from '../../../shared/supervision.ts';
import { useTodo } from '../workbench/api.ts';
import { useChaseTask } from './api.ts';

interface Values {
  unitId: number;
  level: number;
  message: string;
  replyBy?: Dayjs | null;
}

/** Who each level reaches; shown under the level so the supervisor knows before sending. */
const LEVEL_AUDIENCE: Record<number, string> = {
  0: '发送给该单位的联络员和处室负责人',
  1: '发送给该单位的处室负责人',
  2: '发送给该单位的处室负责人和委领导',
  3: '发送给全体委领导（并告知处室负责人）',
};

/**
 * 催办 (mode 'chase', level 0) or 督办单 (mode 'escalate', levels 1–3). The server insists that a 督办单 follows the
 * level before it for the same unit; the form proposes the next level after the highest already sent.
 */
export function ChaseModal({
  task,
  mode,
  onClose,
}: {
  task: TTaskLight | null;
  mode: 'chase' | 'escalate';
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const chase = useChaseTask();
  const units = (task ? [...task.leadUnits, ...task.supportUnits] : []).filter(
    (u): u is { unitId: number; name: string } => u.unitId !== null,
  );
  const level = Form.useWatch('level', form) ?? 0;
  const serverToday = useTodo().data?.today;

  useEffect(() => {
    if (!task) return;
    form.resetFields();
    const next = mode === 'chase' ? 0 : Math.min(3, Math.max(1, (task.chaseLevel ?? 0) + 1));
    form.setFieldsValue({
      unitId: units[0]?.unitId,
      level: next,
      message: mode === 'chase' ? '请按时报送本期工作进展，并说明存在的问题。' : '',
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [task, mode]);

  const submit = async () => {
    const v = await form.validateFields();
    await chase.mutateAsync({
      taskId: task!.taskId,
      unitId: v.unitId,
      level: v.level,
      message: v.message,
      replyBy: v.replyBy ? v.replyBy.format('YYYY-MM-DD') : null,
    });
    onClose();
  };

  return (
    <Modal
      title={task ? `${mode === 'chase' ? '催办' : '督办单'}：第${task.number}项任务` : ''}
      open={task !== null}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText="发送"
      cancelText="取消"
      confirmLoading={chase.isPending}
      destroyOnHidden
    >
      {task && (
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }}>
          {task.text}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical">
        <Form.Item name="unitId" label="责任单位" rules={[{ required: true, message: '请选择单位' }]}>
          <Select aria-label="责任单位" options={units.map((u) => ({ value: u.unitId, label: u.name }))} />
        </Form.Item>
        {mode === 'escalate' && (
          <Form.Item name="level" label="督办级别" extra={LEVEL_AUDIENCE[level]}>
            <Radio.Group
              optionType="button"
              options={[1, 2, 3].map((l) => ({ value: l, label: CHASE_LEVEL_LABELS[l] }))}
            />
          </Form.Item>
        )}
        {mode === 'chase' && (
          <Form.Item name="level" hidden>
            <Input />
          </Form.Item>
        )}
        <Form.Item
          name="message"
          label={mode === 'chase' ? '催办内容' : '督办事项'}
          rules={[{ required: true, min: 2, message: '请填写内容（至少 2 个字）' }]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item name="replyBy" label="回复期限（选填）">
          <DatePicker
            aria-label="回复期限"
            // The server's today (a training install pins it), not the browser's: a past 回复期限 is refused there.
            disabledDate={(d) => d.isBefore(dayjs(serverToday), 'day')}
            style={{ width: '100%' }}
          />
        </Form.Item>
      </Form>
      {mode === 'chase' && (
        <Typography.Text type="secondary">
          {LEVEL_AUDIENCE[0]}；已配置的邮件、企业微信和钉钉也会同时发送。
        </Typography.Text>
      )}
    </Modal>
  );
}
