import { useState } from 'react';
import { Card, DatePicker, Descriptions, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { AUDIT_ACTION_LABELS, type TAuditEntry } from '../../../shared/audit.ts';
import { useAudit } from './api.ts';
import { formatDateTime } from '../../../shared/dates.ts';

const ENTITY_LABELS: Record<string, string> = { user: '用户', unit: '单位', system: '系统' };

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  return <pre className="audit-json">{JSON.stringify(value, null, 2)}</pre>;
}

/** The append-only log of every change: who, when, what, before and after. */
export function AuditPage() {
  const [filters, setFilters] = useState<{
    action?: string;
    entityType?: string;
    q?: string;
    from?: string;
    to?: string;
  }>({});
  const [page, setPage] = useState(1);
  const audit = useAudit({ ...filters, page, pageSize: 50 });

  return (
    <Card title="审计日志">
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder="操作类型"
          style={{ width: 160 }}
          options={Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label }))}
          onChange={(action?: string) => {
            setPage(1);
            setFilters((f) => ({ ...f, action }));
          }}
        />
        <Select
          allowClear
          placeholder="对象"
          style={{ width: 120 }}
          options={Object.entries(ENTITY_LABELS).map(([value, label]) => ({ value, label }))}
          onChange={(entityType?: string) => {
            setPage(1);
            setFilters((f) => ({ ...f, entityType }));
          }}
        />
        <DatePicker.RangePicker
          onChange={(range) => {
            setPage(1);
            setFilters((f) => ({ ...f, from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') }));
          }}
        />
        <Input.Search
          placeholder="按内容或操作人查找"
          allowClear
          onSearch={(q) => {
            setPage(1);
            setFilters((f) => ({ ...f, q }));
          }}
          style={{ width: 240 }}
        />
      </Space>
      <Table<TAuditEntry>
        rowKey="id"
        size="small"
        loading={audit.isPending}
        dataSource={audit.data?.items}
        pagination={{
          current: page,
          pageSize: 50,
          total: audit.data?.total ?? 0,
          onChange: setPage,
          showTotal: (n) => `共 ${n} 条`,
        }}
        expandable={{
          rowExpandable: (r) => r.before !== null || r.after !== null,
          expandedRowRender: (r) => (
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label="修改前">
                <Json value={r.before} />
              </Descriptions.Item>
              <Descriptions.Item label="修改后">
                <Json value={r.after} />
              </Descriptions.Item>
            </Descriptions>
          ),
        }}
        columns={[
          { title: '时间', dataIndex: 'occurredAt', width: 170, render: (v: string) => formatDateTime(v, true) },
          { title: '操作人', dataIndex: 'actorName', width: 180 },
          {
            title: '操作',
            dataIndex: 'action',
            width: 140,
            render: (a: string) => <Tag>{AUDIT_ACTION_LABELS[a] ?? a}</Tag>,
          },
          { title: '内容', dataIndex: 'summary' },
          { title: '来源地址', dataIndex: 'ip', width: 140, render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Card>
  );
}
