import { useState } from 'react';
import { Button, DatePicker, Form, Input, Modal, Typography } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useRequestExtension } from './api.ts';

export interface ExtensionRequestButtonProps {
  taskId: number;
  taskNumber: string;
  /** The current deadline (YYYY-MM-DD): the new date must be later. */
  deadline: string;
  /** Disables the button, e.g. while a request is pending or the task is closed. */
  disabled?: boolean;
}

/**
 * "申请延期" for the task's lead unit: a button that opens the request form (new date, reason). The task page shows it
 * to the lead unit's 联络员 and head; the server refuses anyone else, a date before the plan's year, or one not after
 * the current deadline, with a message this form shows.
 */
export function ExtensionRequestButton({ taskId, taskNumber, deadline, disabled }: ExtensionRequestButtonProps) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ newDate: Dayjs; reason: string }>();
  const request = useRequestExtension();

  const submit = async () => {
    const v = await form.validateFields();
    await request.mutateAsync({ taskId, newDate: v.newDate.format('YYYY-MM-DD'), reason: v.reason });
    setOpen(false);
    form.resetFields();
  };

  return (
    <>
      <Button
        icon={<ClockCircleOutlined />}
        disabled={disabled}
        onClick={() => setOpen(true)}
        data-testid="extension-request-button"
      >
        申请延期
      </Button>
      <Modal
        title={`申请延期：第${taskNumber}项任务`}
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => void submit().catch(() => undefined)}
        okText="提交申请"
        cancelText="取消"
        confirmLoading={request.isPending}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          当前完成时限：{deadline}。申请提交后由委领导审批，同意后完成时限随之调整。
        </Typography.Paragraph>
        <Form form={form} layout="vertical">
          <Form.Item name="newDate" label="新的完成时限" rules={[{ required: true, message: '请选择新的完成时限' }]}>
            <DatePicker aria-label="新的完成时限" style={{ width: '100%' }} defaultPickerValue={dayjs(deadline)} />
          </Form.Item>
          <Form.Item
            name="reason"
            label="延期理由"
            rules={[{ required: true, min: 4, message: '请写明延期理由（至少 4 个字）' }]}
          >
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
