import { Form, Input, Modal, Typography } from 'antd';
import type { TTaskLight } from '../../../shared/supervision.ts';
import { useCloseTask, useReopenTask } from './api.ts';

/** 办结 with its evidence, or — for a closed task — 重新打开 with a reason. */
export function CloseTaskModal({ task, onClose }: { task: TTaskLight | null; onClose: () => void }) {
  const [form] = Form.useForm<{ text: string }>();
  const close = useCloseTask();
  const reopen = useReopenTask();
  const closed = !!task?.closedAt;

  const submit = async () => {
    const { text } = await form.validateFields();
    if (closed) await reopen.mutateAsync({ taskId: task!.taskId, reason: text });
    else await close.mutateAsync({ taskId: task!.taskId, evidence: text });
    form.resetFields();
    onClose();
  };

  return (
    <Modal
      title={task ? `${closed ? '重新打开' : '办结'}：第${task.number}项任务` : ''}
      open={task !== null}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={closed ? '重新打开' : '确认办结'}
      cancelText="取消"
      confirmLoading={close.isPending || reopen.isPending}
      destroyOnHidden
    >
      {task && (
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }}>
          {task.text}
        </Typography.Paragraph>
      )}
      {closed && <Typography.Paragraph>办结依据：{task?.closeEvidence}</Typography.Paragraph>}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="text"
          label={closed ? '重新打开的原因' : '办结依据'}
          extra={closed ? undefined : '写明成果名称、文号、交付或验收情况，将记入任务时间线和审计日志。'}
          rules={[
            { required: true, min: closed ? 2 : 4, message: closed ? '请填写原因' : '请填写办结依据（至少 4 个字）' },
          ]}
        >
          <Input.TextArea rows={4} maxLength={4000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
