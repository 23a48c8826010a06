import { Card, Progress, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { TProjectProgress } from '../../../shared/compilation.ts';
import { api } from '../../api/client.ts';

/** On a work-plan task: the real progress of the compilation projects linked to it (nothing shows when there are none). */
export function CompilationProgressCard({ taskId }: { taskId: number }) {
  const q = useQuery({
    queryKey: ['compilation', 'task-progress', taskId],
    queryFn: () => api.get<TProjectProgress[]>(`/api/compilation/tasks/${taskId}/progress`),
  });
  if (!q.data || q.data.length === 0) return null;
  return (
    <Card size="small" title="编纂进度" data-testid="compilation-progress">
      <Space direction="vertical" style={{ width: '100%' }}>
        {q.data.map((p) => (
          <div key={p.projectId}>
            <Link to={`/compilation/${p.projectId}`}>{p.title}</Link>
            <Progress
              percent={p.percent}
              success={p.plannedPercent !== null ? { percent: Math.min(p.percent, p.plannedPercent) } : undefined}
            />
            <Typography.Text type="secondary">
              条目 {p.total.nodes}：初稿 {p.total.drafted}，已编辑 {p.total.edited}，定稿 {p.total.final}；待办{' '}
              {p.total.open}（逾期 {p.total.overdue}）
              {p.plannedPercent !== null && `；按进度安排应完成 ${p.plannedPercent}%（${p.currentStage}）`}
            </Typography.Text>
          </div>
        ))}
      </Space>
    </Card>
  );
}
