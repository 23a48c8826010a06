import { Button, Card, Empty, Table } from 'antd';
import { ImportOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import type { TPlanSummary } from '../../../shared/workplan.ts';
import { hasPermission, useMe } from '../../auth/use-me.ts';
import { usePlans } from './api.ts';
import { formatDateTime } from '../../../shared/dates.ts';

/** The saved annual plans, newest year first. */
export function PlansPage() {
  const { data: me } = useMe();
  const plans = usePlans();
  const navigate = useNavigate();
  const canImport = hasPermission(me, 'plan.import');
  return (
    <Card
      title="工作要点"
      extra={
        canImport && (
          <Button type="primary" icon={<ImportOutlined />} onClick={() => void navigate('/plans/import')}>
            导入工作要点
          </Button>
        )
      }
    >
      <Table<TPlanSummary>
        rowKey="id"
        loading={plans.isPending}
        dataSource={plans.data}
        pagination={false}
        locale={{
          emptyText: (
            <Empty
              description={canImport ? '还没有工作要点。点击“导入工作要点”上传本年度文件。' : '还没有导入工作要点'}
            />
          ),
        }}
        columns={[
          { title: '年度', dataIndex: 'year', width: 80 },
          { title: '标题', dataIndex: 'title', render: (t: string, p) => <Link to={`/plans/${p.id}`}>{t}</Link> },
          { title: '发文单位', dataIndex: 'issuer', render: (v: string | null) => v ?? '—' },
          { title: '成文日期', dataIndex: 'noticeDate', width: 120, render: (v: string | null) => v ?? '—' },
          { title: '部分', dataIndex: 'sectionCount', width: 70 },
          { title: '任务', dataIndex: 'taskCount', width: 70 },
          { title: '版本', dataIndex: 'revision', width: 80, render: (r: number) => `第 ${r} 版` },
          { title: '更新时间', dataIndex: 'updatedAt', width: 160, render: (v: string) => formatDateTime(v) },
        ]}
      />
    </Card>
  );
}
