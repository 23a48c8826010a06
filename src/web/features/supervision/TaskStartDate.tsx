import { DatePicker, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useSetTaskStart } from './api.ts';

/**
 * A task's own start date on the task page: planned progress counts from it (else from the plan's issue date). Shown to
 * everyone; a supervisor changes it with an Ant Design date picker limited to the plan's year; clearing it goes back.
 */
export function TaskStartDate({
  taskId,
  year,
  startDate,
  plannedFrom,
  editable,
}: {
  taskId: number;
  year: number;
  startDate: string | null;
  plannedFrom: string;
  editable: boolean;
}) {
  const save = useSetTaskStart();
  const note = startDate ? '计划进度自该日起计' : `未单独设置，计划进度自 ${plannedFrom} 起计`;
  if (!editable)
    return (
      <span data-testid="task-start">
        {startDate ?? '—'} <Typography.Text type="secondary">（{note}）</Typography.Text>
      </span>
    );
  return (
    <Space size={4} wrap data-testid="task-start">
      <DatePicker
        aria-label="开始日期"
        data-testid="task-start-picker"
        size="small"
        allowClear
        placeholder={plannedFrom}
        value={startDate ? dayjs(startDate) : null}
        disabledDate={(d) => d.year() !== year}
        disabled={save.isPending}
        onChange={(d) => save.mutate({ taskId, startDate: d ? d.format('YYYY-MM-DD') : null })}
      />
      <Typography.Text type="secondary">{note}</Typography.Text>
    </Space>
  );
}
