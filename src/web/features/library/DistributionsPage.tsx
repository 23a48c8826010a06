import { App, Button, Card, Form, InputNumber, List, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useOutletContext } from 'react-router';
import type { TCurrentUser } from '../../../shared/auth.ts';
import {
  OFFICE_GROUP_LABELS,
  SHIPMENT_STATUS_LABELS,
  type TDistribution,
  type TShipment,
} from '../../../shared/library.ts';
import type { TUnit } from '../../../shared/org.ts';
import { api, downloadFile, errorMessage } from '../../api/client.ts';
import { hasPermission } from '../../auth/use-me.ts';
import { useQuery } from '@tanstack/react-query';
import {
  createDistribution,
  remindDistribution,
  useCoverage,
  useDistributions,
  useHolding,
  useLibraryMutation,
} from './api.ts';
import { RecordPicker } from './RecordPicker.tsx';
import { usePhone } from './use-phone.ts';

const STATUS_COLOR: Record<TShipment['status'], string> = { sent: 'orange', confirmed: 'green', discrepancy: 'red' };
export const ShipmentTag = ({ s }: { s: Pick<TShipment, 'status'> }) => (
  <Tag color={STATUS_COLOR[s.status]}>{SHIPMENT_STATUS_LABELS[s.status]}</Tag>
);

function IssueSelect({
  recordId,
  value,
  onChange,
}: {
  recordId: number | undefined;
  value?: number;
  onChange?: (v: number) => void;
}) {
  const holding = useHolding(recordId ?? 0, recordId !== undefined);
  if (!recordId || holding.data?.type !== '期刊') return null;
  return (
    <Select
      placeholder="期号"
      value={value}
      onChange={onChange}
      style={{ width: 160 }}
      options={holding.data.issues.map((i) => ({ value: i.id, label: `${i.year} 年${i.label}` }))}
    />
  );
}

function NewDistribution() {
  const [form] = Form.useForm<{
    recordId: number;
    issueId?: number;
    city: number;
    county: number;
    department: number;
    unitIds?: number[];
  }>();
  const recordId = Form.useWatch('recordId', form);
  const units = useQuery({ queryKey: ['units'], queryFn: () => api.get<TUnit[]>('/api/units') });
  const create = useLibraryMutation(
    createDistribution,
    (d) => `已配送《${d.title}》：${d.totals.offices} 个单位，共 ${d.totals.copies} 册`,
  );
  const candidates = (units.data ?? []).filter((u) =>
    ['city_office', 'special_office', 'county_office', 'department', 'institution'].includes(u.kind),
  );
  return (
    <Card size="small" title="新建配送">
      <Form
        form={form}
        layout="inline"
        style={{ rowGap: 8 }}
        initialValues={{ city: 2, county: 1, department: 0 }}
        onFinish={(v) =>
          create.mutate(
            {
              recordId: v.recordId,
              issueId: v.issueId ?? null,
              formula: { city: v.city, county: v.county, department: v.department },
              unitIds: v.unitIds?.length ? v.unitIds : null,
            },
            { onSuccess: () => form.resetFields(['recordId', 'issueId', 'unitIds']) },
          )
        }
      >
        <Form.Item name="recordId" rules={[{ required: true, message: '请选择书目' }]}>
          <RecordPicker />
        </Form.Item>
        <Form.Item name="issueId">
          <IssueSelect recordId={recordId} />
        </Form.Item>
        {(['city', 'county', 'department'] as const).map((g) => (
          <Form.Item key={g} name={g} label={`${OFFICE_GROUP_LABELS[g]}每单位`}>
            <InputNumber min={0} max={1000} style={{ width: 70 }} />
          </Form.Item>
        ))}
        <Form.Item name="unitIds" label="只发给">
          <Select
            mode="multiple"
            allowClear
            placeholder="不选 = 各组全部单位"
            style={{ minWidth: 240, maxWidth: 480 }}
            optionFilterProp="label"
            options={candidates.map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          配送
        </Button>
      </Form>
    </Card>
  );
}

function DistributionList({ canManage }: { canManage: boolean }) {
  const phone = usePhone();
  const { message } = App.useApp();
  const list = useDistributions();
  const remind = useLibraryMutation(remindDistribution, (r) => `已提醒 ${r.reminded} 个单位签收`);
  const packing = (d: TDistribution) =>
    downloadFile(`/api/library/distributions/${d.id}/packing-lists`, `配送清单-${d.title}.xlsx`).catch(
      (e: unknown) => void message.error(errorMessage(e)),
    );
  const ops = (d: TDistribution) => (
    <Space>
      <Typography.Link onClick={() => void packing(d)}>配送清单</Typography.Link>
      {canManage && d.totals.pending > 0 && (
        <Typography.Link onClick={() => remind.mutate(d.id)}>催签收</Typography.Link>
      )}
    </Space>
  );
  const summary = (d: TDistribution) =>
    `${d.totals.offices} 个单位 · ${d.totals.copies} 册 · 已签收 ${d.totals.confirmed} · 有差异 ${d.totals.discrepancy} · 待签收 ${d.totals.pending}`;
  if (phone) {
    return (
      <List<TDistribution>
        loading={list.isPending}
        dataSource={list.data}
        renderItem={(d) => (
          <List.Item extra={ops(d)}>
            <List.Item.Meta
              title={`《${d.title}》`}
              description={
                <>
                  {d.createdAt.slice(0, 10)} · {summary(d)}
                  {d.shipments
                    .filter((s) => s.status !== 'confirmed')
                    .map((s) => (
                      <div key={s.id}>
                        {s.unitName} <ShipmentTag s={s} />
                        {s.note ? ` ${s.note}` : ''}
                      </div>
                    ))}
                </>
              }
            />
          </List.Item>
        )}
      />
    );
  }
  return (
    <Table<TDistribution>
      rowKey="id"
      size="small"
      loading={list.isPending}
      dataSource={list.data}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      expandable={{
        expandedRowRender: (d) => (
          <Table<TShipment>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={d.shipments}
            columns={[
              { title: '单位', dataIndex: 'unitName' },
              { title: '册数', dataIndex: 'quantity', width: 70 },
              { title: '状态', key: 's', width: 90, render: (_, s) => <ShipmentTag s={s} /> },
              { title: '实收', dataIndex: 'receivedQuantity', width: 70, render: (v: number | null) => v ?? '—' },
              { title: '说明', dataIndex: 'note', render: (v: string | null) => v ?? '' },
              {
                title: '签收时间',
                dataIndex: 'answeredAt',
                width: 110,
                render: (v: string | null) => v?.slice(0, 10) ?? '',
              },
            ]}
          />
        ),
      }}
      columns={[
        { title: '配送', dataIndex: 'title', render: (t: string) => `《${t}》` },
        { title: '日期', dataIndex: 'createdAt', width: 110, render: (v: string) => v.slice(0, 10) },
        { title: '情况', key: 'sum', render: (_, d) => summary(d) },
        { title: '', key: 'ops', width: 150, render: (_, d) => ops(d) },
      ]}
    />
  );
}

function CoverageMatrix() {
  const cov = useCoverage();
  const data = cov.data;
  if (!data) return null;
  const cell = (distributionId: number, unitId: number) =>
    data.cells.find((c) => c.distributionId === distributionId && c.unitId === unitId);
  return (
    <Table
      rowKey="id"
      size="small"
      dataSource={data.distributions}
      pagination={false}
      scroll={{ x: 260 + data.offices.length * 96 }}
      columns={[
        { title: '配送', dataIndex: 'title', fixed: 'left', width: 240, render: (t: string) => `《${t}》` },
        ...data.offices.map((o) => ({
          title: <Tooltip title={o.name}>{o.name.replace('地方志工作机构', '')}</Tooltip>,
          key: `o${o.id}`,
          width: 96,
          align: 'center' as const,
          render: (_: unknown, d: { id: number }) => {
            const c = cell(d.id, o.id);
            return c ? <ShipmentTag s={c} /> : '';
          },
        })),
      ]}
    />
  );
}

/** 配送: new distributions by formula, the list with each office's receipt, and the coverage matrix. */
export function DistributionsPage() {
  const me = useOutletContext<TCurrentUser>();
  const canManage = hasPermission(me, 'distribution.manage');
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {canManage && <NewDistribution />}
      <Card size="small">
        <Tabs
          items={[
            { key: 'list', label: '配送记录', children: <DistributionList canManage={canManage} /> },
            { key: 'coverage', label: '覆盖情况（谁未签收）', children: <CoverageMatrix /> },
          ]}
        />
      </Card>
    </Space>
  );
}
