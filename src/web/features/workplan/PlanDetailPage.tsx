import { useMemo, useState } from 'react';
import { Card, Descriptions, Input, Result, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import type { TTask, TTaskUnit } from '../../../shared/workplan.ts';
import { errorMessage } from '../../api/client.ts';
import { hasPermission, useMe } from '../../auth/use-me.ts';
import { DownloadButton } from '../../ui/DownloadLink.tsx';
import { usePlan } from './api.ts';
import { PlanExportButtons } from './PlanExportButtons.tsx';
import { PlanSupervisionSettings } from './PlanSupervisionSettings.tsx';
import { formatDeadline, formatTarget } from './format.ts';

type Row = TTask & { sectionLabel: string };

const unitTags = (units: TTaskUnit[]) =>
  units.map((u) => (
    <Tag
      key={u.name}
      color={u.unitId ? 'green' : 'default'}
      title={u.unitName && u.unitName !== u.name ? u.unitName : undefined}
    >
      {u.name}
    </Tag>
  ));

/** One saved plan: its header, the general requirements, and the task table (任务分解表). */
export function PlanDetailPage() {
  const id = Number(useParams().id);
  const plan = usePlan(id);
  const { data: me } = useMe();
  const [section, setSection] = useState<number | null>(null);
  const [query, setQuery] = useState('');
  const rows: Row[] = useMemo(
    () =>
      plan.data?.sections
        .flatMap((s) => s.tasks.map((t) => ({ ...t, sectionLabel: `${s.ordinal}. ${s.title}` })))
        .filter(
          (t) =>
            (section === null || t.sectionId === section) &&
            (!query ||
              t.text.includes(query) ||
              [...t.leadUnits, ...t.supportUnits].some((u) => u.name.includes(query) || u.unitName?.includes(query))),
        ) ?? [],
    [plan.data, section, query],
  );
  if (plan.isPending) return <Spin />;
  if (plan.isError) return <Result status="warning" title={errorMessage(plan.error)} />;
  const p = plan.data;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={p.title}
        extra={
          p.sourceFileName && (
            <DownloadButton href={`/api/plans/${p.id}/source`} fileName={p.sourceFileName}>
              原始文件
            </DownloadButton>
          )
        }
      >
        <Descriptions size="small" column={3}>
          <Descriptions.Item label="年度">{p.year}</Descriptions.Item>
          <Descriptions.Item label="发文单位">{p.issuer ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="成文日期">{p.noticeDate ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="通知">{p.noticeTitle ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="主送">{p.noticeAddressees.join('；') || '—'}</Descriptions.Item>
          <Descriptions.Item label="版本">
            第 {p.revision} 版 · {p.sectionCount} 个部分 · {p.taskCount} 项任务
          </Descriptions.Item>
        </Descriptions>
        {hasPermission(me, 'plan.export') && (
          <div style={{ marginTop: 12 }}>
            <PlanExportButtons planId={p.id} year={p.year} />
          </div>
        )}
        {p.preamble && (
          <Typography.Paragraph
            ellipsis={{ rows: 2, expandable: true, symbol: '展开' }}
            type="secondary"
            style={{ marginTop: 12, marginBottom: 0 }}
          >
            总体要求：{p.preamble}
          </Typography.Paragraph>
        )}
      </Card>
      <PlanSupervisionSettings planId={p.id} year={p.year} />
      <Card
        title="任务分解表"
        extra={
          <Space>
            <Select
              allowClear
              placeholder="全部部分"
              style={{ width: 240 }}
              options={p.sections.map((s) => ({ value: s.id, label: `${s.ordinal}. ${s.title}` }))}
              onChange={(v?: number) => setSection(v ?? null)}
            />
            <Input.Search allowClear placeholder="按内容或单位查找" onSearch={setQuery} style={{ width: 220 }} />
          </Space>
        }
      >
        <Table<Row>
          size="small"
          rowKey="id"
          dataSource={rows}
          pagination={false}
          columns={[
            {
              title: '部分',
              dataIndex: 'sectionLabel',
              width: 150,
              onCell: (r, i) => ({
                rowSpan:
                  i !== undefined && i > 0 && rows[i - 1]?.sectionId === r.sectionId
                    ? 0
                    : rows.filter((x) => x.sectionId === r.sectionId).length,
              }),
            },
            {
              title: '编号',
              dataIndex: 'number',
              width: 56,
              render: (n: string, r) => (
                <Link
                  to={`/supervision/tasks/${r.id}`}
                  data-testid={r.archived ? `plan-archived-task-${r.id}` : `plan-task-${n}`}
                >
                  {n}
                </Link>
              ),
            },
            {
              title: '任务',
              dataIndex: 'text',
              render: (text: string, r) =>
                r.archived ? (
                  <span>
                    <Tag
                      color="default"
                      title={r.archivedAt ? `修订时撤销于 ${r.archivedAt.slice(0, 10)}，填报等历史记录保留` : undefined}
                    >
                      已撤销
                    </Tag>
                    <span className="task-archived">{text}</span>
                  </span>
                ) : (
                  <>
                    {text}
                    {r.leaders.length > 0 && (
                      <Typography.Text type="secondary">（责任领导：{r.leaders.join('、')}）</Typography.Text>
                    )}
                  </>
                ),
            },
            { title: '牵头单位', dataIndex: 'leadUnits', width: 130, render: unitTags },
            { title: '配合单位', dataIndex: 'supportUnits', width: 150, render: unitTags },
            {
              title: '量化指标',
              dataIndex: 'targets',
              width: 120,
              render: (ts: TTask['targets']) =>
                ts.map((t) => (
                  <Tag key={t.text} color="blue" title={t.text}>
                    {formatTarget(t)}
                  </Tag>
                )),
            },
            {
              title: '完成时限',
              dataIndex: 'deadline',
              width: 150,
              render: (d: TTask['deadline']) => (
                <span style={{ color: d.explicit ? undefined : '#999' }}>{formatDeadline(d)}</span>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
