import { Badge, Tag, Tooltip } from 'antd';
import { TASK_STATUS_LABELS, type TTaskHealth } from '../../../shared/supervision.ts';

const COLORS: Record<TTaskHealth['light'], string> = {
  grey: '#bfbfbf',
  green: '#52c41a',
  yellow: '#faad14',
  red: '#f5222d',
  blue: '#1677ff',
};

/** The status light of a task with its reasons on hover; "逾期未报" beside it when the period's report is missing. */
export function TaskLight({ health }: { health: TTaskHealth | null | undefined }) {
  if (!health) return <Tag>—</Tag>;
  return (
    <Tooltip title={health.reasons.join('；')}>
      <span data-testid="task-light" data-light={health.light}>
        <Badge color={COLORS[health.light]} text={TASK_STATUS_LABELS[health.status]} />
        {health.reportOverdue && (
          <Tag color="red" style={{ marginLeft: 8 }}>
            逾期未报
          </Tag>
        )}
      </span>
    </Tooltip>
  );
}
