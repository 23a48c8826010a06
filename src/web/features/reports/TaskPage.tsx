import { useState } from 'react';
import {
  App,
  Card,
  Col,
  Descriptions,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Switch,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import { CompilationProgressCard } from '../compilation/CompilationProgressCard.tsx';
import { CYCLE_LABELS } from '../../../shared/supervision.ts';
import { errorMessage } from '../../api/client.ts';
import { hasPermission, useMe } from '../../auth/use-me.ts';
import { useSetContinuous, useTaskView } from './api.ts';
import { IndicatorsCard } from './IndicatorsCard.tsx';
import { MilestonesCard } from './MilestonesCard.tsx';
import { ReportForm } from './ReportForm.tsx';
import { ReportsOfPeriod } from './ReportsOfPeriod.tsx';
import { TaskLight } from './TaskLight.tsx';
import { ExtensionRequestButton } from '../supervision/ExtensionRequestButton.tsx';
import { TaskLoopCard } from '../supervision/TaskLoopCard.tsx';
import { TaskStartDate } from '../supervision/TaskStartDate.tsx';

const EVENT_COLOR: Record<string, string> = {
  report_submitted: 'blue',
  report_resubmitted: 'blue',
  report_approved: 'green',
  report_returned: 'red',
  milestone_reached: 'green',
  acknowledged: 'green',
  instruction: 'magenta',
  instruction_answered: 'green',
  closure_requested: 'blue',
  closure_returned: 'red',
  closed: 'green',
};

/** 任务页: the task's header with its light, its roadmap, the report of the chosen period, and its timeline. */
export function TaskPage() {
  const { message } = App.useApp();
  const id = Number(useParams().id);
  const [search, setSearch] = useSearchParams();
  const view = useTaskView(id);
  const me = useMe();
  const setContinuous = useSetContinuous(id);
  const [chosen, setChosen] = useState<string | null>(search.get('period'));
  if (view.isPending) return <Spin />;
  if (view.isError) return <Result status="warning" title={errorMessage(view.error)} />;
  const v = view.data;
  const open = v.periods.filter((p) => v.currentPeriod === null || p.period <= v.currentPeriod);
  const period = chosen ?? v.currentPeriod ?? v.periods[0]?.period ?? '';
  const myUnitId = me.data?.unitId ?? null;
  const mine = v.reports.find((r) => r.period === period && r.unitId === myUnitId);
  const lead = v.units.filter((u) => u.role === 'lead');
  const support = v.units.filter((u) => u.role === 'support');

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        data-testid="task-header"
        title={
          <Space>
            <span>第 {v.task.number} 项任务</span>
            <TaskLight health={v.health} />
          </Space>
        }
        extra={
          <Space>
            {v.permissions.fileAs === 'lead' && !v.task.closedAt && (
              <ExtensionRequestButton taskId={v.task.id} taskNumber={v.task.number} deadline={v.task.deadline} />
            )}
            <Link to={`/plans/${v.task.planId}`}>{v.task.planTitle}</Link>
          </Space>
        }
      >
        <Typography.Paragraph style={{ fontSize: 15 }}>{v.task.text}</Typography.Paragraph>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label="部分">{v.task.sectionTitle}</Descriptions.Item>
          <Descriptions.Item label="牵头单位">
            {lead.map((u) => (
              <Tag key={u.name} color="blue">
                {u.unitName ?? u.name}
              </Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label="配合单位">
            {support.length ? support.map((u) => <Tag key={u.name}>{u.unitName ?? u.name}</Tag>) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="完成时限">
            {v.task.isContinuous
              ? '全年持续'
              : `${v.task.deadline}${v.task.deadlineText ? `（${v.task.deadlineText}）` : ''}`}
          </Descriptions.Item>
          <Descriptions.Item label="量化指标">
            {v.targets.map((t) => (
              <Tag key={t.id} color="geekblue">
                {t.text}
              </Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label="开始日期">
            <TaskStartDate
              taskId={v.task.id}
              year={v.task.planYear}
              startDate={v.task.startDate}
              plannedFrom={v.task.plannedFrom}
              editable={hasPermission(me.data, 'task.schedule') && !v.task.closedAt}
            />
          </Descriptions.Item>
          <Descriptions.Item label="进度">
            计划 {v.health?.planned ?? 0}% · 实际 {v.health?.actual ?? 0}%
          </Descriptions.Item>
          <Descriptions.Item label="填报周期">
            {CYCLE_LABELS[v.settings.cycle]}，每期 {v.settings.dueDay} 日前报送
          </Descriptions.Item>
          <Descriptions.Item label="全年持续">
            <Switch
              size="small"
              checked={v.task.isContinuous}
              disabled={!v.permissions.editRoadmap}
              loading={setContinuous.isPending}
              onChange={(on) => setContinuous.mutateAsync(on).catch((e: unknown) => message.error(errorMessage(e)))}
            />
          </Descriptions.Item>
          {v.task.closedAt && <Descriptions.Item label="办结">{v.task.closedAt.slice(0, 10)}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <MilestonesCard view={v} />
            <IndicatorsCard view={v} />
            <CompilationProgressCard taskId={v.task.id} />
            <Card
              size="small"
              title="进展填报"
              data-testid="report-card"
              extra={
                <Select
                  aria-label="填报周期"
                  data-testid="period-select"
                  // Never wider than the card on a phone.
                  style={{ width: 260, maxWidth: 'calc(100vw - 210px)' }}
                  value={period}
                  options={open.map((p) => ({ value: p.period, label: `${p.label}（${p.dueDate} 前）` }))}
                  onChange={(p: string) => {
                    setChosen(p);
                    setSearch({ period: p }, { replace: true });
                  }}
                />
              }
            >
              {v.permissions.fileAs && !v.task.closedAt && period && (
                <ReportForm
                  key={`${period}-${mine?.id ?? 'new'}`}
                  view={v}
                  period={period}
                  report={mine}
                  role={v.permissions.fileAs}
                />
              )}
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                本期各单位报告
              </Typography.Title>
              <ReportsOfPeriod
                view={v}
                reports={v.reports.filter((r) => r.period === period)}
                myUnitId={myUnitId}
                isSupervisor={!!me.data?.roles.includes('supervisor')}
              />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <TaskLoopCard taskId={v.task.id} planId={v.task.planId} closed={!!v.task.closedAt} myUnitId={myUnitId} />
          <Card size="small" title="任务时间线" data-testid="task-timeline" style={{ marginTop: 16 }}>
            {v.events.length === 0 ? (
              <Typography.Text type="secondary">暂无记录</Typography.Text>
            ) : (
              <Timeline
                items={[...v.events].reverse().map((e) => ({
                  color: EVENT_COLOR[e.kind] ?? 'gray',
                  children: (
                    <div>
                      <div>{e.summary}</div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {e.actorName} · {e.occurredAt.slice(0, 16).replace('T', ' ')}
                      </Typography.Text>
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
