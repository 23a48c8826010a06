import { useMemo } from 'react';
import {
  Badge,
  Card,
  Col,
  DatePicker,
  Empty,
  Grid,
  List,
  Result,
  Row,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import {
  LIGHT_COLORS,
  LIGHT_LABELS,
  LIGHTS,
  OVERDUE_KIND_LABELS,
  type TDashboard,
  type TIndicatorRow,
  type TLight,
  type TOverdueItem,
  type TTaskLight,
} from '../../../shared/dashboard.ts';
import { errorMessage } from '../../api/client.ts';
import { EChart } from '../../ui/EChart.tsx';
import { useDashboard } from './api.ts';
import { buildCompletionOption, buildIndicatorsOption, buildLightsOption } from './dashboard-options.ts';
import { PlanPicker, useDateChoice, usePlanChoice } from './PlanPicker.tsx';
import { formatDateTime } from '../../../shared/dates.ts';

export const LightTag = ({ light }: { light: TLight }) => (
  <Tag color={LIGHT_COLORS[light]} style={{ color: light === 'grey' ? '#262626' : undefined }}>
    {LIGHT_LABELS[light]}
  </Tag>
);

/** Planned values of large whole-number targets (2000 册) read as whole numbers; 17 万册 and 6 期 keep one decimal. */
const formatPlanned = (v: number, target: number) =>
  Number.isInteger(target) && target >= 100 ? String(Math.round(v)) : String(Math.round(v * 10) / 10);

const taskLink = (taskId: number, number: string) => <Link to={`/supervision/tasks/${taskId}`}>第 {number} 项</Link>;

/** 领导看板: the whole plan at a glance on a date. */
export function DashboardPage() {
  const [planId, setPlanId] = usePlanChoice();
  const [date, setDate] = useDateChoice();
  const dashboard = useDashboard(planId, date);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap>
          <PlanPicker value={planId} onChange={setPlanId} />
          <DatePicker
            aria-label="统计日期"
            placeholder="今天"
            value={date ? dayjs(date) : null}
            onChange={(d) => setDate(d ? d.format('YYYY-MM-DD') : null)}
          />
          {dashboard.data && <Typography.Text type="secondary">统计日期 {dashboard.data.date}</Typography.Text>}
        </Space>
      </Card>
      {planId === null ? (
        <Empty description="还没有工作要点。请先在“工作要点”中导入本年度文件。" />
      ) : dashboard.isPending ? (
        <Spin />
      ) : dashboard.isError ? (
        <Result status="warning" title={errorMessage(dashboard.error)} />
      ) : (
        <DashboardBody d={dashboard.data} />
      )}
    </Space>
  );
}

function DashboardBody({ d }: { d: TDashboard }) {
  const sectionOption = useMemo(() => buildCompletionOption(d.bySection), [d]);
  const unitOption = useMemo(() => buildCompletionOption(d.byUnit), [d]);
  const lightsOption = useMemo(() => buildLightsOption(d.lights), [d]);
  const indicatorsOption = useMemo(() => buildIndicatorsOption(d.indicators), [d]);
  // A leader's phone: the two wide tables become cards (no sideways scrolling at 390 px).
  const phone = !Grid.useBreakpoint().md;
  return (
    <>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={4}>
          <Card size="small">
            <Statistic title="任务总数" value={d.kpis.taskCount} suffix="项" />
          </Card>
        </Col>
        <Col xs={12} md={5}>
          <Card size="small">
            {/* The plan figure in the title: as a suffix it wrapped under the number at phone width. */}
            <Statistic title={`平均实际进度（计划 ${d.kpis.avgPlanned}%）`} value={d.kpis.avgActual} suffix="%" />
          </Card>
        </Col>
        <Col xs={8} md={5}>
          <Card size="small">
            <Statistic title="已完成" value={d.kpis.done} suffix="项" valueStyle={{ color: LIGHT_COLORS.blue }} />
          </Card>
        </Col>
        <Col xs={8} md={5}>
          <Card size="small">
            <Statistic title="红灯" value={d.kpis.red} suffix="项" valueStyle={{ color: LIGHT_COLORS.red }} />
          </Card>
        </Col>
        <Col xs={8} md={5}>
          <Card size="small">
            <Statistic
              title="进展逾期未报"
              value={d.kpis.reportOverdue}
              suffix="项"
              valueStyle={{ color: LIGHT_COLORS.yellow }}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card title="任务状态" size="small" data-testid="light-summary">
            <Space wrap style={{ marginBottom: 8 }}>
              {LIGHTS.map((l) => (
                <span key={l} data-testid={`light-count-${l}`}>
                  <Badge color={LIGHT_COLORS[l]} text={`${LIGHT_LABELS[l]} ${d.lights[l]} 项`} />
                </span>
              ))}
            </Space>
            <EChart option={lightsOption} height={260} />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title="各部分完成情况" size="small">
            <EChart option={sectionOption} height={Math.max(300, d.bySection.length * 44 + 60)} />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title="各牵头单位完成情况" size="small">
            <EChart option={unitOption} height={Math.max(300, d.byUnit.length * 44 + 60)} />
          </Card>
        </Col>
      </Row>
      <Card title={`逾期事项（${d.overdue.length}）`} size="small" data-testid="overdue">
        {phone ? (
          <List
            size="small"
            data-testid="overdue-cards"
            dataSource={d.overdue}
            locale={{ emptyText: '没有逾期事项' }}
            pagination={d.overdue.length > 10 ? { pageSize: 10, size: 'small' } : false}
            renderItem={(o) => (
              <List.Item>
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Space size={6} wrap>
                    <Tag color={o.kind === 'report_overdue' ? 'orange' : 'red'}>{OVERDUE_KIND_LABELS[o.kind]}</Tag>
                    {taskLink(o.taskId, o.taskNumber)}
                    <Typography.Text type="secondary">{o.leadUnits.join('、') || '—'}</Typography.Text>
                  </Space>
                  <Typography.Text>{o.detail}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        ) : (
          <Table<TOverdueItem>
            size="small"
            rowKey={(o) => `${o.kind}-${o.taskId}-${o.dueDate ?? ''}-${o.detail}`}
            dataSource={d.overdue}
            pagination={d.overdue.length > 10 ? { pageSize: 10 } : false}
            locale={{ emptyText: '没有逾期事项' }}
            columns={[
              {
                title: '类型',
                dataIndex: 'kind',
                width: 130,
                render: (k: TOverdueItem['kind']) => (
                  <Tag color={k === 'report_overdue' ? 'orange' : 'red'}>{OVERDUE_KIND_LABELS[k]}</Tag>
                ),
              },
              {
                title: '任务',
                dataIndex: 'taskNumber',
                width: 90,
                render: (_: string, o) => taskLink(o.taskId, o.taskNumber),
              },
              { title: '任务内容', dataIndex: 'taskText', ellipsis: true },
              { title: '牵头单位', dataIndex: 'leadUnits', width: 160, render: (u: string[]) => u.join('、') || '—' },
              { title: '说明', dataIndex: 'detail', width: 300 },
            ]}
          />
        )}
      </Card>
      <Card title="量化指标完成情况" size="small" data-testid="indicators">
        {d.indicators.length === 0 ? (
          <Empty description="尚未设置量化指标。牵头单位可在任务页把目标值设为指标。" />
        ) : (
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <EChart option={indicatorsOption} height={320} />
            </Col>
            <Col xs={24} lg={12}>
              <Table<TIndicatorRow>
                size="small"
                rowKey="id"
                dataSource={d.indicators}
                pagination={false}
                columns={[
                  {
                    title: '任务',
                    dataIndex: 'taskNumber',
                    width: 70,
                    render: (_: string, i) => taskLink(i.taskId, i.taskNumber),
                  },
                  { title: '指标', dataIndex: 'name' },
                  { title: '目标', dataIndex: 'targetValue', render: (v: number, i) => `${v} ${i.unit}` },
                  {
                    title: '计划',
                    dataIndex: 'plannedAtDate',
                    render: (v: number, i) => `${formatPlanned(v, i.targetValue)} ${i.unit}`,
                  },
                  {
                    title: '实际',
                    dataIndex: 'actual',
                    render: (v: number | null, i) =>
                      v === null ? <Typography.Text type="secondary">未报</Typography.Text> : `${v} ${i.unit}`,
                  },
                  {
                    title: '完成率',
                    dataIndex: 'percentOfTarget',
                    width: 80,
                    render: (v: number | null) => (v === null ? '—' : `${v}%`),
                  },
                ]}
              />
            </Col>
          </Row>
        )}
      </Card>
      <Card
        title={`本期变化（${d.changes.currentLabel}，自 ${d.changes.since} 以来）`}
        size="small"
        data-testid="changes"
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Statistic
              title={`本期审核通过的报告（${d.changes.previousLabel} ${d.changes.approvedPrevious} 份）`}
              value={d.changes.approvedCurrent}
              suffix="份"
            />
            <List
              size="small"
              dataSource={d.changes.approved.slice(0, 8)}
              locale={{ emptyText: '本期还没有审核通过的报告' }}
              renderItem={(a) => (
                <List.Item>
                  {taskLink(a.taskId, a.taskNumber)} · {a.unitName} · 进度 {a.percent ?? '—'}% ·{' '}
                  {formatDateTime(a.decidedAt).slice(5, 10)}
                </List.Item>
              )}
            />
          </Col>
          <Col xs={24} md={16}>
            <Typography.Text strong>状态灯变化（{d.changes.lightChanges.length}）</Typography.Text>
            <List
              size="small"
              dataSource={d.changes.lightChanges}
              locale={{ emptyText: '与上期相比没有任务变灯' }}
              renderItem={(c) => (
                <List.Item>
                  <Space wrap>
                    {taskLink(c.taskId, c.taskNumber)}
                    <LightTag light={c.from} />
                    <ArrowRightOutlined />
                    <LightTag light={c.to} />
                    <Typography.Text type="secondary">{c.reasons.join('；')}</Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Col>
        </Row>
      </Card>
      <Card title="全部任务状态" size="small" data-testid="task-lights">
        {phone ? (
          <List
            size="small"
            data-testid="task-light-cards"
            dataSource={d.tasks}
            renderItem={(t) => (
              <List.Item data-testid={`task-light-${t.number}`}>
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Space size={6} wrap>
                    {taskLink(t.taskId, t.number)}
                    <LightTag light={t.light} />
                    <Typography.Text type="secondary">
                      {t.leadUnits.join('、') || '—'} · 计划 {t.planned}% / 实际 {t.actual}%
                    </Typography.Text>
                  </Space>
                  <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                    {t.text}
                  </Typography.Paragraph>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t.reasons.join('；')}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        ) : (
          <Table<TTaskLight>
            size="small"
            rowKey="taskId"
            dataSource={d.tasks}
            pagination={false}
            onRow={(t) => ({ 'data-testid': `task-light-${t.number}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: '序号', dataIndex: 'number', width: 70, render: (_: string, t) => taskLink(t.taskId, t.number) },
              { title: '部分', dataIndex: 'sectionLabel', width: 140, ellipsis: true },
              { title: '任务内容', dataIndex: 'text', ellipsis: true },
              { title: '牵头单位', dataIndex: 'leadUnits', width: 150, render: (u: string[]) => u.join('、') || '—' },
              { title: '状态', dataIndex: 'light', width: 90, render: (l: TLight) => <LightTag light={l} /> },
              { title: '计划/实际', width: 110, render: (_: unknown, t) => `${t.planned}% / ${t.actual}%` },
              { title: '说明', dataIndex: 'reasons', width: 280, render: (r: string[]) => r.join('；') },
            ]}
          />
        )}
      </Card>
    </>
  );
}
