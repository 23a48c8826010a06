import { useMemo, useState } from 'react';
import { Card, Empty, Radio, Result, Space, Spin, Typography } from 'antd';
import { LIGHT_COLORS, LIGHT_LABELS, LIGHTS, type TGantt, type TGanttGroupBy } from '../../../shared/dashboard.ts';
import { errorMessage } from '../../api/client.ts';
import { EChart } from '../../ui/EChart.tsx';
import { useGantt } from './api.ts';
import { buildGanttOption, ganttHeight } from './gantt-options.ts';
import { PlanPicker, useDateChoice, usePlanChoice } from './PlanPicker.tsx';

/** 甘特图: every task of the plan from its start (own start date, else the plan's issue date) to its deadline, grouped by section or lead unit. */
export function GanttPage() {
  const [planId, setPlanId] = usePlanChoice();
  const [groupBy, setGroupBy] = useState<TGanttGroupBy>('section');
  const [date] = useDateChoice();
  const gantt = useGantt(planId, groupBy, date);
  return (
    <Card
      title="甘特图"
      extra={
        <Space wrap>
          <PlanPicker value={planId} onChange={setPlanId} />
          <Radio.Group
            aria-label="分组方式"
            optionType="button"
            value={groupBy}
            onChange={(e) => setGroupBy(e.target.value as TGanttGroupBy)}
            options={[
              { value: 'section', label: '按部分' },
              { value: 'unit', label: '按牵头单位' },
            ]}
          />
        </Space>
      }
    >
      {planId === null ? (
        <Empty description="还没有工作要点。请先在“工作要点”中导入本年度文件。" />
      ) : gantt.isPending ? (
        <Spin />
      ) : gantt.isError ? (
        <Result status="warning" title={errorMessage(gantt.error)} />
      ) : (
        <GanttChart gantt={gantt.data} />
      )}
    </Card>
  );
}

function GanttChart({ gantt }: { gantt: TGantt }) {
  const option = useMemo(() => buildGanttOption(gantt), [gantt]);
  const count = gantt.groups.reduce((n, g) => n + g.rows.length, 0);
  if (count === 0) return <Empty description="没有可显示的任务（单位用户只看到本单位牵头或配合的任务）。" />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap size={16} data-testid="gantt-legend">
        {LIGHTS.map((l) => (
          <span key={l}>
            <span
              style={{
                display: 'inline-block',
                width: 12,
                height: 12,
                borderRadius: 2,
                background: LIGHT_COLORS[l],
                marginRight: 4,
                verticalAlign: -1,
              }}
            />
            {LIGHT_LABELS[l]}
          </span>
        ))}
        <span>◆ 节点（绿：已完成，红：逾期，灰：未到期）</span>
        <span style={{ color: LIGHT_COLORS.red }}>┆ 今天 {gantt.today}</span>
        <Typography.Text type="secondary">共 {count} 项任务；条形深色部分为已审核的完成进度</Typography.Text>
      </Space>
      <EChart option={option} height={ganttHeight(gantt)} testId="gantt-chart" />
    </Space>
  );
}
