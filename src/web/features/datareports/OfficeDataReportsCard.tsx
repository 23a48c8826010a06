import { Card, List, Tag } from 'antd';
import { Link } from 'react-router';
import { useQueries } from '@tanstack/react-query';
import { SUBMISSION_STATUS_LABELS, type TSubmission } from '../../../shared/datareports.ts';
import { api } from '../../api/client.ts';
import { DATAREPORTS_KEY, useCycles } from './api.ts';
import { STATUS_COLOR } from './DataReportsPage.tsx';

/** On the office page: each 资料年报 and where this office's own report stands (what it owes). */
export function OfficeDataReportsCard() {
  const cycles = useCycles();
  const mine = useQueries({
    queries: (cycles.data ?? []).map((c) => ({
      queryKey: [...DATAREPORTS_KEY, 'mine', c.id],
      queryFn: () => api.get<TSubmission>(`/api/datareports/cycles/${c.id}/mine`),
    })),
  });
  return (
    <Card title="资料年报" size="small">
      <List
        loading={cycles.isPending}
        dataSource={cycles.data}
        locale={{ emptyText: '暂无年报任务' }}
        renderItem={(c, i) => {
          const s = mine[i]?.data;
          return (
            <List.Item
              actions={[
                <Link key="go" to={`/datareports/${c.id}`}>
                  {s && ['missing', 'draft', 'returned'].includes(s.status) ? '去填报' : '查看'}
                </Link>,
              ]}
            >
              <List.Item.Meta
                title={c.title}
                description={
                  <>
                    截止 {c.deadline}{' '}
                    {s && <Tag color={STATUS_COLOR[s.status]}>{SUBMISSION_STATUS_LABELS[s.status]}</Tag>}
                  </>
                }
              />
            </List.Item>
          );
        }}
      />
    </Card>
  );
}
