import { useMemo, useState } from 'react';
import { App, Button, Card, Input, List, Modal, Result, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { Link, useOutletContext, useParams } from 'react-router';
import type { TCurrentUser } from '../../../shared/auth.ts';
import { SUBMISSION_STATUS_LABELS, type TSubmission } from '../../../shared/datareports.ts';
import { downloadFile, errorMessage } from '../../api/client.ts';
import { hasPermission } from '../../auth/use-me.ts';
import { EChart } from '../../ui/EChart.tsx';
import { usePhone } from '../library/use-phone.ts';
import { review, useCycle, useRollup, useTrend } from './api.ts';
import { STATUS_COLOR, useAction } from './DataReportsPage.tsx';
import { MyReportCard } from './MyReportCard.tsx';
import { buildTrendOption } from './trend-option.ts';

function Submissions({
  cycleId,
  rows,
  canReview,
  isProvince,
}: {
  cycleId: number;
  rows: TSubmission[];
  canReview: boolean;
  isProvince: boolean;
}) {
  const phone = usePhone();
  const decide = useAction(
    (v: { id: number; approve: boolean; comment: string | null }) => review(v.id, v),
    (s) => `${s.unitName}：${SUBMISSION_STATUS_LABELS[s.status]}`,
  );
  const [returning, setReturning] = useState<TSubmission | null>(null);
  const [comment, setComment] = useState('');
  const [open, setOpen] = useState<TSubmission | null>(null);
  const reviewable = (s: TSubmission) =>
    canReview &&
    s.id !== null &&
    (isProvince
      ? s.status === 'city_approved' || (s.status === 'submitted' && s.reviewerName === null)
      : s.status === 'submitted' && s.reviewerName !== null);
  const ops = (s: TSubmission) => (
    <Space>
      {s.id !== null && <Typography.Link onClick={() => setOpen(s)}>查看</Typography.Link>}
      {reviewable(s) && (
        <Button
          size="small"
          type="primary"
          onClick={() => void decide.run({ id: s.id!, approve: true, comment: null })}
        >
          {isProvince ? '接收' : '审核通过'}
        </Button>
      )}
      {reviewable(s) && (
        <Button
          size="small"
          danger
          onClick={() => {
            setReturning(s);
            setComment('');
          }}
        >
          退回
        </Button>
      )}
    </Space>
  );
  return (
    <Card title="各单位填报情况" size="small">
      {phone ? (
        <List<TSubmission>
          dataSource={rows}
          renderItem={(s) => (
            <List.Item actions={[ops(s)]}>
              <List.Item.Meta
                title={
                  <>
                    {s.unitName} <Tag color={STATUS_COLOR[s.status]}>{SUBMISSION_STATUS_LABELS[s.status]}</Tag>
                  </>
                }
                description={s.reviewerName ? `审核：${s.reviewerName}` : '直报省方志委'}
              />
            </List.Item>
          )}
        />
      ) : (
        <Table<TSubmission>
          rowKey="unitId"
          size="small"
          dataSource={rows}
          pagination={{ pageSize: 100, hideOnSinglePage: true }}
          columns={[
            { title: '单位', dataIndex: 'unitName' },
            { title: '审核单位', dataIndex: 'reviewerName', render: (v: string | null) => v ?? '省方志委' },
            {
              title: '状态',
              key: 's',
              width: 110,
              render: (_, s) => <Tag color={STATUS_COLOR[s.status]}>{SUBMISSION_STATUS_LABELS[s.status]}</Tag>,
            },
            {
              title: '方式',
              dataIndex: 'source',
              width: 70,
              render: (v: string | null) => (v === 'xlsx' ? 'Excel' : v === 'web' ? '网页' : ''),
            },
            {
              title: '提交时间',
              dataIndex: 'submittedAt',
              width: 110,
              render: (v: string | null) => v?.slice(0, 10) ?? '',
            },
            { title: '', key: 'ops', width: 220, render: (_, s) => ops(s) },
          ]}
        />
      )}
      <Modal
        open={returning !== null}
        title={`退回 ${returning?.unitName ?? ''} 的年报`}
        okText="退回"
        cancelText="取消"
        okButtonProps={{ danger: true, disabled: !comment.trim() }}
        onCancel={() => setReturning(null)}
        onOk={() =>
          returning && void decide.run({ id: returning.id!, approve: false, comment }, () => setReturning(null))
        }
      >
        <Input.TextArea
          rows={3}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          placeholder="写明退回原因和修改要求"
        />
      </Modal>
      <Modal open={open !== null} title={open?.unitName} footer={null} onCancel={() => setOpen(null)}>
        {open && <ReportValues cycleId={cycleId} s={open} />}
      </Modal>
    </Card>
  );
}

function ReportValues({ cycleId, s }: { cycleId: number; s: TSubmission }) {
  const cycle = useCycle(cycleId);
  return (
    <List
      size="small"
      dataSource={cycle.data?.definition.fields ?? []}
      renderItem={(f) => (
        <List.Item>
          {f.label}：<Typography.Text strong>{s.values[f.key] ?? '—'}</Typography.Text> {f.unit}
        </List.Item>
      )}
      footer={s.note ? `说明：${s.note}` : undefined}
    />
  );
}

function RollupCard({
  cycleId,
  isProvince,
  formId,
  fields,
}: {
  cycleId: number;
  isProvince: boolean;
  formId: number;
  fields: { key: string; label: string; unit: string | null }[];
}) {
  const rollup = useRollup(cycleId);
  const { message } = App.useApp();
  const [field, setField] = useState<string | null>(fields[0]?.key ?? null);
  const trend = useTrend(formId, field);
  const chosen = fields.find((f) => f.key === field);
  const option = useMemo(
    () => buildTrendOption(trend.data ?? [], chosen?.label ?? '', chosen?.unit ?? null),
    [trend.data, chosen],
  );
  const cols = rollup.data?.fields ?? [];
  return (
    <Card
      title="汇总"
      size="small"
      extra={
        isProvince && (
          <Typography.Link
            onClick={() =>
              void downloadFile(`/api/datareports/cycles/${cycleId}/statistics`, '统计表.xlsx').catch(
                (e: unknown) => void message.error(errorMessage(e)),
              )
            }
          >
            导出中指办统计表 .xlsx
          </Typography.Link>
        )
      }
    >
      <Typography.Paragraph type="secondary">
        全省合计只计省方志委已接收的年报；市（州）小计计入该市州审核通过的县（市、区）年报和本级年报。
      </Typography.Paragraph>
      <Table
        rowKey={(g) => String(g.unitId)}
        size="small"
        dataSource={rollup.data?.groups}
        pagination={false}
        scroll={{ x: 200 + cols.length * 110 }}
        columns={[
          {
            title: '单位',
            dataIndex: 'name',
            fixed: 'left',
            width: 200,
            render: (n: string, g) => (
              <>
                {n}{' '}
                <Typography.Text type="secondary">
                  （{g.counted}/{g.expected}）
                </Typography.Text>
              </>
            ),
          },
          ...cols.map((c) => ({
            title: `${c.label}${c.unit ? `（${c.unit}）` : ''}`,
            key: c.key,
            width: 110,
            align: 'right' as const,
            render: (_: unknown, g: { totals: Record<string, number> }) =>
              (g.totals[c.key] ?? 0).toLocaleString('zh-CN'),
          })),
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <span>同比</span>
        <Select
          value={field ?? undefined}
          onChange={setField}
          style={{ width: 200 }}
          options={fields.map((f) => ({ value: f.key, label: f.label }))}
        />
      </Space>
      {trend.data && <EChart option={option} height={260} testId="trend-chart" />}
    </Card>
  );
}

/** One cycle: the office's own report, the reports it reviews, the roll-up, the 中指办 table and the year-over-year chart. */
export function DataReportCyclePage() {
  const id = Number(useParams().id);
  const me = useOutletContext<TCurrentUser>();
  const cycle = useCycle(id);
  if (cycle.isPending) return <Spin />;
  if (cycle.isError)
    return (
      <Result
        status="warning"
        title="无法查看该年报"
        subTitle={errorMessage(cycle.error)}
        extra={<Link to="/datareports">返回</Link>}
      />
    );
  const c = cycle.data;
  const isProvince = hasPermission(me, 'office.province_wide');
  const numeric = c.definition.fields
    .filter((f) => f.type === 'integer' || f.type === 'number')
    .map((f) => ({ key: f.key, label: f.label, unit: f.unit }));
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {c.title}{' '}
        <Typography.Text type="secondary" style={{ fontSize: 14 }}>
          截止 {c.deadline}
        </Typography.Text>
      </Typography.Title>
      {hasPermission(me, 'datareport.fill') && <MyReportCard cycle={c} />}
      <Submissions
        cycleId={c.id}
        rows={c.submissions.filter((s) => isProvince || s.unitId !== me.unitId)}
        canReview={hasPermission(me, 'datareport.review')}
        isProvince={isProvince}
      />
      <RollupCard cycleId={c.id} isProvince={isProvince} formId={c.formId} fields={numeric} />
    </Space>
  );
}

export const Page = DataReportCyclePage;
